"""Agreement between two coders of the same batches, per level, with the reference scorer's rules.

    python scripts/coding/agreement.py CODINGS_DIR   # every batch coded twice (B.cX.jsonl, B.cY.jsonl)
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from rasad.evaluate import LEVELS, Score, score


def _load(path: Path) -> dict[str, list[dict]]:
    return {(o := json.loads(l))["id"]: o.get("events", []) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()}


def pairs(folder: Path) -> dict[str, list[Path]]:
    """Batch -> its coders' files, for batches coded by two coders or more."""
    by: dict[str, list[Path]] = defaultdict(list)
    for p in sorted(folder.glob("*.c*.jsonl")):
        by[p.name.split(".")[0]].append(p)
    return {b: ps for b, ps in by.items() if len(ps) >= 2}


def main() -> None:
    folder = Path(sys.argv[1])
    total = Score()
    for batch, (a, b) in ((k, v[:2]) for k, v in sorted(pairs(folder).items())):
        ga, gb = _load(a), _load(b)
        common = {k: ga[k] for k in ga if k in gb}
        sc = score(common, {k: [{**e, "article_id": k} for e in gb[k]] for k in common})
        f = " ".join(f"{lv} {sc.prf(lv)[2]:.3f}" for lv in LEVELS)
        print(f"{batch:6s} {a.name.split('.')[1]}~{b.name.split('.')[1]} texts {len(common):3d} events {sc.gold:3d}/{sc.pred:3d}  {f}"
              f"  fatalities {sc.fat_ok}/{sc.fat_n}")
        total.articles += sc.articles; total.gold += sc.gold; total.pred += sc.pred
        total.fat_ok += sc.fat_ok; total.fat_n += sc.fat_n
        for lv in LEVELS:
            total.tp[lv] += sc.tp[lv]
    print("all   ", " ".join(f"{lv} {total.prf(lv)[2]:.3f}" for lv in LEVELS), f"texts {total.articles} events {total.gold}/{total.pred}",
          f"fatalities {total.fat_ok}/{total.fat_n}")


if __name__ == "__main__":
    main()
