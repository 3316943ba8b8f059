"""Reference data the API serves: admin1 and country names, ACLED's event types."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

from rasad.events.classify import SUBTYPE_TYPE

PACKAGE = Path(__file__).resolve().parent.parent


def _tsv(path: Path) -> Iterator[list[str]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def admin1_names() -> dict[str, str]:
    """ISO 3166-2 code → English name: the gazetteer's plain names, ISO's for the rest."""
    names: dict[str, str] = {}
    for row in _tsv(PACKAGE / "data" / "iso3166_2.tsv"):
        if len(row) >= 3 and row[1]:
            names[row[1]] = row[2]
    rows = _tsv(PACKAGE / "data" / "gazetteer" / "admin1.tsv")
    header = next(rows, None)
    if header:
        i_code, i_name = header.index("admin1"), header.index("name_en")
        for row in rows:
            if len(row) > max(i_code, i_name) and row[i_code] and row[i_name]:
                names[row[i_code]] = row[i_name]
    return dict(sorted(names.items()))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name (the gazetteer's countries)."""
    rows = _tsv(PACKAGE / "data" / "gazetteer" / "countries.tsv")
    header = next(rows, None)
    out: dict[str, str] = {}
    if header:
        i_code, i_name = header.index("country"), header.index("name_en")
        for row in rows:
            if len(row) > max(i_code, i_name) and row[i_code]:
                out[row[i_code]] = row[i_name]
    return out


def event_types() -> dict[str, list[str]]:
    """ACLED event type → its sub-event types."""
    out: dict[str, list[str]] = {}
    for sub, typ in SUBTYPE_TYPE.items():
        out.setdefault(typ, []).append(sub)
    return out

