"""Copy the coders' finished files into codings/ (coded lines and hard-call notes), validated.

    python scripts/coding/collect.py /work/coding
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VALIDATE = REPO.parent / "shared" / "eval" / "validate_gold.py"


def main() -> None:
    desk = Path(sys.argv[1])
    (REPO / "codings" / "coded").mkdir(parents=True, exist_ok=True)
    (REPO / "codings" / "notes").mkdir(parents=True, exist_ok=True)
    n = bad = 0
    for p in sorted((desk / "out").glob("*.c*.jsonl")):
        batch = p.name.split(".")[0]
        rows = sum(1 for _ in open(desk / "batches" / f"{batch}.jsonl", encoding="utf-8"))
        lines = sum(1 for l in open(p, encoding="utf-8") if l.strip())
        ok = subprocess.run([sys.executable, str(VALIDATE), str(desk / "batches" / f"{batch}.jsonl"), str(p)],
                            capture_output=True, text=True).returncode == 0
        if lines < rows or not ok:
            bad += 1
            print(f"not yet: {p.name} ({lines}/{rows} lines, valid={ok})")
            continue
        shutil.copy(p, REPO / "codings" / "coded" / p.name)
        notes = p.with_name(p.name.replace(".jsonl", ".notes.md"))
        if notes.exists():
            shutil.copy(notes, REPO / "codings" / "notes" / notes.name)
        n += 1
    (REPO / "codings" / "adjudicated").mkdir(parents=True, exist_ok=True)
    (REPO / "codings" / "adjudication").mkdir(parents=True, exist_ok=True)
    m = 0
    for p in sorted((desk / "adjudicated").glob("*.jsonl")):
        batch = p.name.split(".")[0]
        rows = sum(1 for _ in open(desk / "batches" / f"{batch}.jsonl", encoding="utf-8"))
        lines = sum(1 for l in open(p, encoding="utf-8") if l.strip())
        ok = subprocess.run([sys.executable, str(VALIDATE), str(desk / "batches" / f"{batch}.jsonl"), str(p)],
                            capture_output=True, text=True).returncode == 0
        if lines < rows or not ok:
            print(f"not yet: adjudicated {p.name} ({lines}/{rows} lines, valid={ok})")
            continue
        shutil.copy(p, REPO / "codings" / "adjudicated" / p.name)
        notes = p.with_name(p.name.replace(".jsonl", ".notes.md"))
        if notes.exists():
            shutil.copy(notes, REPO / "codings" / "adjudication" / notes.name)
        m += 1
    print(f"{n} coded files collected, {bad} not ready; {m} adjudicated batches")


if __name__ == "__main__":
    main()
