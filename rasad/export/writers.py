"""Write stored events as ACLED-style CSV, JSON Lines, GeoJSON or Parquet, streaming."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Iterable, Optional

from rasad.export.acled import ACLED_COLUMNS, acled_row

FORMATS = ("acled-csv", "jsonl", "geojson", "parquet")


def write(rows: Iterable, fmt: str, out: Optional[Path], stdout: Optional[IO[str]] = None) -> int:
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
        return {"acled-csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}[fmt](rows, f)
    finally:
        if out:
            f.close()


def write_csv(rows: Iterable, f: IO[str]) -> int:
    """ACLED's columns then Rasad's; UTF-8, one event a row."""
    w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow(acled_row(r.event, r.review_state, r.updated_at))
        n += 1
    return n


def write_jsonl(rows: Iterable, f: IO[str]) -> int:
    """Every field of the merged record, its sources and review state, one JSON object a line."""
    n = 0
    for r in rows:
        d = r.event.to_dict()
        d.update(review_state=r.review_state, reviewed_by=r.reviewed_by, reviewed_at=r.reviewed_at,
                 n_sources=r.n_sources)
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
        n += 1
    return n


def feature(r) -> Optional[dict]:
    """A GeoJSON Feature for a stored event with coordinates (None without)."""
    ev = r.event
    if ev.latitude is None or ev.longitude is None:
        return None
    props = acled_row(ev, r.review_state, r.updated_at)
    props.pop("latitude"), props.pop("longitude")
    return {"type": "Feature", "id": ev.event_id,
            "geometry": {"type": "Point", "coordinates": [ev.longitude, ev.latitude]},
            "properties": props}


def write_geojson(rows: Iterable, f: IO[str]) -> int:
    """A FeatureCollection of the events that have coordinates, streamed feature by feature."""
    f.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for r in rows:
        feat = feature(r)
        if feat is None:
            continue
        f.write((",\n" if n else "") + json.dumps(feat, ensure_ascii=False))
        n += 1
    f.write("\n]}\n")
    return n


def write_parquet(rows: Iterable, out: Path, batch: int = 5000) -> int:
    """ACLED's and Rasad's columns as a Parquet file, written in row groups."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"year": pa.int32(), "time_precision": pa.int8(), "interaction": pa.int16(),
             "latitude": pa.float64(), "longitude": pa.float64(), "geo_precision": pa.int8(),
             "fatalities": pa.int32(), "timestamp": pa.int64(), "injuries": pa.int32(),
             "confidence": pa.float32(), "n_sources": pa.int32()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in ACLED_COLUMNS])
    n = 0
    with pq.ParquetWriter(out, schema) as w:
        buf: list[dict] = []
        for r in rows:
            buf.append(acled_row(r.event, r.review_state, r.updated_at))
            n += 1
            if len(buf) >= batch:
                w.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf = []
        if buf or n == 0:
            w.write_table(pa.Table.from_pylist(buf, schema=schema))
    return n
