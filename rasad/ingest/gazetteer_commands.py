"""`rasad gazetteer …`: extend the gazetteer from GeoNames dumps without code changes."""
from __future__ import annotations

from pathlib import Path

import click

from rasad.mentions.gazetteer import user_gazetteer_dir


@click.group()
def gazetteer() -> None:
    """Inspect and extend the gazetteer."""


@gazetteer.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min-population", type=int, default=0, show_default=True, help="Skip smaller places.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="TSV to write (default: the user gazetteer folder, $RASAD_GAZETTEER_DIR).")
def import_(dump: Path, min_population: int, output: Path | None) -> None:
    """Import a GeoNames dump (IQ.txt, allCountries.txt) with its Arabic alternate names."""
    from rasad.ingest.geonames import import_dump

    out = output or user_gazetteer_dir() / f"geonames_{dump.stem}.tsv"
    n = import_dump(dump, out, min_population)
    click.echo(f"rasad: {n} places with Arabic names written to {out}", err=True)


@gazetteer.command("lookup")
@click.argument("name")
def lookup(name: str) -> None:
    """Show the places an Arabic name stands for."""
    from rasad.mentions.gazetteer import default_gazetteer

    for p in default_gazetteer().lookup(name):
        click.echo(f"{p.id}\t{p.name_en}\t{p.kind}\t{p.country}\t{p.admin1 or ''}\t{p.lat}\t{p.lon}")


COMMANDS = [gazetteer]
