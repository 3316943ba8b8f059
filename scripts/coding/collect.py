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


def _collect(desk: Path, src: Path, pattern: str, lines_to: Path, notes_to: Path) -> tuple[int, int]:
    """Copy every complete, valid coding file (and its notes) from src; (copied, not ready)."""
    lines_to.mkdir(parents=True, exist_ok=True)
    notes_to.mkdir(parents=True, exist_ok=True)
    n = bad = 0
    for p in sorted(src.glob(pattern)):
        batch = p.name.split(".")[0]
        rows = sum(1 for _ in open(desk / "batches" / f"{batch}.jsonl", encoding="utf-8"))
        lines = sum(1 for l in open(p, encoding="utf-8") if l.strip())
        ok = subprocess.run([sys.executable, str(VALIDATE), str(desk / "batches" / f"{batch}.jsonl"), str(p)],
                            capture_output=True, text=True).returncode == 0
        if lines < rows or not ok:
            bad += 1
            print(f"not yet: {p} ({lines}/{rows} lines, valid={ok})")
            continue
        shutil.copy(p, lines_to / p.name)
        notes = p.with_name(p.name.replace(".jsonl", ".notes.md"))
        if notes.exists():
            shutil.copy(notes, notes_to / notes.name)
        n += 1
    return n, bad


def main() -> None:
    desk = Path(sys.argv[1])
    out = REPO / "codings"
    n, bad = _collect(desk, desk / "out", "*.c*.jsonl", out / "coded", out / "notes")
    m, bad2 = _collect(desk, desk / "adjudicated", "*.jsonl", out / "adjudicated", out / "adjudication")
    print(f"{n} coded files collected, {bad} not ready; {m} adjudicated batches, {bad2} not ready")


if __name__ == "__main__":
    main()
