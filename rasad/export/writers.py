"""The one serializer per format: stored (or freshly extracted) events as ACLED CSV, JSON Lines,
GeoJSON or Parquet, streamed. `rasad export`, `rasad extract --format csv` and the API's
/api/export all write through here.

    write(store.iter_query(q), "acled-csv", Path("events.csv"))      # a file
    for chunk in stream(store.iter_query(q), "geojson"): ...          # UTF-8 bytes for HTTP
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Optional

from rasad.export.acled import ACLED_COLUMNS, acled_row
from rasad.model import Event
from rasad.store.records import StoredEvent

FORMATS = ("acled-csv", "jsonl", "geojson", "parquet")


@dataclass(frozen=True)
class Format:
    """A text format: its media type, file ending, and how it frames rows."""

    name: str
    media_type: str
    extension: str
    header: Callable[[], str]
    row: Callable[[StoredEvent, int], Optional[str]]  # the row's text (None: left out), given rows so far
    footer: Callable[[int], str]


def stored(ev: Event) -> StoredEvent:
    """A freshly extracted event as a not-yet-stored record (pending, one source)."""
    return StoredEvent(ev)


def _csv_line(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(["" if v is None else v for v in values])
    return buf.getvalue()


def _csv_row(r: StoredEvent, _n: int) -> str:
    row = acled_row(r.event, r.review_state, r.updated_at, r.n_sources)
    return _csv_line([row[c] for c in ACLED_COLUMNS])


def _jsonl_row(r: StoredEvent, _n: int) -> str:
    d = r.event.to_dict()
    d.update(review_state=r.review_state, reviewed_by=r.reviewed_by, reviewed_at=r.reviewed_at,
             n_sources=r.n_sources)
    return json.dumps(d, ensure_ascii=False) + "\n"


def feature(r: StoredEvent) -> Optional[dict[str, Any]]:
    """A GeoJSON Feature with ACLED's columns as properties, at the event's place or, for a
    country- or region-level event, its representative point (geo_precision 3); None without either."""
    props = acled_row(r.event, r.review_state, r.updated_at, r.n_sources)
    lat, lon = props.pop("latitude"), props.pop("longitude")
    if lat is None or lon is None:
        return None
    return {"type": "Feature", "id": r.event.event_id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def _geojson_row(r: StoredEvent, n: int) -> Optional[str]:
    f = feature(r)
    return None if f is None else (",\n" if n else "") + json.dumps(f, ensure_ascii=False)


TEXT_FORMATS = {
    "acled-csv": Format("acled-csv", "text/csv; charset=utf-8", "csv", lambda: _csv_line(ACLED_COLUMNS), _csv_row,
                        lambda _n: ""),
    "jsonl": Format("jsonl", "application/x-ndjson; charset=utf-8", "jsonl", lambda: "", _jsonl_row, lambda _n: ""),
    "geojson": Format("geojson", "application/geo+json", "geojson",
                      lambda: '{"type": "FeatureCollection", "features": [\n', _geojson_row, lambda _n: "\n]}\n"),
}


class Counter:
    """How many rows a stream wrote (read after it is exhausted)."""

    n = 0


def pieces(rows: Iterable[StoredEvent], fmt: str, counter: Optional[Counter] = None) -> Iterator[str]:
    """The text of `rows` in a text format, piece by piece: header, one piece per row, footer."""
    f = TEXT_FORMATS[fmt]
    count = counter or Counter()
    yield f.header()
    for r in rows:
        text = f.row(r, count.n)
        if text is not None:
            count.n += 1
            yield text
    yield f.footer(count.n)


def stream(rows: Iterable[StoredEvent], fmt: str, size: int = 64 * 1024) -> Iterator[bytes]:
    """`pieces` as UTF-8 chunks of about `size` bytes (an HTTP response body)."""
    buf: list[str] = []
    n = 0
    for p in pieces(rows, fmt):
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf).encode("utf-8")
            buf, n = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


def write_text(rows: Iterable[StoredEvent], fmt: str, f: IO[str]) -> int:
    """Write `rows` in a text format to an open file; returns how many rows were written."""
    count = Counter()
    for p in pieces(rows, fmt, count):
        if p:
            f.write(p)
    return count.n


def write(rows: Iterable[StoredEvent], fmt: str, out: Optional[Path], stdout: Optional[IO[str]] = None) -> int:
    """Write `StoredEvent`s in `fmt` to `out` (or `stdout` for text formats); returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs an output file (-o)")
        return write_parquet(rows, out)
    f = open(out, "w", encoding="utf-8", newline="") if out else stdout
    assert f is not None
    try:
        return write_text(rows, fmt, f)
    finally:
        if out:
            f.close()


def write_csv(rows: Iterable[StoredEvent], f: IO[str]) -> int:
    """ACLED's 31 columns then Rasad's; UTF-8, one event a row."""
    return write_text(rows, "acled-csv", f)


def write_jsonl(rows: Iterable[StoredEvent], f: IO[str]) -> int:
    """Every field of the merged record, its sources and review state, one JSON object a line."""
    return write_text(rows, "jsonl", f)


def write_geojson(rows: Iterable[StoredEvent], f: IO[str]) -> int:
    """A FeatureCollection of the events, streamed feature by feature."""
    return write_text(rows, "geojson", f)


PARQUET_TYPES = {"year": "int32", "time_precision": "int8", "inter1": "int8", "inter2": "int8",
                 "interaction": "int16", "iso": "int16", "latitude": "float64", "longitude": "float64",
                 "geo_precision": "int8", "fatalities": "int32", "timestamp": "int64", "injuries": "int32",
                 "confidence": "float32", "n_sources": "int32"}


def write_parquet(rows: Iterable[StoredEvent], out: Path, batch: int = 5000) -> int:
    """ACLED's and Rasad's columns as a Parquet file, written in row groups."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, getattr(pa, PARQUET_TYPES.get(c, "string"))()) for c in ACLED_COLUMNS])
    n = 0
    with pq.ParquetWriter(out, schema) as w:
        buf: list[dict] = []
        for r in rows:
            buf.append(acled_row(r.event, r.review_state, r.updated_at, r.n_sources))
            n += 1
            if len(buf) >= batch:
                w.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf = []
        if buf or n == 0:
            w.write_table(pa.Table.from_pylist(buf, schema=schema))
    return n
