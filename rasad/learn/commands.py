"""`rasad train` (rebuild the shipped models from the codings) and `rasad evaluate --coded` (score any slice)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"


def _samples(texts, desc: str):
    from tqdm import tqdm

    from rasad.learn.train import analyse_texts

    with tqdm(total=len(texts), desc=desc, unit=" text", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
        return analyse_texts(texts, bar.update)


def _corpus(codings: Optional[Path], corpus: Optional[Path]):
    from rasad.learn.corpus import CODINGS, load_coded

    c = load_coded(codings or CODINGS, corpus)
    missing = sum(1 for t in c.texts if t.article is None)
    if missing:
        click.echo(f"rasad: {missing} coded texts not found in the corpus folder (skipped)", err=True)
    return c


@click.command("train")
@click.option("--codings", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the codings (default: the repository's codings/).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the texts (default: ../shared/corpus or RASAD_CORPUS).")
@click.option("--db", "dbs", multiple=True,
              help="Also learn from the reviewed events of this store (SQLite file or postgresql:// URL).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=MODELS_DIR, show_default=True,
              help="Where the models are written.")
@click.option("--cv", type=click.Choice(["none", "outlet", "month", "both"]), default="none", show_default=True,
              help="Also print cross-validated figures, split by outlet and/or month (rules alone vs with models).")
@click.option("--curve", is_flag=True, help="Also print a learning curve (1/4, 1/2, 3/4, all of the texts).")
@click.option("--dry-run", is_flag=True, help="Print the figures; write no model.")
def train_cmd(codings: Optional[Path], corpus: Optional[Path], dbs: tuple[str, ...], out: Path, cv: str,
              curve: bool, dry_run: bool) -> None:
    """Rebuild the trained layer from the coded corpus (the held-out slice is never used)."""
    from rasad.learn import train as T
    from rasad.learn.models import save

    c = _corpus(codings, corpus)
    texts = [t for t in c.slice(held_out=False) if t.article is not None]
    if dbs:
        from rasad.learn.reviews import review_texts

        for db in dbs:
            extra = review_texts(db)
            click.echo(f"rasad: {len(extra)} reviewed articles from {db}", err=True)
            texts += extra
    samples = _samples(texts, "analyse")
    click.echo(f"rasad: {len(samples)} texts, {sum(len(s.gold) for s in samples)} coded events, "
               f"{sum(len(s.proposals) for s in samples)} proposals", err=True)
    for by in (["outlet", "month"] if cv == "both" else [] if cv == "none" else [cv]):
        res = T.cross_validate(samples, by)
        click.echo(f"cross-validated by {by} (train on the other slices):")
        for g, n, a, b in res:
            click.echo(f"  {g[:24]:24s} {n:5d}  rules  {T.row(a)}")
            click.echo(f"  {'':24s} {'':5s}  +model {T.row(b)}")
        click.echo(f"  {'all (pooled)':24s} {len(samples):5d}  rules  {T.row(T.pooled(res, 2))}")
        click.echo(f"  {'':24s} {'':5s}  +model {T.row(T.pooled(res, 3))}")
    if curve:
        click.echo("learning curve (cross-validated by period: 2018 quarters, 2026 months; pooled):")
        for frac in (0.25, 0.5, 0.75, 1.0):
            res = T.cross_validate(samples, "period", frac)
            click.echo(f"  {frac:4.2f}  +model {T.row(T.pooled(res, 3))}   rules {T.row(T.pooled(res, 2))}")
    models = T.train(samples, T.card(samples))
    if dry_run:
        return
    save(models, out)
    click.echo(f"rasad: models written to {out} (gate threshold {models.gate.threshold})", err=True)


def evaluate_coded(codings: Optional[Path], corpus: Optional[Path], by: str, part: str, rules_only: bool,
                   stats: bool) -> None:
    """Score Rasad on the coded corpus, by outlet, month or kind of text."""
    from rasad.learn import train as T
    from rasad.learn.models import shipped

    c = _corpus(codings, corpus)
    held = {"train": False, "held-out": True, "all": None}[part]
    texts = [t for t in c.slice(held_out=held) if t.article is not None]
    if stats:
        click.echo(corpus_stats(texts))
        return
    samples = _samples(texts, "score")
    models = None if rules_only else shipped()
    key = {"outlet": lambda s: s.text.outlet, "month": lambda s: s.text.month, "kind": lambda s: s.text.kind,
           "none": lambda s: "all"}[by]
    click.echo(f"{'slice':26s} {'texts':>5s}  levels (F1)  [{'rules alone' if models is None else 'rules + models'}]")
    for g in sorted({key(s) for s in samples}):
        part_s = [s for s in samples if key(s) == g]
        click.echo(f"{g[:26]:26s} {len(part_s):5d}  {T.row(T.score_samples(part_s, models))}")
    if by != "none":
        click.echo(f"{'all':26s} {len(samples):5d}  {T.row(T.score_samples(samples, models))}")


def corpus_stats(texts) -> str:
    """Counts per outlet, month and kind, and coded events per sub-type (those under 30 marked)."""
    from collections import Counter

    from rasad.evaluate import SCORED_SUBTYPES

    lines = [f"texts {len(texts)}, events {sum(len(t.events) for t in texts)}"]
    for name, key in (("outlet", lambda t: t.outlet), ("month", lambda t: t.month), ("kind", lambda t: t.kind)):
        cnt = Counter(key(t) for t in texts)
        ev = Counter()
        for t in texts:
            ev[key(t)] += len(t.events)
        lines.append(f"by {name}: " + ", ".join(f"{k} {v} ({ev[k]} ev)" for k, v in sorted(cnt.items())))
    subs = Counter(e.get("sub_event_type") for t in texts for e in t.events)
    lines.append("events per sub-type:")
    for s in sorted(SCORED_SUBTYPES, key=lambda s: -subs.get(s, 0)):
        lines.append(f"  {subs.get(s, 0):5d}  {s}" + ("   (< 30: code more)" if subs.get(s, 0) < 30 else ""))
    other = sum(v for k, v in subs.items() if k not in SCORED_SUBTYPES)
    lines.append(f"  {other:5d}  (unscored Strategic developments)")
    return "\n".join(lines)


COMMANDS = [train_cmd]
