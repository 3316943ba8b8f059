"""`rasad ingest`, `rasad export`, `rasad user add`, `rasad db`: the commands over the store."""
from __future__ import annotations

import signal
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Optional

import click

DB_OPTION = click.option("--db", envvar="RASAD_DB", default="rasad.db", show_default=True,
                         help="SQLite file or postgresql:// URL (env RASAD_DB).")


def _open(db: str, dedupe_config: Optional[Path] = None, create: bool = True):
    from rasad.dedupe import load_config
    from rasad.store import Store, StoreError

    try:
        return Store.open(db, load_config(dedupe_config) if dedupe_config else None, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # a server that is down, a file we cannot write
        raise click.ClickException(f"cannot open the database {db}: {exc}") from None


def _say(msg: str) -> None:
    click.echo(f"rasad: {msg}", err=True)


class _Stop:
    """SIGTERM/SIGINT set a flag; the run ends after the batch in hand is committed."""

    def __init__(self) -> None:
        self.requested = False
        self._old: dict[int, object] = {}

    def __enter__(self) -> "_Stop":
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, _frame: object) -> None:
        if self.requested:  # a second signal: stop now
            raise KeyboardInterrupt
        self.requested = True
        _say(f"signal {signum}: finishing the batch in hand, then stopping")

    def __exit__(self, *exc: object) -> None:
        for sig, h in self._old.items():
            signal.signal(sig, h)  # type: ignore[arg-type]


def ingest_articles(store, articles: Iterable, workers: int = 1, batch: int = 64,
                    stop: Optional[_Stop] = None, progress=None):
    """Extract and store articles not yet in the store, committing one batch at a time."""
    from rasad.parallel import extract_parallel
    from rasad.store import BatchResult

    total = BatchResult()
    skipped_known = 0

    def fresh() -> Iterator:
        nonlocal skipped_known
        seen_ids: set[str] = set()
        for art in articles:
            if store.known(art):
                skipped_known += 1
                continue
            art = store.unique_id(art)
            if art.id in seen_ids:
                from dataclasses import replace
                from rasad.store import text_hash
                art = replace(art, id=f"{art.id}#{text_hash(art.text)[:10]}")
            seen_ids.add(art.id)
            yield art

    results = extract_parallel(fresh(), workers)
    while True:
        chunk = list(islice(results, batch))
        if not chunk:
            break
        r = store.add_batch(chunk)
        for f in ("added", "known", "failed", "sources", "new_events", "merged"):
            setattr(total, f, getattr(total, f) + getattr(r, f))
        for art, events, err in chunk:
            if events is None:
                _say(f"article {art.id} failed: {err}")
        if progress is not None:
            progress.update(len(chunk))
        if stop is not None and stop.requested:
            break
    total.known += skipped_known
    return total


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--published", help="Publication date (YYYY-MM-DD) for .txt inputs.")
@click.option("--input-format", type=click.Choice(["jsonl", "telegram", "html", "feed", "warc", "text"]),
              help="Read every input as this format (default: by ending, and by content for .txt, others and -).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes to extract with; the database is the same as with one.")
@click.option("--batch", type=click.IntRange(1, 10_000), default=64, show_default=True,
              help="Articles per transaction (a killed run loses at most this much work).")
@click.option("--dedupe-config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML overriding the dedupe thresholds (see docs/dedupe.md).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def ingest(inputs: tuple[str, ...], db: str, published: Optional[str], input_format: Optional[str], workers: int,
           batch: int, dedupe_config: Optional[Path], progress: Optional[bool]) -> None:
    """Read articles (JSONL, text, HTML, WARC, feeds, Telegram exports; - for standard input),
    extract, dedupe, store.

    Articles already stored (same URL or same text) are skipped, so a run that was killed can
    simply be started again."""
    from tqdm import tqdm

    from rasad.ingest import ReadStats, read_inputs

    for v in inputs:
        if v != "-" and not Path(v).exists():
            raise click.BadParameter(f"Path '{v}' does not exist.", param_hint="INPUTS")
    store = _open(db, dedupe_config)
    stats = ReadStats(report=_say)
    show = sys.stderr.isatty() if progress is None else progress
    t0 = time.perf_counter()

    def articles() -> Iterator:
        yield from read_inputs(inputs, published, stats, input_format)

    from sqlalchemy.exc import DBAPIError

    try:
        with _Stop() as stop, tqdm(desc="ingest", unit=" art", disable=not show, file=sys.stderr) as bar:
            res = ingest_articles(store, articles(), workers, batch, stop, bar)
    except DBAPIError as exc:  # locked, disk full, server gone: the batch in hand was rolled back
        store.close()
        raise click.ClickException(
            f"database error, the batch in hand was rolled back: {str(exc.orig or exc).splitlines()[0]}; "
            f"{stats.read} articles read so far — run the same command again to finish "
            "(stored articles are skipped)") from None
    dt = time.perf_counter() - t0
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted(stats.reasons.items()))
    _say(f"{stats.read} articles read: {res.added} stored, {res.known} already known, {res.failed} failed, "
         f"{stats.skipped} skipped" + (f" ({reasons})" if reasons else "")
         + f"; {res.sources} event reports → {res.new_events} new events, {res.merged} merged into known ones"
         + f"; {dt:.1f} s" + (" (stopped by signal)" if stop.requested else ""))
    store.close()


def _query(since, until, country, admin1, event_type, reviewed_only, include_rejected=False):
    from rasad.store import EventQuery

    return EventQuery(since=since, until=until, country=country, admin1=admin1, event_type=event_type,
                      reviewed_only=reviewed_only, include_rejected=include_rejected,
                      sort="event_date", descending=False)


def _iso_date(ctx, param, value):
    if value is None:
        return None
    from datetime import date
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["acled-csv", "jsonl", "geojson", "parquet"]),
              default="acled-csv", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (required for parquet; default standard output).")
@click.option("--since", callback=_iso_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=_iso_date, help="Last event date (YYYY-MM-DD).")
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. IQ.")
@click.option("--admin1", help="ISO 3166-2 code, e.g. IQ-BG.")
@click.option("--event-type", help="ACLED event type, e.g. 'Explosions/Remote violence'.")
@click.option("--reviewed-only", is_flag=True, help="Only events an analyst confirmed or edited.")
@click.option("--include-rejected", is_flag=True, help="Also events an analyst rejected.")
def export(db: str, fmt: str, output: Optional[Path], since, until, country, admin1, event_type,
           reviewed_only: bool, include_rejected: bool) -> None:
    """Write stored events as ACLED-style CSV, JSON Lines, GeoJSON or Parquet."""
    from rasad.export.writers import write

    store = _open(db, create=False)
    q = _query(since, until, country, admin1, event_type, reviewed_only, include_rejected)
    try:
        n = write(store.iter_query(q), fmt, output, sys.stdout)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    _say(f"{n} events written" + (f" to {output}" if output else ""))
    store.close()


@click.group()
def user() -> None:
    """Reviewers who may confirm, edit and reject events."""


@user.command("add")
@click.argument("name")
@DB_OPTION
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, default="",
              help="Password for the dashboard login (asked when not given; empty: token only).")
def user_add(name: str, db: str, password: str) -> None:
    """Create a reviewer (or reset one) and print their API token once."""
    store = _open(db)
    from rasad.store import StoreError
    try:
        token = store.add_user(name, password or None)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(token)
    _say(f"user {name} saved; the line above is their API token (shown once; stored hashed)")


@click.group("db")
def db_group() -> None:
    """The database itself: migrations and counts."""


@db_group.command("migrate")
@DB_OPTION
def db_migrate(db: str) -> None:
    """Create the schema or bring it to the latest version."""
    from rasad.store.migrations import LATEST
    store = _open(db)
    _say(f"{db}: schema at v{LATEST}")
    store.close()


@db_group.command("info")
@DB_OPTION
def db_info(db: str) -> None:
    """Rows per table and the schema version."""
    from rasad.store.migrations import current_version
    store = _open(db, create=False)
    click.echo(f"schema v{current_version(store.engine)} ({store.dialect})")
    for k, v in store.totals().items():
        click.echo(f"{k}\t{v}")
    store.close()


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@DB_OPTION
@click.option("--interval", type=click.FloatRange(1, 86_400), default=300, show_default=True,
              help="Seconds between polls.")
@click.option("--timeout", type=click.FloatRange(0.5, 300), default=15, show_default=True,
              help="Seconds to wait for a feed before giving up on it this round.")
@click.option("--once", is_flag=True, help="Poll every feed once, ingest, and stop.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
def watch(feeds: tuple[str, ...], db: str, interval: float, timeout: float, once: bool, workers: int) -> None:
    """Poll RSS/Atom feeds on an interval and ingest only what is new.

    A feed that times out or returns garbage is reported and polled again next round; SIGTERM
    or Ctrl-C stops after the batch in hand is committed. Articles already stored (same URL or
    text) are never stored twice, so stopping and starting again loses and duplicates nothing."""
    from rasad.ingest import ReadStats
    from rasad.ingest.feeds import poll_many

    store = _open(db)
    stats = ReadStats(report=_say)
    seen: set[str] = set()
    rounds = 0
    with _Stop() as stop:
        while not stop.requested:
            rounds += 1
            arts, errors = [], {}
            for feed in feeds:  # one at a time, so a stop never waits for more than one --timeout
                if stop.requested:
                    break
                got, errs = poll_many([feed], seen, timeout, stats)
                arts.extend(got)
                errors.update(errs)
            for url, err in errors.items():
                _say(f"feed failed, will retry: {err}")
            fresh = [a for a in arts if not store.known(a)]
            res = ingest_articles(store, fresh, workers, 64, stop) if fresh else None
            _say(f"round {rounds}: {len(arts)} new entries, {res.added if res else 0} stored, "
                 f"{res.new_events if res else 0} new events, {res.merged if res else 0} merged, "
                 f"{len(errors)} feeds failed")
            if once:
                break
            deadline = time.monotonic() + interval
            while not stop.requested and time.monotonic() < deadline:
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
    store.close()


COMMANDS = [ingest, export, user, db_group, watch]
