"""Draw the coding batches of the coded corpus from ../shared/corpus, reproducibly.

Strata: source file × outlet × month × whether the extractor of the day (commit given
by --baseline-commit) wrote an event for the text. Writes codings/manifest.jsonl (one
line per text: batch, id, file, outlet, month, stratum, held_out) and the batch files
the coders read (texts only, outside the repository: --batches-dir).

    python scripts/coding/sample.py --baseline /tmp/base --batches-dir /work/coding/batches
    python scripts/coding/sample.py --baseline /tmp/base --batches-dir /work/coding/batches --round 2

Round 2 draws more texts the same way (seed + 1), leaving out every text of the manifest.
Round 3 takes every remaining text outside the held-out slice, shuffled (seed + 2): coders
were fast and agreed well, and the learning curve still rose. Round 4 takes every remaining
text of the held-out slice (seed + 3), so that the final blind test is as large as it can be.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

SEED = 20261207
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
# file, texts to draw (training part, held-out part), share flagged by the extractor, batch size
PLAN = {
    "telegram/naya_foriraq.jsonl": (750, 250, 0.5, 50),
    "news/ant2018.jsonl": (580, 70, 0.6, 40),
    "news/ant2018_other.jsonl": (400, 50, 0.5, 40),
}
# The held-out slice: every text published in July (2018-07 and 2026-07), of every outlet.
HELD_OUT_MONTH = "-07"
# Round 2: more texts once the protocol's agreement was measured on round 1's double codings.
PLAN2 = {
    "telegram/naya_foriraq.jsonl": (375, 125, 0.5, 50),
    "news/ant2018.jsonl": (360, 40, 0.6, 40),
    "news/ant2018_other.jsonl": (290, 30, 0.5, 40),
}
DOUBLE = {"telegram/naya_foriraq.jsonl": 2, "news/ant2018.jsonl": 2, "news/ant2018_other.jsonl": 1}


def held_out(published: str | None) -> bool:
    """True when a text belongs to the held-out slice (published in a July)."""
    return bool(published) and published[4:7] == HELD_OUT_MONTH


def _draw(rng: random.Random, rows: list[dict], n: int, flagged_share: float) -> list[dict]:
    """n rows, flagged_share of them flagged, each part spread over outlet×month."""
    out: list[dict] = []
    for flag, want in ((True, round(n * flagged_share)), (False, n - round(n * flagged_share))):
        pool = [r for r in rows if r["flagged"] == flag]
        strata: dict[tuple, list[dict]] = defaultdict(list)
        for r in pool:
            strata[(r["outlet"], r["month"])].append(r)
        total = len(pool)
        for key in sorted(strata):
            rng.shuffle(strata[key])
        picked: list[dict] = []
        # proportional allocation, largest remainders
        quotas = {k: want * len(v) / total for k, v in strata.items()} if total else {}
        base = {k: int(q) for k, q in quotas.items()}
        rest = want - sum(base.values())
        for k in sorted(quotas, key=lambda k: quotas[k] - base[k], reverse=True)[:rest]:
            base[k] += 1
        for k in sorted(strata):
            picked.extend(strata[k][: base.get(k, 0)])
        out.extend(picked)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--baseline", type=Path, required=True, help="folder of <name>.events.jsonl from rasad extract")
    ap.add_argument("--batches-dir", type=Path, required=True)
    ap.add_argument("--manifest", type=Path, default=Path("codings/manifest.jsonl"))
    ap.add_argument("--round", type=int, default=1, choices=(1, 2, 3, 4))
    args = ap.parse_args()
    rng = random.Random(SEED + (args.round - 1))
    manifest: list[dict] = []
    taken: set[str] = set()
    if args.round > 1:
        manifest = [json.loads(l) for l in open(args.manifest, encoding="utf-8")]
        taken = {m["id"] for m in manifest}
    args.batches_dir.mkdir(parents=True, exist_ok=True)
    for rel, (n_train, n_held, share, size) in (PLAN if args.round == 1 else PLAN2).items():
        name = Path(rel).stem
        flagged = {json.loads(l)["article_id"] for l in open(args.baseline / f"{name}.events.jsonl", encoding="utf-8")}
        rows = []
        for line in open(CORPUS / rel, encoding="utf-8"):
            d = json.loads(line)
            if d["id"] in taken:
                continue
            rows.append({"id": d["id"], "outlet": d.get("source"), "month": (d.get("published") or "")[:7],
                         "flagged": d["id"] in flagged, "held_out": held_out(d.get("published")), "doc": d})
        if args.round == 3:
            chosen = [r for r in rows if not r["held_out"]]
        elif args.round == 4:
            chosen = [r for r in rows if r["held_out"]]
        else:
            chosen = _draw(rng, [r for r in rows if not r["held_out"]], n_train, share)
            chosen += _draw(rng, [r for r in rows if r["held_out"]], n_held, share)
        rng.shuffle(chosen)
        prefix = {"naya_foriraq": "tg", "ant2018": "ant", "ant2018_other": "oth"}[name]
        first = 1 if args.round == 1 else 1 + len({m["batch"] for m in manifest if m["batch"].startswith(prefix)
                                                    and m["batch"][len(prefix):].isdigit()})
        for b in range(0, len(chosen), size):
            batch = f"{prefix}{first + b // size:02d}"
            part = chosen[b:b + size]
            with open(args.batches_dir / f"{batch}.jsonl", "w", encoding="utf-8") as fh:
                for r in part:
                    d = r["doc"]
                    fh.write(json.dumps({k: d.get(k) for k in ("id", "published", "title", "text")}, ensure_ascii=False) + "\n")
            for r in part:
                manifest.append({"batch": batch, "id": r["id"], "file": rel, "outlet": r["outlet"], "month": r["month"],
                                 "stratum": "extractor-events" if r["flagged"] else "extractor-none",
                                 "held_out": r["held_out"], "double": int(batch[-2:]) <= DOUBLE[rel],
                                 "round": args.round})
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(args.manifest, "w", encoding="utf-8") as fh:
        for m in manifest:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    print(f"{len(manifest)} texts in {len({m['batch'] for m in manifest})} batches (seed {SEED})")


if __name__ == "__main__":
    main()
