"""GeoNames dumps (`IQ.txt`, `SY.txt`, `allCountries.txt`) into gazetteer TSV rows.

GeoNames admin1 codes are not ISO 3166-2: each (country, GeoNames admin1) group is mapped
to the ISO unit whose capital lies nearest to most of the group's places.
"""
from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

from rasad.mentions.gazetteer import COLUMNS, GAZETTEER_DIR, read_tsv

_ARABIC = re.compile(r"^[\u0621-\u064A\u064B-\u0652 \-']{3,}$")
KINDS = {"P": "town", "S": "site", "A": "district", "H": "site", "T": "site", "L": "region"}


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0])))


def read_dump(path: Path, min_population: int = 0) -> Iterator[dict]:
    """Rows of a GeoNames dump that have Arabic names (19 tab-separated columns)."""
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            names = [n for n in cols[3].split(",") if _ARABIC.match(n.strip())]
            try:
                lat, lon, pop = float(cols[4]), float(cols[5]), int(cols[14] or 0)
            except ValueError:
                continue
            if not names or pop < min_population or cols[6] not in KINDS:
                continue
            yield {"id": f"gn-{cols[0]}", "name_en": cols[1], "names": names, "kind": KINDS[cols[6]],
                   "country": cols[8], "gn_admin1": cols[10], "lat": lat, "lon": lon, "population": pop}


def import_dump(path: Path, out: Path, min_population: int = 0) -> int:
    """Write the Arabic-named places of a GeoNames dump as a gazetteer TSV; returns the row count."""
    capitals: dict[str, list[tuple[str, tuple[float, float]]]] = defaultdict(list)
    admin1_file = GAZETTEER_DIR / "admin1.tsv"
    if admin1_file.exists():
        for place, _ in read_tsv(admin1_file):
            if place.lat is not None and place.admin1:
                capitals[place.country or ""].append((place.admin1, (place.lat, place.lon)))
    rows = list(read_dump(path, min_population))
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        caps = capitals.get(r["country"])
        if caps:
            code = min(caps, key=lambda c: _dist(c[1], (r["lat"], r["lon"])))[0]
            votes[(r["country"], r["gn_admin1"])][code] += 1
    mapping = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# Imported from GeoNames dump {path.name} (CC-BY 4.0 GeoNames) by `rasad gazetteer import`.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([r["id"], r["name_en"], "|".join(r["names"]), r["kind"], r["country"],
                        mapping.get((r["country"], r["gn_admin1"]), ""), "", round(r["lat"], 4),
                        round(r["lon"], 4), r["population"]])
    return len(rows)
