"""`rasad spark-extract`: the Spark job (rasad/spark/job.py) from the command line.

PySpark is imported only when the command runs, so `rasad` starts as fast without it.
"""
from __future__ import annotations

from typing import Optional

import click

from rasad.spark.job import CC_PREFIX, FORMATS, WRITE_MODES


@click.command("spark-extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="Output directory for the Parquet dataset (path or URI).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Input format (default: from the first input's ending; JSON Lines otherwise).")
@click.option("--master", help="Spark master, e.g. local[2] (default: local[*], or spark-submit's).")
@click.option("--mode", type=click.Choice(WRITE_MODES), default="error", show_default=True,
              help="When OUTDIR exists: fail, overwrite it, or add to it.")
@click.option("--partitions", type=int, help="Spread the articles over this many tasks.")
@click.option("--warc-prefix", default=CC_PREFIX, show_default=True,
              help="Prefix for the relative lines of *.paths(.gz) WARC listings.")
@click.option("--dedupe", is_flag=True,
              help="One record per event across articles (clustered per country and month; docs/spark.md).")
@click.option("--conf", multiple=True, metavar="KEY=VALUE", help="Extra Spark setting (repeatable).")
def spark_extract(inputs: tuple[str, ...], output: str, fmt: Optional[str], master: Optional[str], mode: str,
                  partitions: Optional[int], warc_prefix: str, dedupe: bool, conf: tuple[str, ...]) -> None:
    """Extract events with Spark from JSON Lines, Parquet or WARC inputs (paths, globs, s3://, hdfs://).

    Writes Parquet under OUTDIR partitioned by year=/month= of the event date; the events are
    those `rasad extract` writes for the same articles. See docs/spark.md.
    """
    from rasad.spark.job import run, summary

    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise click.ClickException("spark-extract needs PySpark: pip install pyspark (or '.[dev]')") from None
    bad = [kv for kv in conf if "=" not in kv]
    if bad:
        raise click.BadParameter(f"expected KEY=VALUE, got {bad[0]!r}", param_hint="--conf")
    try:
        counts = run(list(inputs), output, fmt, master, mode, partitions, warc_prefix,
                     conf=dict(kv.split("=", 1) for kv in conf), dedupe=dedupe)
    except (RuntimeError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(summary(counts, output), err=True)


COMMANDS = [spark_extract]
