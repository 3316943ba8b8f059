"""`rasad` and its subcommands: extract, evaluate, and the store/serve commands."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import click

from rasad import __version__


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="rasad: %(message)s", stream=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rasad")
@click.option("-v", "--verbose", is_flag=True, help="Log more on stderr.")
def main(verbose: bool) -> None:
    """Rasad: Arabic news in, ACLED-style conflict event records out."""
    _setup_logging(verbose)


INPUT_FORMAT = click.option(
    "--input-format", type=click.Choice(["jsonl", "telegram", "html", "feed", "warc", "text"]),
    help="Read every input as this format (default: by file ending, and by content for .txt, unknown endings and -).")


def _inputs_exist(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    for v in value:
        if v != "-" and not Path(v).exists():
            raise click.BadParameter(f"Path '{v}' does not exist.", ctx=ctx, param=param)
    return value


INPUTS = click.argument("inputs", nargs=-1, required=True, callback=_inputs_exist)


@main.command()
@INPUTS
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled-csv"]), default="jsonl", show_default=True,
              help="JSON Lines (every field) or ACLED's CSV (as `rasad export --format acled-csv`).")
@click.option("--published", help="Publication date (YYYY-MM-DD) for .txt inputs.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Leave out events less sure than this.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes to extract with; output is the same as with one.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--rules-only", is_flag=True, help="The rules alone decide (no trained layer).")
@INPUT_FORMAT
def extract(inputs: tuple[str, ...], output: Optional[Path], fmt: str, published: Optional[str],
            min_confidence: float, workers: int, progress: Optional[bool], rules_only: bool,
            input_format: Optional[str]) -> None:
    """Extract events from articles (JSONL, text, HTML, WARC, feeds, Telegram exports, folders; - for
    standard input), streaming."""
    from tqdm import tqdm

    from rasad.export.records import event_json
    from rasad.export.writers import TEXT_FORMATS, stored
    from rasad.ingest import ReadStats, read_inputs
    from rasad.parallel import extract_parallel

    stats = ReadStats(report=lambda msg: click.echo(f"rasad: {msg}", err=True))
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    show = sys.stderr.isatty() if progress is None else progress
    acled = TEXT_FORMATS["acled-csv"] if fmt in ("csv", "acled-csv") else None  # the same CSV as `rasad export`
    if acled is not None:
        out.write(acled.header())
    n_events = n_failed = 0
    try:
        for path in inputs:
            arts = read_inputs([path], published, stats, input_format)
            results = extract_parallel(arts, workers, learned=False if rules_only else None)
            name = "stdin" if path == "-" else Path(path).name
            for art, events, err in tqdm(results, desc=name, unit=" art", disable=not show, file=sys.stderr):
                if events is None:  # one bad article must not lose the run
                    n_failed += 1
                    click.echo(f"rasad: {path}: article {art.id} failed: {err}", err=True)
                    continue
                for ev in events:
                    if ev.confidence < min_confidence:
                        continue
                    n_events += 1
                    if acled is not None:
                        out.write(acled.row(stored(ev), n_events))
                    else:
                        out.write(event_json(ev) + "\n")
    finally:
        if output:
            out.close()
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted(stats.reasons.items()))
    click.echo(f"rasad: {stats.read} articles read, {n_events} events, {stats.skipped} skipped"
               + (f" ({reasons})" if reasons else "") + (f", {n_failed} failed" if n_failed else ""),
               err=True)


@main.command()
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold JSON Lines (FORMAT.md).")
@click.option("--articles", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Articles to extract and score.")
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score an existing output file instead of extracting.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--coded", is_flag=True, help="Score on the coded corpus (codings/ + ../shared/corpus) instead.")
@click.option("--by", type=click.Choice(["outlet", "month", "kind", "none"]), default="outlet", show_default=True,
              help="With --coded: one row per outlet, month or kind of text.")
@click.option("--slice", "part", type=click.Choice(["train", "held-out", "all"]), default="train",
              show_default=True, help="With --coded: the training part, the held-out slice (July), or both.")
@click.option("--rules-only", is_flag=True, help="Score the rules alone (no trained layer).")
@click.option("--stats", is_flag=True, help="With --coded: print the corpus counts instead.")
@click.option("--codings", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --coded: folder of the codings (default: the repository's codings/).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --coded: folder of the texts (default: ../shared/corpus or RASAD_CORPUS).")
def evaluate(gold: Optional[Path], articles: Optional[Path], predictions: Optional[Path], as_json: bool,
             coded: bool, by: str, part: str, rules_only: bool, stats: bool, codings: Optional[Path],
             corpus: Optional[Path]) -> None:
    """Extract (or read) predictions and print the FORMAT.md metrics table."""
    from rasad.evaluate import LEVELS, group_predictions, load_gold, score
    from rasad.ingest import ReadStats, read_jsonl
    from rasad.pipeline import extract_article

    if coded:
        from rasad.learn.commands import evaluate_coded

        evaluate_coded(codings, corpus, by, part, rules_only, stats)
        return
    if gold is None:
        raise click.UsageError("give --gold (or --coded)")
    if not articles and not predictions:
        raise click.UsageError("give --articles or --predictions")
    if predictions:
        rows = [json.loads(x) for x in predictions.read_text(encoding="utf-8").splitlines() if x.strip()]
    else:
        rows = [ev.to_dict() for art in read_jsonl(articles, ReadStats())
                for ev in extract_article(art, learned=False if rules_only else None)]
    sc = score(load_gold(gold), group_predictions(rows))
    if as_json:
        res = {lv: dict(zip(("p", "r", "f1"), (round(x, 3) for x in sc.prf(lv)))) for lv in LEVELS}
        res.update(articles=sc.articles, gold_events=sc.gold, pred_events=sc.pred,
                   fatalities_acc=round(sc.fat_ok / sc.fat_n, 3) if sc.fat_n else None)
        click.echo(json.dumps(res))
    else:
        click.echo(sc.table())


# Commands of later stages live beside their code; each module lists them in COMMANDS.
_COMMAND_MODULES = ("rasad.store.commands", "rasad.api.commands", "rasad.spark.commands",
                    "rasad.ingest.gazetteer_commands", "rasad.learn.commands")


def _register() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that stage is not there
            raise
        for cmd in getattr(mod, "COMMANDS", []):
            main.add_command(cmd)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
