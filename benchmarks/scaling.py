"""Time against text length, 1 KB to 1 MB, per input family (issue 17).

    .venv/bin/python benchmarks/scaling.py                 # the table (a few minutes)
    .venv/bin/python benchmarks/scaling.py --quick         # 1 KB–64 KB, one run each
    .venv/bin/python benchmarks/scaling.py --families nopunct --max-kb 256 --runs 3

Each cell is the median CPU time (`time.process_time`: other processes on a shared machine
barely change it) of `rasad.extract` on one text of that size, published 2024-03-11. The
families are in benchmarks/families.py. The last column is the growth exponent: the slope of
log(time) against log(length) fitted over the sizes from 16 KB up (below that the fixed cost
of an article hides the growth); 1.0 is linear, 2.0 quadratic. A family whose run takes longer
than --max-seconds is not measured at larger sizes (the cell shows «—»).

A last line times the issue's case: 40,000 corpus words without punctuation.

`--no-chunks` reads every text whole (rasad.chunks.CHUNK_CHARS raised to the hard limit) and lets
the trained layer decide however many candidates a text has (MAX_DECIDED_PROPOSALS off): the growth
of the stages themselves, without the per-document budget.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import families  # noqa: E402  (benchmarks/families.py)

import rasad  # noqa: E402

SIZES_KB = (1, 4, 16, 64, 256, 1024)
FIT_FROM_KB = 16
PUBLISHED = "2024-03-11"


def cpu_time(text: str, runs: int) -> tuple[float, int]:
    """Median CPU seconds of `rasad.extract` on `text` over `runs` runs, and the events found."""
    times = []
    n = 0
    for _ in range(runs):
        t0 = time.process_time()
        n = len(rasad.extract(text, published=PUBLISHED))
        times.append(time.process_time() - t0)
    return statistics.median(times), n


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(max(y, 1e-6)) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--families", nargs="*", default=list(families.FAMILIES), choices=list(families.FAMILIES))
    ap.add_argument("--max-kb", type=int, default=1024, help="largest size in KB (default 1024)")
    ap.add_argument("--runs", type=int, default=3, help="runs per cell below 256 KB (default 3; one above)")
    ap.add_argument("--max-seconds", type=float, default=120.0, help="stop a family after a run this long")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="1–64 KB, one run per cell")
    ap.add_argument("--no-chunks", action="store_true", help="read every text whole (no chunking)")
    a = ap.parse_args(argv)
    if a.no_chunks:
        from rasad import chunks

        chunks.CHUNK_CHARS = chunks.MAX_DOCUMENT_CHARS
        chunks.MAX_DECIDED_PROPOSALS = 10**9  # the trained layer on every text, however dense
    if a.quick:
        a.max_kb, a.runs = 64, 1
    sizes = [k for k in SIZES_KB if k <= a.max_kb]
    rasad.extract("انفجرت عبوة ناسفة في بغداد امس", published=PUBLISHED)  # tables loaded before timing
    src = "the shared corpus" if families.SHARED_NEWS.exists() else "generated articles (no shared corpus)"
    print(f"Scaling: CPU seconds of rasad.extract (median of {a.runs} runs below 256 KB, 1 above); words from {src}"
          + ("; chunking off" if a.no_chunks else ""))
    head = f"{'family':<10}" + "".join(f"{str(k) + ' KB':>10}" for k in sizes) + f"{'events@max':>12}{'exponent':>10}"
    print(head)
    worst = 0.0
    for name in a.families:
        make = families.FAMILIES[name]
        cells, points, last_n, stopped = [], [], 0, False
        for k in sizes:
            if stopped:
                cells.append(f"{'—':>10}")
                continue
            text = make(k * 1024, a.seed)
            sec, last_n = cpu_time(text, a.runs if k < 256 else 1)
            cells.append(f"{sec:>10.3f}")
            if k >= FIT_FROM_KB:
                points.append((len(text), sec))
            stopped = sec > a.max_seconds
            print(f"  {name} {k} KB: {sec:.3f} s, {last_n} events", file=sys.stderr, flush=True)
        exp = slope(points) if len(points) >= 2 else float("nan")
        worst = max(worst, exp) if not math.isnan(exp) else worst
        print(f"{name:<10}" + "".join(cells) + f"{last_n:>12}{exp:>10.2f}", flush=True)
    words = families.corpus_words()
    text = " ".join(words[i % len(words)] for i in range(1000, 41000))
    sec, n = cpu_time(text, 1)
    print(f"40,000 words without punctuation ({len(text):,} characters): {sec:.2f} s CPU, {n} events")
    print(f"largest exponent: {worst:.2f} (target ≤ 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
