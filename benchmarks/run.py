"""Extraction speed and memory: `make bench` (or `python benchmarks/run.py`).

Measures, on a generated corpus of Arabic news-like articles (benchmarks/corpus.py; 5,000
articles of mixed length, a quarter of them channel posts, ~30 % with events):

* throughput of `extract_article` on one core (articles/s, words/s), median of --runs runs,
  and on the next line the same figures for a lower bound run over the same file in the same
  process: reading + `normalize` + `split_sentences` only. The ratio is how much slower the
  extractor is than merely reading and segmenting the text;
* peak memory (VmHWM, the resident-set high-water mark) of a fresh process that streams the
  corpus through the extractor, and of one that only loads the lexicons and gazetteer;
* start-up: wall time of `rasad --help` and of `rasad extract` on a one-article file
  (median of 5);
* scaling with workers 1 → 2 through `rasad.parallel.extract_parallel` (and that the
  output is identical);
* how time grows with article length (fixed-length corpora) and with corpus size;
* the same throughput lines for real corpora given with --corpus (by default the shared
  ANT and Telegram corpora when they are present beside the repository).

Options: --quick for a fast smoke run; --json FILE to keep the figures.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus as gen  # noqa: E402  (benchmarks/corpus.py)

from rasad.ingest import ReadStats, read_jsonl  # noqa: E402
from rasad.model import Article  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_REAL = [SHARED / "news" / "ant2018.jsonl", SHARED / "telegram" / "naya_foriraq.jsonl"]

TARGET_RATE_600 = 300.0  # articles/s on one core for ~600-word articles
TARGET_MEM_MB = 300.0
TARGET_STARTUP_S = 1.0

# -- what is timed -------------------------------------------------------------------------


def run_extract(path: Path) -> tuple[int, int, int, int]:
    """Read and extract every article of a JSON Lines file: (articles, words, events, articles with events)."""
    from rasad.pipeline import extract_article

    n = words = events = with_events = 0
    for art in read_jsonl(path, ReadStats(report=lambda m: None)):
        k = len(extract_article(art))
        events += k
        with_events += k > 0
        words += len(art.text.split())
        n += 1
    return n, words, events, with_events


def run_lower_bound(path: Path) -> tuple[int, int, int]:
    """Read, normalise and split into sentences only: the floor any extractor pays."""
    from rasad.text.normalize import normalize
    from rasad.text.sentences import split_sentences

    n = words = sents = 0
    for art in read_jsonl(path, ReadStats(report=lambda m: None)):
        sents += len(split_sentences(normalize(art.text).text))
        words += len(art.text.split())
        n += 1
    return n, words, sents


def extract_all(arts: list[Article]) -> int:
    from rasad.pipeline import extract_article

    return sum(len(extract_article(a)) for a in arts)


class Timing:
    """CPU and wall seconds of repeated runs. Rates are computed from CPU time (this process
    only): on a shared machine other processes stretch the wall time, not the CPU time."""

    def __init__(self, cpu: list[float], wall: list[float]):
        self.cpu, self.wall = cpu, wall

    @property
    def med(self) -> float:
        return statistics.median(self.cpu)

    def spread(self) -> str:
        return (f"(CPU s, median of {len(self.cpu)}: {self.med:.2f}, {min(self.cpu):.2f}–{max(self.cpu):.2f}; "
                f"wall {statistics.median(self.wall):.2f})")


def timed(fn: Callable, *args, runs: int = 3) -> tuple[Timing, object]:
    """CPU and wall times of `runs` calls, and the last result."""
    cpu, wall_ = [], []
    res = None
    for _ in range(runs):
        c, t = time.process_time(), time.perf_counter()
        res = fn(*args)
        cpu.append(time.process_time() - c)
        wall_.append(time.perf_counter() - t)
    return Timing(cpu, wall_), res


# -- fresh processes -----------------------------------------------------------------------

CHILD = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
digest = hashlib.sha256()
failed = 0


def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss is no good here: Linux carries it
    # over fork + exec, so a child started by a large parent reports the parent's peak.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


t = time.perf_counter()
if mode == "python":
    pass
elif mode == "load":
    from rasad.parallel import warm_up
    warm_up()
elif mode == "extract":
    from rasad.export.records import event_json
    from rasad.ingest import ReadStats, read_jsonl
    from rasad.pipeline import extract_article
    for art in read_jsonl(path, ReadStats(report=lambda m: None)):
        for ev in extract_article(art):
            digest.update(event_json(ev).encode() + b"\n")
elif mode.startswith("workers"):
    from rasad.export.records import event_json
    from rasad.ingest import ReadStats, read_jsonl
    from rasad.parallel import extract_parallel
    for art, evs, err in extract_parallel(read_jsonl(path, ReadStats(report=lambda m: None)), int(mode[7:])):
        failed += evs is None
        for ev in evs or []:
            digest.update(event_json(ev).encode() + b"\n")
dt = time.perf_counter() - t
# children: the largest worker's peak RSS, pages shared copy-on-write with the parent included
ru, rc = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": dt, "digest": digest.hexdigest(), "failed": failed, "maxrss_mb": peak_mb(),
                  "cpu_s": ru.ru_utime + ru.ru_stime, "children_cpu_s": rc.ru_utime + rc.ru_stime,
                  "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def child(mode: str, path: Path) -> dict:
    """Run one measurement in a fresh interpreter (so runs do not pollute each other)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True,
                         check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def rasad_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("rasad")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "rasad.cli"]


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wall(cmd: list[str], runs: int = 5) -> tuple[float, list[float], float]:
    """Median wall time of a command (after one untimed run that warms the file cache), all
    wall times, and the median CPU time (user + system) the command took."""
    subprocess.run(cmd, capture_output=True, check=True)
    ts, cs = [], []
    for _ in range(runs):
        c, t = children_cpu(), time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        ts.append(time.perf_counter() - t)
        cs.append(children_cpu() - c)
    return statistics.median(ts), ts, statistics.median(cs)


# -- reporting -----------------------------------------------------------------------------


def fmt_rate(n: int, words: int, secs: float) -> str:
    return f"{n / secs:8,.0f} art/s/core {words / secs:10,.0f} words/s"


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) on log(x): 1 = linear, 2 = quadratic."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def write_jsonl(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for line in gen.iter_jsonl(rows):
            f.write(line + "\n")
    return path


def throughput(label: str, path: Path, runs: int, report: dict) -> None:
    """The two lines: extractor, then lower bound, on one file."""
    tx, (n, words, events, with_events) = timed(run_extract, path, runs=runs)
    tl, _ = timed(run_lower_bound, path, runs=max(runs, 3))
    print(f"{label}: {n:,} articles, {words / max(n, 1):,.0f} words/article, {events:,} events "
          f"in {with_events:,} articles ({with_events / max(n, 1):.0%})")
    print(f"  extract     {fmt_rate(n, words, tx.med)}  {tx.spread()}")
    print(f"  lower bound {fmt_rate(n, words, tl.med)}  {tl.spread()}  read+normalize+split_sentences")
    print(f"  ratio       {tx.med / tl.med:8.1f}x the lower bound's time")
    report[label] = {"articles": n, "words": words, "events": events, "articles_with_events": with_events,
                     "extract_cpu_s": tx.cpu, "extract_wall_s": tx.wall, "lower_bound_cpu_s": tl.cpu,
                     "lower_bound_wall_s": tl.wall, "articles_per_s": n / tx.med,
                     "lower_bound_articles_per_s": n / tl.med, "ratio": tx.med / tl.med}


def describe(rows: list[dict]) -> str:
    """Lengths and kinds of the generated corpus, to show it is mixed."""
    words = sorted(len(r["text"].split()) for r in rows)
    q = lambda f: words[min(len(words) - 1, int(f * len(words)))]  # noqa: E731
    posts = sum(r["source"] == "telegram" for r in rows)
    return (f"{len(rows):,} generated articles ({posts:,} channel posts), words per article: "
            f"min {words[0]}, p10 {q(.1)}, median {q(.5)}, p90 {q(.9)}, max {words[-1]}")


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description="Rasad extraction benchmark")
    ap.add_argument("-n", type=int, default=5000, help="articles in the generated corpus (default 5000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per figure (median printed)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", type=Path, action="append", default=None,
                    help="a real JSON Lines corpus to measure too (repeatable; absent files are skipped)")
    ap.add_argument("--no-real", action="store_true", help="skip the default real corpora")
    ap.add_argument("--quick", action="store_true", help="600 articles, one run, shorter sweeps: a smoke test")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each line as it is measured, also into a file or pipe
    if a.quick:
        a.n, a.runs = min(a.n, 600), 1
    # a kill ends the run through `finally`: the temporary files go, and subprocess.run
    # kills the measuring child it is waiting for
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="rasad-bench-"))
    try:
        bench(a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load() -> str:
    """The machine's load averages: how much other work shared the cores."""
    try:
        return "load average {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg())
    except OSError:
        return "load average unknown"


def bench(a: argparse.Namespace, tmp: Path) -> None:
    report: dict = {"python": platform.python_version(), "machine": platform.machine(),
                    "cpus": os.cpu_count(), "n": a.n, "runs": a.runs}
    print(f"Rasad benchmark — Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {a.runs} run(s) per figure; {load()}\n")
    report["load_start"] = os.getloadavg() if hasattr(os, "getloadavg") else None

    # tables are loaded before anything is timed (their cost is in the start-up figures)
    from rasad.parallel import warm_up

    warm_up()

    # 1. throughput on the generated corpus, and the lower bound
    rows = gen.generate(a.n, a.seed)
    main_path = write_jsonl(rows, tmp / "generated.jsonl")
    print("== Throughput, one core (extract_article in this process; lower bound on the same file; "
          "rates from CPU time)")
    print(f"  {describe(rows)}")
    throughput("generated", main_path, a.runs, report)

    # 2. real corpora
    reals = a.corpus if a.corpus is not None else ([] if a.no_real else DEFAULT_REAL)
    for p in reals:
        if not p.exists():
            print(f"{p}: absent, skipped")
            continue
        throughput(p.name, p, a.runs, report)
    print()

    # 3. memory, each in a fresh process
    print("== Peak memory (VmHWM of a fresh process)")
    mem = {m: child(m, main_path) for m in ("python", "load", "extract")}
    n_small = max(1, a.n // 5)
    small = write_jsonl(rows[:n_small], tmp / "small.jsonl")
    mem_small = child("extract", small)
    print(f"  interpreter only            {mem['python']['maxrss_mb']:7.0f} MB")
    print(f"  + lexicons and gazetteer    {mem['load']['maxrss_mb']:7.0f} MB   "
          f"(imported and loaded in {mem['load']['seconds']:.2f} s)")
    print(f"  + extract {a.n:,} articles    {mem['extract']['maxrss_mb']:7.0f} MB   "
          f"(streaming; {n_small:,} articles: {mem_small['maxrss_mb']:.0f} MB)")
    report["memory"] = {"python": mem["python"], "load": mem["load"], "extract": mem["extract"],
                        "extract_small": mem_small}

    # 4. start-up
    print("\n== Start-up (wall time of 5 runs: median, best; and CPU time)")
    one = write_jsonl(rows[:1], tmp / "one.jsonl")
    help_s, help_ts, help_cpu = wall(rasad_cmd() + ["--help"])
    one_s, one_ts, one_cpu = wall(rasad_cmd() + ["extract", str(one), "-o", os.devnull])
    print(f"  rasad --help                {help_s:7.3f} s   best {min(help_ts):.3f} s, CPU {help_cpu:.3f} s")
    print(f"  rasad extract (1 article)   {one_s:7.3f} s   best {min(one_ts):.3f} s, CPU {one_cpu:.3f} s "
          f"(imports + lexicons + gazetteer + one article)")
    report["startup"] = {"help_s": help_ts, "help_cpu_s": help_cpu, "extract_one_s": one_ts,
                         "extract_one_cpu_s": one_cpu}

    # 5. workers
    print("\n== Workers (rasad.parallel.extract_parallel, fresh process each, whole corpus, "
          "start-up included)")
    wres = {w: child(f"workers{w}", main_path) for w in (1, 2)}
    base = wres[1]["seconds"]
    for w, r in wres.items():
        rate = a.n / r["seconds"]
        cpu = r["cpu_s"] + r["children_cpu_s"]
        print(f"  workers={w}  {rate:8,.0f} art/s ({rate / w:,.0f}/core)   speed-up {base / r['seconds']:4.2f}x   "
              f"wall {r['seconds']:.1f} s, CPU {cpu:.1f} s   "
              f"peak RSS parent {r['maxrss_mb']:.0f} MB, largest worker {r['children_maxrss_mb']:.0f} MB"
              + (f"   {r['failed']} FAILED" if r["failed"] else ""))
    same = wres[1]["digest"] == wres[2]["digest"] == mem["extract"]["digest"]
    print(f"  output with 2 workers identical to 1 worker and to extract_article: {'yes' if same else 'NO'} "
          f"(sha256 of the JSON Lines {wres[2]['digest'][:12]}…)")
    report["workers"] = {str(w): r for w, r in wres.items()} | {"identical": same}

    # 6. article length
    print("\n== Time against article length (fixed-length news articles, 30 % with events; CPU time)")
    lengths = [50, 100, 200, 400, 600, 800, 1200, 1600, 2400] if not a.quick else [100, 600, 1600]
    budget = 120_000 if not a.quick else 30_000  # words per length bucket
    rows_len = []
    print(f"  {'words':>6} {'articles':>8} {'ms/article':>11} {'µs/word':>8} {'art/s':>8}")
    for L in lengths:
        arts = [Article(r["id"], r["text"], r["published"], r["title"], r["url"], r["source"])
                for r in gen.fixed_length(max(20, budget // L), L)]
        w_mean = sum(len(x.text.split()) for x in arts) / len(arts)
        tm, _ = timed(extract_all, arts, runs=a.runs)
        per = tm.med / len(arts)
        rows_len.append((w_mean, per))
        print(f"  {w_mean:6.0f} {len(arts):8,} {per * 1e3:11.2f} {per / w_mean * 1e6:8.1f} {1 / per:8,.0f}")
    k = slope([x for x, _ in rows_len], [y for _, y in rows_len])
    print(f"  time ∝ length^{k:.2f} (log-log slope; 1.00 is linear)")
    rate600 = 1 / min(rows_len, key=lambda r: abs(r[0] - 600))[1]
    report["length"] = {"rows": rows_len, "slope": k, "articles_per_s_600": rate600}

    # 7. corpus size
    print("\n== Time against corpus size (prefixes of the generated corpus, one pass each; CPU time)")
    sizes = sorted({max(1, a.n // 5), max(1, a.n // 2), a.n})
    arts_all = [Article(r["id"], r["text"], r["published"], r["title"], r["url"], r["source"]) for r in rows]
    size_rows = []
    for s in sizes:
        tm, _ = timed(extract_all, arts_all[:s], runs=1)
        size_rows.append((s, tm.med))
        print(f"  {s:6,} articles  {tm.med:7.2f} s CPU  {s / tm.med:7,.0f} art/s   (wall {tm.wall[0]:.2f} s)")
    ks = slope([s for s, _ in size_rows], [t for _, t in size_rows]) if len(size_rows) > 1 else 1.0
    print(f"  time ∝ size^{ks:.2f}")
    report["size"] = {"rows": size_rows, "slope": ks}

    # 8. against the targets
    print("\n== Targets")
    checks = [
        (f"≥ {TARGET_RATE_600:.0f} art/s on one core for ~600-word articles", rate600 >= TARGET_RATE_600,
         f"{rate600:,.0f} art/s"),
        (f"peak memory < {TARGET_MEM_MB:.0f} MB", mem["extract"]["maxrss_mb"] < TARGET_MEM_MB,
         f"{mem['extract']['maxrss_mb']:.0f} MB"),
        (f"start-up < {TARGET_STARTUP_S:.0f} s (rasad --help, best of 5)", min(help_ts) < TARGET_STARTUP_S,
         f"{min(help_ts):.3f} s (median {help_s:.3f} s)"),
        (f"start-up < {TARGET_STARTUP_S:.0f} s (rasad extract, one article, tables loaded; best of 5)",
         min(one_ts) < TARGET_STARTUP_S, f"{min(one_ts):.3f} s (median {one_s:.3f} s)"),
        ("2 workers write what 1 writes", same, "identical" if same else "DIFFERENT"),
    ]
    for what, ok, got in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {what}: {got}")
    print(f"\nat the end: {load()}")
    report["load_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    report["targets"] = {what: {"met": ok, "value": got} for what, ok, got in checks}
    if a.json:
        a.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nfigures written to {a.json}")


if __name__ == "__main__":
    main()
