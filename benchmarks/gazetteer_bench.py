"""Gazetteer benchmark: load time, memory, and place mentions resolved per second.

usage: python benchmarks/gazetteer_bench.py [CORPUS.jsonl]   (default: ../shared/corpus/news/ant2018.jsonl)
Prints medians of 5 runs. Load time (wall and CPU) and memory are measured in a fresh subprocess.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD = """
import resource, time
t, c = time.perf_counter(), time.process_time()
from rasad.mentions.matcher import default_matcher
m = default_matcher()
dt, dc = time.perf_counter() - t, time.process_time() - c
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, dc)
"""


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "news" / "ant2018.jsonl"
    loads, mems, cpus = [], [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True).stdout.split()
        loads.append(float(out[0]))
        mems.append(float(out[1]))
        cpus.append(float(out[2]))
    from rasad.mentions.gazetteer import default_gazetteer
    from rasad.mentions.matcher import default_matcher
    from rasad.mentions.places import candidates, resolve
    from rasad.text.normalize import normalize

    m = default_matcher()
    texts = [normalize(json.loads(ln)["text"]).text for ln in corpus.read_text(encoding="utf-8").splitlines()[:1000]]
    rates = []
    for _ in range(5):
        n = 0
        t = time.perf_counter()
        for tx in texts:
            n += len(resolve(candidates(tx, m.find(tx))))
        rates.append(n / (time.perf_counter() - t))
    g = default_gazetteer()
    print(f"gazetteer: {len(g.places)} places, {len(g.by_key)} names")
    print(f"load (matcher + gazetteer, fresh process): median {statistics.median(loads):.3f} s "
          f"(CPU {statistics.median(cpus):.3f} s: the figure other processes on the machine barely change); "
          f"peak RSS median {statistics.median(mems):.0f} MB")
    print(f"place mentions resolved: median {statistics.median(rates):,.0f}/s over {len(texts)} articles "
          f"(one automaton pass each)")


if __name__ == "__main__":
    main()
