"""Coverage-guided fuzzing (atheris) of the readers: JSON Lines, HTML, WARC, feeds, Telegram.

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_readers.py -atheris_runs=20000        # a short run (CI runs 2,000)
    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=3600 fuzz/corpus   # the long documented run

Every input must end in articles or counted skips; any exception is a crash to turn into a test.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from rasad.ingest import ReadStats, read_any

SUFFIXES = (".jsonl", ".html", ".warc", ".xml", ".json", ".txt", ".warc.gz")
TMP = Path(tempfile.mkdtemp(prefix="rasad-fuzz-"))


def one(data: bytes) -> None:
    """Feed one input to the reader its first byte chooses."""
    if not data:
        return
    path = TMP / ("in" + SUFFIXES[data[0] % len(SUFFIXES)])
    path.write_bytes(data[1:])
    stats = ReadStats(report=lambda _m: None)
    for art in read_any(path, "2024-03-11", stats):
        assert isinstance(art.text, str)


def main() -> None:
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
