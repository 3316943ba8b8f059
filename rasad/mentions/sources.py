"""The attributed source of a report: «افادت خليه الاعلام الامني», «بحسب مصادر محليه», «X:»."""
from __future__ import annotations

import re
from typing import Optional

from rasad.mentions.matcher import Hit

# A Telegram post often opens with its source and a colon: «القياده المركزيه الامريكيه:».
_HEADER = re.compile(r"^\W*([^\n:]{3,60}):")


def _first_from(hits: list[Hit], pos: int) -> int:
    lo, hi = 0, len(hits)
    while lo < hi:
        mid = (lo + hi) // 2
        if hits[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def attributed_source(original: str, norm_text: str, hits: list[Hit], sent_start: int, sent_end: int,
                      to_original, all_named: bool = False) -> Optional[str]:
    """The named source the sentence (or else the post's header) attributes the report to."""
    named = hits if all_named else [h for h in hits if h.category == "source" and h.label == "named"]
    i = _first_from(named, sent_start)
    in_sent = named[i] if i < len(named) and named[i].start < sent_end else None
    pick = in_sent if in_sent is not None else (named[0] if named and named[0].start < 300 else None)
    if pick is not None:
        s, e = to_original(pick.start, pick.end)
        return original[s:e].strip()
    m = _HEADER.match(norm_text)
    if m and len(m.group(1).split()) <= 6:
        s, e = to_original(m.start(1), m.end(1))
        return original[s:e].strip()
    return None
