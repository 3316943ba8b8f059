"""ACLED's names and codes for places: country names and numeric ISO codes (pycountry), ACLED's
regions and admin1 spellings (rasad/data/acled/), representative points of units without a place."""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

import pycountry

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a TSV with a header line after its # comments."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#") and line.strip())
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def ascii_name(name: str) -> str:
    """A pycountry name folded to ACLED's plain ASCII: «Al Başrah» → «Al Basrah», «‘Adan» → «Adan»."""
    name = name.split(" [")[0]  # «Amānat al ‘Āşimah [city]»
    folded = unicodedata.normalize("NFKD", name)
    out = "".join(ch for ch in folded if not unicodedata.combining(ch) and ch not in "‘’ʻ`")
    return " ".join(out.split())


@dataclass(frozen=True)
class Country:
    """A country as ACLED writes it."""

    alpha2: str
    alpha3: str
    name: str
    iso: int  # ISO 3166-1 numeric
    region: Optional[str]


@lru_cache(maxsize=None)
def _regions() -> dict[str, tuple[str, str]]:
    return {r["country"]: (r["region"], r["name"] or "") for r in _rows(DATA / "acled" / "countries.tsv")}


@lru_cache(maxsize=512)
def country(alpha2: Optional[str]) -> Optional[Country]:
    """ACLED's name, numeric code and region for an ISO 3166-1 alpha-2 code (None when unknown)."""
    if not alpha2:
        return None
    c = pycountry.countries.get(alpha_2=alpha2.upper())
    if c is None:
        return None
    region, spelled = _regions().get(c.alpha_2, (None, ""))
    name = spelled or getattr(c, "common_name", None) or c.name
    return Country(c.alpha_2, c.alpha_3, name, int(c.numeric), region)


@lru_cache(maxsize=None)
def _admin1_spellings() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows(DATA / "acled" / "admin1.tsv")}


@lru_cache(maxsize=2048)
def admin1_name(code: Optional[str]) -> Optional[str]:
    """ACLED's English name of an ISO 3166-2 first-level unit (IQ-NI → Ninewa); None when unknown."""
    if not code:
        return None
    if code in _admin1_spellings():
        return _admin1_spellings()[code]
    sub = pycountry.subdivisions.get(code=code)
    return ascii_name(sub.name) if sub is not None else None


@lru_cache(maxsize=1)
def _admin1_points() -> dict[str, tuple[float, float]]:
    out = {}
    for r in _rows(DATA / "gazetteer" / "admin1.tsv"):
        if r.get("admin1") and r.get("lat") and r.get("lon"):
            out[r["admin1"]] = (float(r["lat"]), float(r["lon"]))
    return out


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    return {r["country"]: (float(r["lat"]), float(r["lon"])) for r in _rows(DATA / "acled" / "country_points.tsv")}


def representative_point(country_code: Optional[str], admin1: Optional[str]) -> Optional[tuple[float, float]]:
    """(lat, lon) standing for a unit without a named place: its admin1's capital, else the
    country's capital (ACLED's geo_precision 3); None when neither is known."""
    if admin1 and admin1 in _admin1_points():
        return _admin1_points()[admin1]
    if country_code:
        return _country_points().get(country_code.upper())
    return None


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    out = {}
    for c in pycountry.countries:
        cty = country(c.alpha_2)
        if cty is not None:
            for name in {cty.name, c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
                out.setdefault(name.casefold(), c.alpha_2)
    return out


def country_code(name: str) -> Optional[str]:
    """The ISO 3166-1 alpha-2 code of a country named as ACLED (or ISO) names it; None when unknown."""
    return _country_codes().get(name.strip().casefold())


def country_of_iso(numeric: int) -> Optional[str]:
    """The alpha-2 code of an ISO 3166-1 numeric code (368 → IQ); None when unknown."""
    c = pycountry.countries.get(numeric=f"{numeric:03d}")
    return c.alpha_2 if c is not None else None


def admin1_code(name: str, alpha2: Optional[str] = None) -> Optional[str]:
    """The ISO 3166-2 code of a first-level unit by ACLED's name (or ISO's, folded), in `alpha2` if given."""
    want = ascii_name(name).casefold()
    for code in _admin1_spellings():
        if (alpha2 is None or code.startswith(alpha2 + "-")) and _admin1_spellings()[code].casefold() == want:
            return code
    subs = pycountry.subdivisions.get(country_code=alpha2) if alpha2 else pycountry.subdivisions
    for sub in subs or ():
        if sub.parent_code is None and ascii_name(sub.name).casefold() == want:
            return sub.code
    return None
