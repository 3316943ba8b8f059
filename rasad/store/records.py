"""The store's record of an event, apart from the database code: `rasad extract` writes it without
importing SQLAlchemy."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from rasad.model import Event


@dataclass
class StoredEvent:
    """An event as the store keeps it: the merged record (reviewer's edits applied) and its review state."""

    event: Event
    review_state: str = "pending"
    reviewed_by: Optional[str] = None
    reviewed_at: Optional[str] = None
    n_sources: int = 1
    overrides: dict[str, Any] = field(default_factory=dict)
    updated_at: Optional[str] = None
