"""Sentence splitting for Arabic news: lines, full stops, and the quotes that hold them.

A full stop inside «…» or “…” does not end the sentence unless the quote runs on past
400 characters (an unbalanced quote must not swallow an article). «1.7» and «د.» do not
end a sentence either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = {"«": "»", "“": "”", "(": ")"}
_ENDERS = ".!?؟…"
# One-letter abbreviations: «د.» (doctor), «م.» (engineer), «أ.» and Latin initials.
_ABBREV = re.compile(r"(?:^|\s)(?:[\u0621-\u064a]|[a-z])\.$")


@dataclass(frozen=True)
class Sentence:
    """A sentence as [start, end) offsets in the (normalised) text."""

    start: int
    end: int
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text: every line break ends one, and so does .!?؟ outside quotes."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            para += 1
            continue
        _split_line(text, line_start, line_start + len(line), para, out)
        para += 1
    return out


def _split_line(text: str, start: int, end: int, para: int, out: list[Sentence]) -> None:
    s = start
    stack: list[tuple[str, int]] = []
    i = start
    while i < end:
        ch = text[i]
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
                i += 1
                continue
            if ch == "." and _ABBREV.search(text[max(start, i - 3):i + 1]):
                i += 1
                continue
            if nxt.isspace() or nxt in "\"»”)" or i + 1 >= end:
                j = i + 1
                while j < end and text[j] in _ENDERS + "\"»”)":
                    j += 1
                _emit(text, s, j, para, out)
                s = j
                i = j
                continue
        i += 1
    _emit(text, s, end, para, out)


def _emit(text: str, s: int, e: int, para: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, para))
