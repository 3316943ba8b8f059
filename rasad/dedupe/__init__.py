"""Cross-article deduplication: many reports of one event become one record with many sources."""
from rasad.dedupe.cluster import (DedupeConfig, assign, cluster_events, default_config, load_config,
                                  match_score, merge_cluster)

__all__ = ["DedupeConfig", "assign", "cluster_events", "default_config", "load_config", "match_score",
           "merge_cluster"]
