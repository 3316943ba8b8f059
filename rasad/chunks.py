"""The per-document budget: where a very long text is cut into chunks, and the size past which a
document is not read at all.

No news report comes near `CHUNK_CHARS` (the longest of the 13,000 corpus texts has 21,000
characters), so a real article is always read whole. Past it (a month of channel posts pasted as
one text, a book, a page of data), the text is read chunk by chunk: each chunk ends where a
sentence starts — a paragraph's first sentence if one stands in the chunk's second half, else any
sentence — as the sentence splitter sees it over the chunk and `LOOKAHEAD` characters more. So no
sentence is cut and every sentence, with its events, is read by exactly one chunk. What a chunk
does not see is the article around it: a place or a day named only in an earlier chunk does not
carry over, and one event told in two chunks is two records (the cross-outlet dedupe may join them).

A text (or chunk) with more candidate events than `MAX_DECIDED_PROPOSALS` — a dozen times the most
any corpus text has (24) — is no news report but a list or a generated page: the rules alone
decide it (the trained layer costs a few milliseconds per candidate), and a warning says so.

Past `MAX_DOCUMENT_CHARS` the document is skipped: `DocumentTooLarge` names it and why, and the
readers' callers count it as failed, with the reason (never a silent drop).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

from rasad.model import Event, Span
from rasad.text.normalize import normalize
from rasad.text.sentences import MAX_SENTENCE_CHARS, split_sentences

CHUNK_CHARS = 50_000  # a text longer than this is read in chunks of at most this many characters
LOOKAHEAD = 2 * MAX_SENTENCE_CHARS  # read past a chunk's end to see where its last sentence ends
MAX_DOCUMENT_CHARS = 2_000_000  # a text longer than this is skipped (about 20 s of one core)
MAX_DECIDED_PROPOSALS = 300  # past this many candidate events in one text or chunk, the rules alone decide


class DocumentTooLarge(ValueError):
    """A document past `MAX_DOCUMENT_CHARS`: skipped, with its size and the limit."""


def chunk_bounds(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """[start, end) of the chunks a text is read in (`size`: `CHUNK_CHARS`): the whole text when it
    is not longer than that."""
    size = size or CHUNK_CHARS
    out: list[tuple[int, int]] = []
    a, n = 0, len(text)
    while n - a > size:
        b = a + _cut(text[a:min(n, a + size + LOOKAHEAD)], size)
        out.append((a, b))
        a = b
    out.append((a, n))
    return out


def _cut(window: str, size: int) -> int:
    """Where the chunk that opens `window` ends: a sentence's start in (size/2, size], a
    paragraph's first sentence preferred; else the last space (a text with no sentence at all)."""
    norm = normalize(window)
    starts: list[tuple[bool, int]] = []
    prev_para = None
    for s in split_sentences(norm.text):
        at = norm.span(s.start, s.end)[0]
        if size // 2 < at <= size:
            starts.append((s.paragraph != prev_para, at))
        prev_para = s.paragraph
    if starts:
        return max(starts)[1]  # the last paragraph start, else the last sentence start
    space = window.rfind(" ", size // 2, size)
    return space + 1 if space > 0 else size


def shifted(ev: Event, offset: int) -> Event:
    """An event found in a chunk starting at `offset`, with its spans and id in the whole text's terms."""
    if offset == 0:
        return ev

    def move(sp: Span | None) -> Span | None:
        return None if sp is None else Span(sp.start + offset, sp.end + offset, sp.text)
    return replace(
        ev,
        trigger=move(ev.trigger),
        evidence=[move(sp) for sp in ev.evidence],
        provenance=[replace(p, span=move(p.span)) for p in ev.provenance],
        event_id=hashlib.sha1(f"{ev.event_id}@{offset}".encode("utf-8")).hexdigest()[:16],
    )
