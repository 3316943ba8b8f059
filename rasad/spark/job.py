"""Rasad on Spark: articles in (JSON Lines, Parquet, WARC), events out as Parquet by year/month.

    rasad spark-extract articles.jsonl -o events/ --master local[2]
    python -m rasad.spark.job articles.jsonl -o events/ --master local[2]
    spark-submit --master yarn rasad/spark/job.py --format warc s3://…/warc.paths.gz -o s3://…/events/

A thin wrapper over `rasad.pipeline.extract_article`: each partition runs the same function
`rasad extract` runs, so the events are the same. docs/spark.md tells how to run it on a
cluster (EMR, Dataproc) over Common Crawl's CC-NEWS.

Inputs (local paths, globs, or URIs Hadoop reads: s3://, s3a://, hdfs://, gs://):

* ``jsonl``: FORMAT.md objects (id, text, published, title, url, source), one a line,
  plain or gzipped; read with ``textFile``, so a large file is split between tasks. Lines
  are checked as `rasad extract` checks them (`rasad.ingest.jsonl.article_from_obj`, then
  the Arabic-document filter); bad lines are counted and skipped.
* ``parquet``: the same columns (absent optional columns are null).
* ``warc``: WARC/ARC files, plain or gzipped, or ``*.paths``/``*.paths.gz`` listings as
  Common Crawl publishes them (lines relative to ``--warc-prefix``). One task per file,
  streamed with warcio by `rasad.ingest.warc.read_warc` (trafilatura for the main text),
  the way Common Crawl's cc-pyspark reads WARCs in ``mapPartitions``: a remote file is
  first copied to the executor's local temporary directory.

Output: Parquet under OUTDIR, partitioned ``year=YYYY/month=M`` by `event_date` (events
without a date go to Spark's ``__HIVE_DEFAULT_PARTITION__``). One column per `Event` field
with its own name; `trigger`, `evidence`, `provenance` and `sources` are JSON strings.

Lexicons and the gazetteer are loaded once per Python worker process (module-level caches;
Spark reuses its Python workers between tasks by default), not once per article or record.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import glob
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from rasad.model import Article, Event

log = logging.getLogger("rasad.spark")

FORMATS = ("jsonl", "parquet", "warc")
ARTICLE_COLUMNS = ("id", "text", "published", "title", "url", "source")
PARTITION_COLUMNS = ("year", "month")
CC_PREFIX = "s3://commoncrawl/"
WRITE_MODES = ("error", "overwrite", "append")

_WARC_ENDINGS = (".warc", ".warc.gz", ".arc", ".arc.gz")
_PATHS_ENDINGS = (".paths", ".paths.gz")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):(?=/)")  # s3://…, file:///…, file:/… (not C:\\)

# -- events as flat rows (pure Python: no Spark needed to call these) ------------------------


def _kind(annotation: Any) -> str:
    """'string', 'int', 'double' or 'json' for an Event field's annotation (a string here)."""
    a = str(annotation).replace("typing.", "").replace(" ", "")
    m = re.fullmatch(r"Optional\[(.+)\]", a)
    a = m.group(1) if m else a.removesuffix("|None")
    return {"str": "string", "int": "int", "float": "double"}.get(a, "json")


def event_columns() -> list[tuple[str, str]]:
    """(column, kind) for every Event field, in the dataclass's order, then year and month."""
    cols = [(f.name, _kind(f.type)) for f in dataclasses.fields(Event)]
    return cols + [(c, "int") for c in PARTITION_COLUMNS]


def _year_month(event_date: Optional[str]) -> tuple[Optional[int], Optional[int]]:
    m = re.match(r"(\d{4})-(\d{2})", event_date or "")
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def event_row(ev: Event, columns: Optional[Sequence[tuple[str, str]]] = None) -> tuple:
    """One event as a tuple in `event_columns()` order: nested records as JSON strings."""
    columns = columns or event_columns()
    d = ev.to_dict()
    d["year"], d["month"] = _year_month(ev.event_date)
    row = []
    for name, kind in columns:
        v = d.get(name)
        if kind == "json":
            v = None if v is None else json.dumps(v, ensure_ascii=False, default=str)
        elif v is not None:
            v = {"string": str, "int": int, "double": float}[kind](v)
        row.append(v)
    return tuple(row)


def spark_schema(columns: Optional[Sequence[tuple[str, str]]] = None) -> Any:
    """The StructType of the output rows."""
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "json": T.StringType(), "int": T.IntegerType(), "double": T.DoubleType()}
    return T.StructType([T.StructField(n, kinds[k], True) for n, k in (columns or event_columns())])


# -- articles in (runs on the executors) ------------------------------------------------------


class Counters:
    """Spark accumulators for the run's summary line (retried tasks may count twice)."""

    def __init__(self, sc: Any):
        self.read = sc.accumulator(0)
        self.skipped = sc.accumulator(0)
        self.failed = sc.accumulator(0)
        self.events = sc.accumulator(0)

    def value(self) -> dict[str, int]:
        return {"read": self.read.value, "skipped": self.skipped.value, "failed": self.failed.value,
                "events": self.events.value}


def _checked(obj: Any, counters: Optional[Counters], where: str) -> Optional[Article]:
    """The Article of one record, checked as `rasad extract` checks a JSON Lines line; None if skipped."""
    from rasad.ingest.html import text_id
    from rasad.ingest.jsonl import article_from_obj
    from rasad.ingest.language import document_problem

    try:
        fallback = text_id(obj["text"]) if isinstance(obj, dict) and isinstance(obj.get("text"), str) else ""
        art = article_from_obj(obj, fallback)
        problem = document_problem(art.text)
    except ValueError as exc:
        problem = str(exc)
    if problem:
        log.warning("%s: skipped: %s", where, problem)
        if counters:
            counters.skipped.add(1)
        return None
    if counters:
        counters.read.add(1)
    return art


def articles_from_lines(lines: Iterable[str], counters: Optional[Counters] = None) -> Iterator[Article]:
    """Articles of JSON Lines text lines (one partition of a textFile)."""
    for line in lines:
        line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            log.warning("skipped: malformed JSON (%s)", exc)
            if counters:
                counters.skipped.add(1)
            continue
        art = _checked(obj, counters, "jsonl")
        if art is not None:
            yield art


def articles_from_rows(rows: Iterable[Any], counters: Optional[Counters] = None) -> Iterator[Article]:
    """Articles of Parquet rows with the ARTICLE_COLUMNS (one partition)."""
    for row in rows:
        obj = {k: v for k, v in row.asDict().items() if not (k == "id" and v is None)}  # null id: none given
        art = _checked(obj, counters, "parquet")
        if art is not None:
            yield art


def _scheme(uri: str) -> str:
    m = _SCHEME.match(uri)
    return m.group(1).lower() if m else ""


def _local_path(uri: str) -> str:
    """The file system path of a local path or file: URI."""
    if _scheme(uri) == "file":
        from urllib.parse import unquote, urlsplit

        return unquote(urlsplit(uri).path)
    return uri


@contextlib.contextmanager
def local_copy(uri: str) -> Iterator[Path]:
    """A local path for `uri`: itself when local, else a copy in the temporary directory, removed after."""
    scheme = _scheme(uri)
    if scheme in ("", "file"):
        yield Path(_local_path(uri))
        return
    suffix = ".gz" if uri.endswith(".gz") else ""
    fd, tmp = tempfile.mkstemp(prefix="rasad-warc-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            if scheme in ("http", "https"):
                from urllib.request import urlopen

                with urlopen(uri, timeout=60) as src:  # noqa: S310 (a URI the user gave)
                    shutil.copyfileobj(src, out, 1 << 20)
            else:  # s3, s3a, hdfs, gs, …: pyarrow's filesystems (AWS/GCP credentials from the environment)
                from pyarrow import fs

                fsys, path = fs.FileSystem.from_uri(re.sub(r"^s3[an]://", "s3://", uri))
                with fsys.open_input_stream(path) as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        yield Path(tmp)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def articles_from_warcs(uris: Iterable[str], counters: Optional[Counters] = None) -> Iterator[Article]:
    """Articles of the HTML pages in WARC files (one partition = a few files), streaming."""
    from rasad.ingest.jsonl import ReadStats
    from rasad.ingest.warc import read_warc

    for uri in uris:
        stats = ReadStats(report=lambda msg: log.info("%s", msg))
        try:
            with local_copy(uri) as path:
                yield from read_warc(path, stats)
        except OSError as exc:  # an unreadable remote file: counted, the job goes on
            log.warning("%s: skipped: %s", uri, exc)
            stats.skipped += 1
        if counters:
            counters.read.add(stats.read)
            counters.skipped.add(stats.skipped)


# -- events out (runs on the executors) -------------------------------------------------------


def _events(articles: Iterable[Article], counters: Optional[Counters] = None) -> Iterator[Event]:
    """The events of a partition's articles; an article that raises is counted, not fatal."""
    from rasad.mentions.matcher import default_matcher
    from rasad.pipeline import extract_article

    matcher = default_matcher()  # built on the first call in this Python worker, then cached
    for art in articles:
        try:
            events = extract_article(art, matcher)
        except Exception as exc:  # noqa: BLE001 (one bad article must not lose the job)
            log.warning("article %s failed: %r", art.id, exc)
            if counters:
                counters.failed.add(1)
            continue
        if counters:
            counters.events.add(len(events))
        yield from events


def extract_rows(articles: Iterable[Article], counters: Optional[Counters] = None) -> Iterator[tuple]:
    """The rows of the events of a partition's articles."""
    columns = event_columns()
    for ev in _events(articles, counters):
        yield event_row(ev, columns)


def extract_json(articles: Iterable[Article], counters: Optional[Counters] = None) -> Iterator[str]:
    """Like `extract_rows`, but each event as its JSON record (for the dedupe stage)."""
    for ev in _events(articles, counters):
        yield json.dumps(ev.to_dict(), ensure_ascii=False)


def keyed(record: str) -> list[tuple[tuple[str, str], str]]:
    """A record under every (country, month) group it belongs to (rasad.dedupe.partition)."""
    from rasad.dedupe.partition import keys

    return [(k, record) for k, _copy in keys(Event.from_dict(json.loads(record)))]


def deduped_rows(group: tuple[tuple[str, str], Iterable[str]]) -> list[tuple]:
    """The merged events one (country, month) group owns, as output rows."""
    from rasad.dedupe.partition import cluster_group

    key, records = group
    columns = event_columns()
    return [event_row(ev, columns) for ev in cluster_group(key, [Event.from_dict(json.loads(r)) for r in records])]


# -- the driver ---------------------------------------------------------------------------------


def guess_format(inputs: Sequence[str]) -> str:
    """jsonl, parquet or warc from the inputs' endings (jsonl when nothing says otherwise)."""
    first = inputs[0].lower().rstrip("/")
    if _scheme(inputs[0]) in ("", "file") and os.path.isdir(_local_path(inputs[0])):
        names = [f.lower() for _, _, fs in os.walk(_local_path(inputs[0])) for f in fs]
        for fmt, endings in (("parquet", (".parquet", ".pq")), ("warc", _WARC_ENDINGS + _PATHS_ENDINGS)):
            if any(n.endswith(endings) for n in names):
                return fmt
    if first.endswith(_WARC_ENDINGS + _PATHS_ENDINGS) or "/warc/" in first or "cc-news" in first:
        return "warc"
    if first.endswith((".parquet", ".pq")):
        return "parquet"
    return "jsonl"


def ensure_java() -> None:
    """Point JAVA_HOME at a usable JDK/JRE before PySpark starts its JVM.

    An unset JAVA_HOME is fine when `java` is on PATH; a JAVA_HOME that has no bin/java
    (a stale setting, a JDK removed) is replaced by the one `java` on PATH belongs to.
    """
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("Spark needs Java (17 or later for PySpark 4): install a JRE, e.g. "
                           "`apt-get install openjdk-17-jre-headless` (scripts/ci.d/10-java.sh does it on CI)")
    os.environ["JAVA_HOME"] = str(Path(java).resolve().parent.parent)


def _launching_our_own_jvm() -> bool:
    """False under spark-submit (or inside a running PySpark), which already set Spark up."""
    return "PYSPARK_GATEWAY_PORT" not in os.environ


def spark_session(master: Optional[str] = None, app_name: str = "rasad-extract",
                  conf: Optional[dict[str, str]] = None) -> Any:
    """The SparkSession (an active one is reused); a local master gets local-friendly settings."""
    if _launching_our_own_jvm():
        ensure_java()
        # Python workers must run the interpreter that has Rasad installed
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        if master is None or master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no hostname lookups on a laptop or CI box
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app_name)
    local = (master is None and _launching_our_own_jvm()) or (master or "").startswith("local")
    if master:
        b = b.master(master)
    if local:
        b = (b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.sql.shuffle.partitions", "4"))
    b = b.config("spark.sql.session.timeZone", "UTC")
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    return b.getOrCreate()


def _expand_local(paths: Sequence[str], endings: tuple[str, ...]) -> list[str]:
    """Local directories and globs expanded to absolute file paths (sorted); URIs left as they are."""
    out: list[str] = []
    for p in paths:
        if _scheme(p) not in ("", "file"):
            out.append(p)
            continue
        local = _local_path(p)
        hits = sorted(glob.glob(local)) if glob.has_magic(local) else [local]
        if not hits or not all(os.path.exists(h) for h in hits):
            raise ValueError(f"{p}: no such file or directory")
        for h in hits:
            if os.path.isdir(h):
                out.extend(sorted(os.path.abspath(os.path.join(dp, f)) for dp, _, fs in os.walk(h) for f in fs
                                  if f.lower().endswith(endings)))
            else:
                out.append(os.path.abspath(h))
    return out


def warc_uris(spark: Any, inputs: Sequence[str], prefix: str = CC_PREFIX) -> list[str]:
    """The WARC files to read: inputs themselves, and the lines of any *.paths(.gz) listing."""
    uris: list[str] = []
    for p in _expand_local(inputs, _WARC_ENDINGS + _PATHS_ENDINGS):
        if p.lower().endswith(_PATHS_ENDINGS):
            lines = spark.sparkContext.textFile(p).map(str.strip).filter(bool).collect()
            uris.extend(x if _scheme(x) else prefix.rstrip("/") + "/" + x.lstrip("/") for x in lines)
        else:
            uris.append(p)
    return uris


def read_articles(spark: Any, inputs: Sequence[str], fmt: str, counters: Optional[Counters] = None,
                  warc_prefix: str = CC_PREFIX, partitions: Optional[int] = None) -> Any:
    """An RDD of Articles from the inputs."""
    sc = spark.sparkContext
    if fmt == "jsonl":
        paths = _expand_local(inputs, (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz"))
        rdd = sc.textFile(",".join(paths), minPartitions=partitions or sc.defaultParallelism)
        arts = rdd.mapPartitions(lambda it: articles_from_lines(it, counters))
    elif fmt == "parquet":
        from pyspark.sql import functions as F

        df = spark.read.parquet(*_expand_local(inputs, (".parquet", ".pq")))
        have = {c.lower(): c for c in df.columns}
        df = df.select(*[(F.col(have[c]).cast("string") if c in have else F.lit(None).cast("string")).alias(c)
                         for c in ARTICLE_COLUMNS])
        arts = df.rdd.mapPartitions(lambda it: articles_from_rows(it, counters))
    elif fmt == "warc":
        uris = warc_uris(spark, inputs, warc_prefix)
        if not uris:
            raise ValueError("no WARC files among the inputs")
        rdd = sc.parallelize(uris, len(uris))  # one task per file
        arts = rdd.mapPartitions(lambda it: articles_from_warcs(it, counters))
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if partitions and fmt != "jsonl":
        arts = arts.repartition(partitions)
    return arts


def run(inputs: Sequence[str], output: str, fmt: Optional[str] = None, master: Optional[str] = None,
        mode: str = "error", partitions: Optional[int] = None, warc_prefix: str = CC_PREFIX,
        spark: Any = None, conf: Optional[dict[str, str]] = None, dedupe: bool = False) -> dict[str, int]:
    """Extract the events of `inputs` into Parquet under `output`; returns the run's counts."""
    if not inputs:
        raise ValueError("no inputs")
    if mode not in WRITE_MODES:
        raise ValueError(f"unknown write mode {mode!r}; one of {', '.join(WRITE_MODES)}")
    for p in inputs:  # a mistyped local path fails here, before a JVM is started
        local = _local_path(p)
        if _scheme(p) in ("", "file") and not (glob.glob(local) if glob.has_magic(local) else os.path.exists(local)):
            raise ValueError(f"{p}: no such file or directory")
    fmt = fmt or guess_format(inputs)
    if spark is None:
        from pyspark.sql import SparkSession

        own = SparkSession.getActiveSession() is None  # stop only a session started here
        spark = spark_session(master, conf=conf)
    else:
        own = False
    try:
        counters = Counters(spark.sparkContext)
        arts = read_articles(spark, inputs, fmt, counters, warc_prefix, partitions)
        if dedupe:  # one record per event across articles, clustered per (country, month)
            rows = (arts.mapPartitions(lambda it: extract_json(it, counters))
                    .flatMap(keyed).groupByKey().flatMap(deduped_rows))
        else:
            rows = arts.mapPartitions(lambda it: extract_rows(it, counters))
        df = spark.createDataFrame(rows, spark_schema())
        df.write.mode(mode).partitionBy(*PARTITION_COLUMNS).parquet(output)
        return counters.value()
    finally:
        if own:
            spark.stop()


def summary(counts: dict[str, int], output: str) -> str:
    """The line `rasad extract` prints at the end, for the Spark run."""
    return (f"rasad: {counts['read']} articles read, {counts['events']} events, {counts['skipped']} skipped"
            + (f", {counts['failed']} failed" if counts["failed"] else "") + f"; Parquet in {output}")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m rasad.spark.job", description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, globs or URIs")
    ap.add_argument("-o", "--output", required=True, help="output directory (local path or URI)")
    ap.add_argument("--format", choices=FORMATS, help="input format (default: from the first input's ending)")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    ap.add_argument("--mode", choices=WRITE_MODES, default="error",
                    help="when OUTDIR exists: fail (default), overwrite it, or add to it")
    ap.add_argument("--partitions", type=int, help="spread the articles over this many tasks")
    ap.add_argument("--warc-prefix", default=CC_PREFIX,
                    help=f"prefix for relative lines of *.paths listings (default {CC_PREFIX}; "
                         "https://data.commoncrawl.org/ off AWS)")
    ap.add_argument("--dedupe", action="store_true",
                    help="merge reports of one event across articles (clustered per country and month)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark settings")
    return ap


def main(argv: Optional[list[str]] = None) -> None:
    a = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="rasad: %(message)s", stream=sys.stderr)
    conf = dict(kv.split("=", 1) for kv in a.conf)
    counts = run(a.inputs, a.output, a.format, a.master, a.mode, a.partitions, a.warc_prefix, conf=conf,
                 dedupe=a.dedupe)
    print(summary(counts, a.output), file=sys.stderr)


if __name__ == "__main__":  # spark-submit rasad/spark/job.py … or python -m rasad.spark.job …
    # run the installed module's main, so the functions shipped to executors are pickled by
    # reference to rasad.spark.job rather than by value from __main__
    from rasad.spark.job import main as _main

    _main()
