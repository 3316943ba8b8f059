"""Side-by-side gold and predicted events per article, to see what extraction gets wrong.

usage: python scripts/dev_report.py ARTICLES.jsonl GOLD.jsonl [--only-errors] [--id ID]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from rasad.evaluate import agrees, load_gold
from rasad.ingest import ReadStats, read_jsonl
from rasad.pipeline import extract_article


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", type=Path)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--only-errors", action="store_true")
    ap.add_argument("--id")
    args = ap.parse_args()
    gold = load_gold(args.gold)
    for art in read_jsonl(args.articles, ReadStats()):
        if args.id and art.id != args.id:
            continue
        preds = [e.to_dict() for e in extract_article(art)]
        gevs = gold.get(art.id, [])
        ok = len(preds) == len(gevs) and all(any(agrees(g, p, "place") for p in preds) for g in gevs)
        if args.only_errors and ok:
            continue
        print(f"=== {art.id} {art.published} {'OK' if ok else 'XX'}")
        print("   ", art.text[:300].replace("\n", " / "))
        for g in gevs:
            hit = "+" if any(agrees(g, p, "place") for p in preds) else "-"
            print(f"  G{hit} {g['sub_event_type']:34s} {g['event_date']} ±{g.get('date_tolerance_days') or 0}"
                  f" {g.get('country')} {g.get('admin1')} {g.get('location')} fat={g.get('fatalities')}")
        for p in preds:
            hit = "+" if any(agrees(g, p, "place") for g in gevs) else "-"
            prov = {x["field"]: x["rule"] for x in p["provenance"]}
            print(f"  P{hit} {p['sub_event_type']:34s} {p['event_date']} {p['country']} {p['admin1']}"
                  f" {p['location']} fat={p['fatalities']} conf={p['confidence']}"
                  f" [{prov.get('sub_event_type')}; {prov.get('event_date')}; {prov.get('place')}]"
                  f" «{p['trigger']['text']}»")


if __name__ == "__main__":
    main()
