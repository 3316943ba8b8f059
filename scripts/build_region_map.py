#!/usr/bin/env python3
"""Build the dashboard's offline base map: rasad/web/data/region.geojson.

Source: Natural Earth 1:50m Admin 0 – Countries (public domain), version 4.1.0, as redistributed
in TopoJSON by the npm package `world-atlas` 2.0.2 (ISC licence, © Michael Bostock).

    python scripts/build_region_map.py                       # runs `npm pack world-atlas@2.0.2` in a temp dir
    python scripts/build_region_map.py --topojson countries-50m.json
    python scripts/build_region_map.py --names-only          # only rasad/web/data/names_ar.json

What it does, with the standard library only:
1. decodes the TopoJSON (quantised, delta-encoded arcs);
2. simplifies every arc once with Douglas–Peucker, so borders that two countries share stay shared;
3. keeps the countries that reach into the Middle East / North Africa window and clips their rings to it;
4. writes GeoJSON with 3-decimal coordinates and {name, name_ar, iso_a2, iso_n3, focus} properties
   (name_ar: the first Arabic name in rasad/data/gazetteer/countries.tsv)
   (focus: the Arab League countries plus Iran, Turkey and Israel, drawn a shade darker).

It also writes rasad/web/data/names_ar.json: the Arabic names of countries and first-level units
(ISO 3166-2) from the gazetteer (rasad/data/gazetteer/countries.tsv, admin1.tsv), which the
Arabic interface shows instead of the English names /api/meta gives.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rasad" / "web" / "data" / "region.geojson"
NAMES_OUT = ROOT / "rasad" / "web" / "data" / "names_ar.json"
GAZ = ROOT / "rasad" / "data" / "gazetteer"
WINDOW = (-26.0, -6.0, 80.0, 50.0)  # min_lon, min_lat, max_lon, max_lat
TOLERANCE = 0.04  # degrees, Douglas–Peucker
MIN_RING_AREA = 0.02  # square degrees: smaller islands are dropped

# ISO 3166-1 numeric -> alpha-2 for the countries in the window (Natural Earth ids are numeric).
ISO_N3_A2 = {
    "012": "DZ", "048": "BH", "818": "EG", "368": "IQ", "400": "JO", "414": "KW", "422": "LB", "434": "LY",
    "504": "MA", "478": "MR", "512": "OM", "275": "PS", "634": "QA", "682": "SA", "706": "SO", "729": "SD",
    "760": "SY", "788": "TN", "784": "AE", "887": "YE", "262": "DJ", "174": "KM", "364": "IR", "792": "TR",
    "376": "IL", "196": "CY", "732": "EH", "728": "SS", "148": "TD", "562": "NE", "466": "ML", "231": "ET",
    "232": "ER", "404": "KE", "004": "AF", "586": "PK", "795": "TM", "860": "UZ", "762": "TJ", "417": "KG",
    "398": "KZ", "031": "AZ", "051": "AM", "268": "GE", "643": "RU", "804": "UA", "300": "GR", "100": "BG",
    "642": "RO", "008": "AL", "807": "MK", "688": "RS", "499": "ME", "070": "BA", "191": "HR", "705": "SI",
    "380": "IT", "250": "FR", "724": "ES", "620": "PT", "756": "CH", "040": "AT", "276": "DE", "348": "HU",
    "703": "SK", "498": "MD", "356": "IN", "156": "CN", "524": "NP", "566": "NG", "120": "CM", "140": "CF",
    "180": "CD", "800": "UG", "854": "BF", "288": "GH", "204": "BJ", "768": "TG", "384": "CI", "324": "GN",
    "686": "SN", "270": "GM", "624": "GW", "694": "SL", "430": "LR", "132": "CV", "226": "GQ", "266": "GA",
    "178": "CG", "646": "RW", "108": "BI", "834": "TZ", "470": "MT", "674": "SM", "336": "VA", "492": "MC",
    "020": "AD", "438": "LI", "496": "MN", "144": "LK", "462": "MV", "050": "BD", "064": "BT", "690": "SC",
    "203": "CZ", "616": "PL", "112": "BY", "440": "LT", "428": "LV", "233": "EE", "208": "DK", "528": "NL",
    "056": "BE", "442": "LU", "826": "GB", "372": "IE", "024": "AO", "678": "ST",
}
# Names for the Natural Earth units that have no numeric code.
NAME_A2 = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
FOCUS = {"DZ", "BH", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA", "SO", "SD", "SY",
         "TN", "AE", "YE", "DJ", "KM", "IR", "TR", "IL", "EH"}


def load_topology(path: str | None) -> dict:
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", "world-atlas@2.0.2"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(tgz) as tf:
            member = tf.extractfile("package/countries-50m.json")
            assert member is not None
            return json.load(io.TextIOWrapper(member, encoding="utf-8"))


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _seg_dist(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative; the ends are always kept."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep) if k]


def ring_of(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a in arc_ids:
        pts = arcs[a] if a >= 0 else arcs[~a][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against an axis-aligned box."""
    x0, y0, x1, y1 = box
    edges = [(lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
             (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
             (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1))]
    pts = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, cut in edges:
        if not pts:
            break
        res = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    res.append(cut(prev, cur))
                res.append(cur)
            elif inside(prev):
                res.append(cut(prev, cur))
            prev = cur
        pts = res
    return pts + pts[:1] if len(pts) >= 3 else []


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))) / 2


def _first_names(path: Path, code_col: str) -> dict[str, str]:
    """code -> the first Arabic name of each row of a gazetteer TSV (by its header)."""
    out: dict[str, str] = {}
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if not header:
            header = cols
            continue
        row = dict(zip(header, cols))
        code, names = row.get(code_col, ""), row.get("names_ar", "")
        if code and names and code not in out:
            out[code] = names.split("|")[0]
    return dict(sorted(out.items()))


def arabic_names() -> dict[str, str]:
    """ISO alpha-2 -> the first Arabic name in the gazetteer's countries.tsv."""
    return _first_names(GAZ / "countries.tsv", "country")


def write_names(path: Path = NAMES_OUT) -> None:
    names = {"source": "rasad/data/gazetteer/countries.tsv and admin1.tsv (first Arabic name of each)",
             "countries": arabic_names(), "admin1": _first_names(GAZ / "admin1.tsv", "admin1")}
    path.write_text(json.dumps(names, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(names['countries'])} countries, {len(names['admin1'])} admin1 units -> {path}")


def build(topo: dict) -> dict:
    names_ar = arabic_names()
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topo)]
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        name = g.get("properties", {}).get("name", "")
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        out_polys = []
        for poly in polys:
            rings = [clip_ring(ring_of(r, arcs), WINDOW) for r in poly]
            if not rings[0] or area(rings[0]) < MIN_RING_AREA:
                continue
            rings = [rings[0]] + [r for r in rings[1:] if r and area(r) >= MIN_RING_AREA]
            out_polys.append([[[round(x, 3), round(y, 3)] for x, y in r] for r in rings])
        if not out_polys:
            continue
        a2 = ISO_N3_A2.get(str(g.get("id", "")), NAME_A2.get(name))
        geom = ({"type": "Polygon", "coordinates": out_polys[0]} if len(out_polys) == 1
                else {"type": "MultiPolygon", "coordinates": out_polys})
        feats.append({"type": "Feature",
                      "properties": {"name": name, "name_ar": names_ar.get(a2 or ""), "iso_a2": a2, "iso_n3": g.get("id"), "focus": a2 in FOCUS},
                      "geometry": geom})
    feats.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection",
            "source": "Natural Earth 1:50m Admin 0 – Countries v4.1.0 (public domain), via world-atlas 2.0.2; "
                      "simplified and clipped by scripts/build_region_map.py",
            "bbox": list(WINDOW), "features": feats}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topojson", help="countries-50m.json from world-atlas (default: npm pack it)")
    ap.add_argument("-o", "--output", default=str(OUT))
    ap.add_argument("--names-only", action="store_true", help="only write names_ar.json")
    args = ap.parse_args()
    write_names()
    if args.names_only:
        return
    fc = build(load_topology(args.topojson))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(fc['features'])} countries -> {args.output} ({Path(args.output).stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
