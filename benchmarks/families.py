"""Input families for the scaling benchmark and the scaling fuzz target: texts of any length
built from words of the shared corpus (read at run time, never stored) or, where it is absent,
from the generated Arabic of benchmarks/corpus.py.

* `news`      — real articles one after another, with their punctuation and paragraphs;
* `nopunct`   — the same words run together with single spaces: one sentence, no line break
                (a Telegram export or OCR output whose punctuation was lost);
* `mentions`  — every word a place name or an event trigger of the bundled lexicons, no punctuation;
* `events`    — an article of event sentences (the generator's templates), paragraphs of three to five.
"""
from __future__ import annotations

import json
import random
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus as gen  # noqa: E402  (benchmarks/corpus.py)

SHARED_NEWS = ROOT.parent / "shared" / "corpus" / "news" / "ant2018.jsonl"
if not SHARED_NEWS.exists():  # a worktree of the repository: the corpus beside the main checkout
    SHARED_NEWS = Path("/work/shared/corpus/news/ant2018.jsonl")

_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0670-\u06d3]+")


@lru_cache(maxsize=1)
def corpus_texts() -> tuple[str, ...]:
    """Texts of the shared news corpus, or generated articles when it is not there."""
    if SHARED_NEWS.exists():
        with SHARED_NEWS.open(encoding="utf-8") as fh:
            return tuple(t for t in (json.loads(line).get("text") or "" for line in fh if line.strip()) if t)
    return tuple(a["text"] for a in gen.generate(2000, seed=5))


@lru_cache(maxsize=1)
def corpus_words() -> tuple[str, ...]:
    """Every Arabic word of the corpus texts, in order."""
    return tuple(w for t in corpus_texts() for w in _ARABIC_WORD.findall(t))


@lru_cache(maxsize=1)
def mention_words() -> tuple[str, ...]:
    """Place names (admin1 units, Iraqi districts, hand-listed places) and trigger forms, one word each."""
    import yaml

    data = ROOT / "rasad" / "data"
    out: list[str] = []
    for name in ("admin1.tsv", "iraq_admin.tsv", "places.tsv"):
        for line in (data / "gazetteer" / name).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if line.startswith("#") or len(cols) < 3 or cols[0] == "id":
                continue
            out.extend(n for n in cols[2].split("|") if n and " " not in n)
    raw = yaml.safe_load((data / "lexicons" / "triggers.yaml").read_text(encoding="utf-8"))
    for entry in raw["entries"]:
        out.extend(str(f).rstrip("*") for f in entry["forms"] if " " not in str(f))
    return tuple(sorted(set(out)))


def _take(rng: random.Random, pieces: Callable[[], str], sep: str, chars: int) -> str:
    out: list[str] = []
    n = 0
    while n < chars:
        p = pieces()
        out.append(p)
        n += len(p) + len(sep)
    return sep.join(out)[:chars].rsplit(" ", 1)[0] if n > chars else sep.join(out)


def news(chars: int, seed: int = 1) -> str:
    """Real articles, one after another, about `chars` characters."""
    rng = random.Random(seed)
    texts = corpus_texts()
    return _take(rng, lambda: rng.choice(texts), "\n\n", chars)


def nopunct(chars: int, seed: int = 1) -> str:
    """A contiguous run of corpus words joined by spaces: no punctuation, no line break."""
    rng = random.Random(seed)
    ws = corpus_words()
    i = rng.randrange(max(1, len(ws) // 2))

    def nxt() -> str:
        nonlocal i
        i = (i + 1) % len(ws)
        return ws[i]
    return _take(rng, nxt, " ", chars)


def mentions(chars: int, seed: int = 1) -> str:
    """Every word a place name or a trigger, no punctuation."""
    rng = random.Random(seed)
    ws = mention_words()
    return _take(rng, lambda: rng.choice(ws), " ", chars)


def events(chars: int, seed: int = 1) -> str:
    """An article of event reports: paragraphs of three to five event sentences."""
    rng = random.Random(seed)
    from datetime import date

    w = gen._Writer(rng, date(2024, 3, 11))

    def para() -> str:
        return " ".join(w.fill(rng.choice(gen.EVENTS)) for _ in range(rng.randint(3, 5)))
    return _take(rng, para, "\n\n", chars)


FAMILIES: dict[str, Callable[[int, int], str]] = {
    "news": news, "nopunct": nopunct, "mentions": mentions, "events": events,
}
