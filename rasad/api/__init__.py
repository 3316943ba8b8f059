"""The HTTP API over the event store (`rasad serve`): rasad.api.app.create_app."""
