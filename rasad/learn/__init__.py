"""The trained layer: coded corpus, features, models, training. The rules find spans; these decide."""
