"""Sentence splitting for Arabic news: lines, full stops, and the quotes that hold them.

A full stop inside «…» or “…” does not end the sentence unless the quote runs on past
400 characters (an unbalanced quote must not swallow an article). «1.7» and «د.» do not
end a sentence either.

A run of text with no full stop and no line break (a Telegram export run together, OCR output,
a page whose markup was lost) is read in pieces of at most `MAX_SENTENCE_CHARS`, cut at a space
before a word opening with «و» where one stands in the last quarter of the piece, else at the last
space: every later stage then works on sentences of bounded length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = {"«": "»", "“": "”", "(": ")"}
_ENDERS = ".!?؟…"
# Longer than any sentence of the news and channel corpora (the longest of 93,000: 1,311 characters).
MAX_SENTENCE_CHARS = 1500
# One-letter abbreviations: «د.» (doctor), «م.» (engineer), «أ.» and Latin initials.
_ABBREV = re.compile(r"(?:^|\s)(?:[\u0621-\u064a]|[a-z])\.$")


@dataclass(frozen=True)
class Sentence:
    """A sentence as [start, end) offsets in the (normalised) text."""

    start: int
    end: int
    paragraph: int


# A channel post breaks one sentence over lines: «... بتاريخ\n17-05-2026\nعلى تموضعات ...».
_CONT_END = re.compile(r"(?:^|\s)(?:بتاريخ|في|علي|من|الي|عن|و|ب|ضد|بين|مع|صباح|مساء|يوم)\s*$")
_CONT_START = re.compile(r"^\s*(?:علي|في|من|الي|عن|ضد|بين|[\d/-]+\s*$)")
_BARE_DATE = re.compile(r"^\s*[\d/.-]+\s*$")  # «بتاريخ\n03-06-2026\nهامر عسكري ...»: a date line runs on
# «مشاهد من عمليه استهداف ... بتاريخ 31-05-2026\nدبابه ميركافا ... بمحلقه\nابابيل الانقضاضيه.»: a heading that
# ends on its date runs on into its target, and a line of one or two words finishes the line before it
_DATE_END = re.compile(r"(?:بتاريخ\s*[\d/.-]+|عمليه استهداف(?: المقاومه الاسلاميه)?)\s*$")
_SHORT_TAIL = re.compile(r"^\s*[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?\s*[.!]?\s*$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text: a line break ends one (unless the line plainly runs on), and so
    does .!?؟ outside quotes."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    lines = text.split("\n")
    start = None
    for k, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if start is None:
            start = line_start
        if not line.strip():
            start = None
            para += 1
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if nxt.strip() and line.rstrip()[-1:] not in ".!?؟:" and (
                _CONT_END.search(line) or _CONT_START.match(nxt) or _BARE_DATE.match(line)
                or _DATE_END.search(line) or _SHORT_TAIL.match(nxt)):
            continue  # the sentence goes on on the next line
        _split_line(text, start, line_start + len(line), para, out)
        start = None
        para += 1
    return out


# the only characters the splitter decides on; it jumps from one to the next
_INTERESTING = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values()) + '"' + _ENDERS) + "]")


def _split_line(text: str, start: int, end: int, para: int, out: list[Sentence]) -> None:
    s = start
    stack: list[tuple[str, int]] = []
    pos = start
    while True:
        m = _INTERESTING.search(text, pos, end)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if stack and i - stack[-1][1] > 400:
            stack.clear()  # an opening mark never closed: forget it
        if ch in _OPEN:
            stack.append((_OPEN[ch], i))
        elif stack and ch == stack[-1][0]:
            stack.pop()
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                stack.pop()
            else:
                stack.append(('"', i))
        if stack and i - stack[-1][1] > 400:
            stack.clear()
        if ch in _ENDERS and not stack:
            nxt = text[i + 1] if i + 1 < end else " "
            prev = text[i - 1] if i > start else " "
            if ch == "." and (prev.isdigit() and nxt.isdigit()):
                pos = i + 1
                continue
            if ch == "." and _ABBREV.search(text[max(start, i - 3):i + 1]):
                pos = i + 1
                continue
            if nxt.isspace() or nxt in "\"»”)" or i + 1 >= end:
                j = i + 1
                while j < end and text[j] in _ENDERS + "\"»”)":
                    j += 1
                _emit(text, s, j, para, out)
                s = j
                pos = j
                continue
        pos = i + 1
    _emit(text, s, end, para, out)


def _emit(text: str, s: int, e: int, para: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while e - s > MAX_SENTENCE_CHARS:
        cut = _cut(text, s, s + MAX_SENTENCE_CHARS)
        _emit(text, s, cut, para, out)
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append(Sentence(s, e, para))


def _cut(text: str, s: int, limit: int) -> int:
    """Where to end an over-long run read from `s`: before a «و» word late in it, else at the last space."""
    late = s + (limit - s) * 3 // 4
    i = text.rfind(" و", late, limit)
    if i < 0:
        i = text.rfind(" ", s + 1, limit)
    return i if i > s else limit
