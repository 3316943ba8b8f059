"""The gazetteer: places with Arabic names, kinds, codes and coordinates, loaded from TSV.

Every `rasad/data/gazetteer/*.tsv` file has the columns
`id name_en names_ar kind country admin1 admin2 lat lon population` (names_ar split by «|»).
A linguist adds a town by adding a line; `rasad gazetteer import` adds GeoNames dumps.
"""
from __future__ import annotations

import csv
import logging
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from rasad.model import Place
from rasad.text.normalize import normalize_key

log = logging.getLogger(__name__)

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
COLUMNS = ["id", "name_en", "names_ar", "kind", "country", "admin1", "admin2", "lat", "lon", "population"]

# How specific a kind is: larger is more precise (used to prefer «قاعدة بلد الجوية» over «صلاح الدين»).
KIND_RANK = {
    "sea": 0, "region": 1, "country": 1, "admin1": 2, "district": 3, "subdistrict": 4,
    "city": 5, "town": 6, "village": 6, "neighbourhood": 7, "base": 7, "airport": 7,
    "port": 7, "border_crossing": 7, "bridge": 7, "dam": 7, "oilfield": 7, "facility": 7,
    "site": 7, "settlement": 6,
    # sites.tsv
    "airbase": 7, "oil_terminal": 7, "refinery": 7, "gasfield": 7, "power_plant": 7, "desalination_plant": 7,
    "nuclear_site": 7, "checkpoint": 7, "embassy": 7, "hill": 7, "camp": 7,
}
SITE_KINDS = frozenset({"base", "airbase", "airport", "port", "oil_terminal", "refinery", "oilfield", "gasfield",
                        "power_plant", "desalination_plant", "nuclear_site", "dam", "border_crossing", "checkpoint",
                        "embassy", "hill", "camp", "facility", "site", "bridge"})


def _float(v: str) -> float | None:
    try:
        return float(v) if v not in ("", None) else None
    except ValueError:
        return None


def _int(v: str) -> int:
    try:
        return int(float(v)) if v else 0
    except ValueError:
        return 0


def read_tsv(path: Path) -> Iterator[tuple[Place, list[str]]]:
    """Places and their Arabic names from one gazetteer TSV (comment lines skipped)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if header is None:
            return
        idx = {name: i for i, name in enumerate(header)}
        missing = [c for c in COLUMNS if c not in idx]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        for lineno, row in enumerate(rows, start=3):
            if not row or len(row) < len(header):
                if row:
                    log.warning("%s:%d: %d columns, expected %d: skipped", path, lineno, len(row), len(header))
                continue
            g = lambda c: row[idx[c]].strip()  # noqa: E731
            names = [n.strip() for n in g("names_ar").split("|") if n.strip()]
            if not names:
                continue
            yield Place(
                id=g("id"), name_en=g("name_en"), name_ar=names[0], kind=g("kind") or "town",
                country=g("country") or None, admin1=g("admin1") or None, admin2=g("admin2") or None,
                lat=_float(g("lat")), lon=_float(g("lon")), population=_int(g("population")),
            ), names


@dataclass
class Gazetteer:
    """All places by id, the names of each, and which names stand for several places."""

    places: dict[str, Place] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # place id -> Arabic names
    by_key: dict[str, list[str]] = field(default_factory=dict)  # normalised name -> ids
    common: frozenset = frozenset()  # GeoNames names that are ordinary words: need «مدينه»/«قضاء» before them
    admin1_place: dict[str, str] = field(default_factory=dict)  # ISO admin1 -> its admin1 entry id
    country_place: dict[str, str] = field(default_factory=dict)  # ISO country -> its country entry id

    def add(self, place: Place, names: Iterable[str]) -> None:
        """Add (or extend) a place and its names."""
        if place.id in self.places:
            self.names[place.id].extend(n for n in names if n not in self.names[place.id])
        else:
            self.places[place.id] = place
            self.names[place.id] = list(names)
        if place.kind == "admin1" and place.admin1:
            self.admin1_place.setdefault(place.admin1, place.id)
        if place.kind == "country" and place.country:
            self.country_place.setdefault(place.country, place.id)
        for n in names:
            ids = self.by_key.setdefault(normalize_key(n), [])
            if place.id not in ids:
                ids.append(place.id)

    def locate_seats(self) -> None:
        """Give a district or sub-district without coordinates those of its namesake seat town in the
        same governorate (iraq_geo_data has no coordinates: «قضاء المقداديه» sits at al-Muqdadiya)."""
        for pid, p in list(self.places.items()):
            if p.lat is not None or p.kind not in ("district", "subdistrict") or not p.admin1:
                continue
            seats = [q for n in self.names[pid] for qid in self.by_key.get(normalize_key(n), [])
                     if (q := self.places[qid]).lat is not None and q.admin1 == p.admin1
                     and q.kind in ("city", "town", "village")]
            if seats:
                seat = max(seats, key=lambda q: q.population)
                self.places[pid] = replace(p, lat=seat.lat, lon=seat.lon)

    def lookup(self, name: str) -> list[Place]:
        """Places whose Arabic name (any spelling) is `name`."""
        return [self.places[i] for i in self.by_key.get(normalize_key(name), [])]

    def add_to(self, matcher) -> None:
        """Put every name of every place into the matcher as a `place` form."""
        from rasad.mentions.matcher import Entry, Form

        for pid, names in self.names.items():
            entry = Entry("place", pid)
            for n in names:
                matcher.add(n, Form(entry, False, False, True))


def user_gazetteer_dir() -> Path:
    """Where `rasad gazetteer import` writes and the loader also reads ($RASAD_GAZETTEER_DIR)."""
    return Path(os.environ.get("RASAD_GAZETTEER_DIR") or Path.home() / ".local" / "share" / "rasad" / "gazetteer")


def common_words(path: Path | None = None) -> frozenset[str]:
    """GeoNames names that are also ordinary words (normalised, without «ال»)."""
    path = path or GAZETTEER_DIR / "common_words.txt"
    if not path.exists():
        return frozenset()
    return frozenset(normalize_key(ln) for ln in path.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#"))


def _bare(name: str) -> str:
    k = normalize_key(name)
    return k[2:] if k.startswith("ال") and len(k) > 3 else k


def load_gazetteer(paths: Iterable[Path] | None = None) -> Gazetteer:
    """Load gazetteer TSV files (default: every bundled file, then the user's imports)."""
    g = Gazetteer()
    if paths is None:
        paths = sorted(GAZETTEER_DIR.glob("*.tsv")) + sorted(user_gazetteer_dir().glob("*.tsv"))
    g.common = common_words()
    for p in paths:
        try:
            for place, names in read_tsv(p):
                g.add(place, names)
        except (OSError, ValueError) as exc:
            log.warning("gazetteer file %s skipped: %s", p, exc)
    g.locate_seats()
    return g


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process."""
    return load_gazetteer()
