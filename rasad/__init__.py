"""Rasad: Arabic news in, ACLED-style conflict event records out."""
from rasad.model import Article, Event

__version__ = "0.1.0"


def extract(text: str, published=None, article_id: str = "text", title=None) -> list[Event]:
    """Events reported in an Arabic text, dates resolved against `published`."""
    from rasad.pipeline import extract as _extract

    return _extract(text, published, article_id, title)


__all__ = ["Article", "Event", "extract", "__version__"]
