"""The event stage's cue lists and patterns, read from data/lexicons/patterns.yaml."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def _data() -> dict:
    ref = resources.files("rasad") / "data" / "lexicons" / "patterns.yaml"
    return yaml.safe_load(ref.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern:
    """The compiled pattern `name` («modality.counted»)."""
    return re.compile(_data()["patterns"][name]["regex"])


def words(name: str) -> tuple[str, ...]:
    """The word list `name` («modality.intent»), in file order."""
    return tuple(_data()["words"][name]["words"])
