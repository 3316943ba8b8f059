"""The attributed source of a report: «افادت خليه الاعلام الامني», «بحسب مصادر محليه», «X:»."""
from __future__ import annotations

import re
from typing import Optional

from rasad.mentions.matcher import Hit

# A Telegram post often opens with its source and a colon: «القياده المركزيه الامريكيه:».
_HEADER = re.compile(r"^\W*([^\n:]{3,60}):")


def attributed_source(original: str, norm_text: str, hits: list[Hit], sent_start: int, sent_end: int,
                      to_original) -> Optional[str]:
    """The named source the sentence (or else the post's header) attributes the report to."""
    named = [h for h in hits if h.category == "source" and h.label == "named"]
    in_sent = [h for h in named if sent_start <= h.start < sent_end]
    pick = in_sent[0] if in_sent else (named[0] if named and named[0].start < 300 else None)
    if pick is not None:
        s, e = to_original(pick.start, pick.end)
        return original[s:e].strip()
    m = _HEADER.match(norm_text)
    if m and len(m.group(1).split()) <= 6:
        s, e = to_original(m.start(1), m.end(1))
        return original[s:e].strip()
    return None
