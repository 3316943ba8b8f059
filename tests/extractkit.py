"""Shared by the extraction tests: the one event a one-line report gives."""
from __future__ import annotations

import rasad
from rasad.model import Event


def only(text: str, published: str) -> Event:
    """The single event `text` gives (the test fails, naming what it got, when it gives another count)."""
    evs = rasad.extract(text, published=published)
    assert len(evs) == 1, [(e.sub_event_type, e.location) for e in evs]
    return evs[0]
