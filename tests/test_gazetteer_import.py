"""`rasad gazetteer import` turns a GeoNames dump into a gazetteer file the loader reads."""
from click.testing import CliRunner

from rasad.cli import main
from rasad.mentions.gazetteer import load_gazetteer

# two made-up places in GeoNames' 19-column format (Arabic alternate names in column 4)
DUMP = "\n".join([
    "\t".join(["900001", "Qaryat Test", "Qaryat Test", "Qaryat Test,قرية التجربة", "33.35", "44.40", "P", "PPL",
               "IQ", "", "07", "", "", "", "1200", "", "40", "Asia/Baghdad", "2024-01-01"]),
    "\t".join(["900002", "Tall Mithal", "Tall Mithal", "تل المثال", "36.30", "43.10", "P", "PPL",
               "IQ", "", "15", "", "", "", "800", "", "250", "Asia/Baghdad", "2024-01-01"]),
    "broken line",
])


def test_import_maps_admin1_by_nearest_capital(tmp_path):
    dump = tmp_path / "IQ.txt"
    dump.write_text(DUMP, encoding="utf-8")
    out = tmp_path / "g.tsv"
    r = CliRunner().invoke(main, ["gazetteer", "import", str(dump), "-o", str(out)])
    assert r.exit_code == 0, r.output
    g = load_gazetteer([out])
    assert [p.admin1 for p in g.lookup("قرية التجربة")] == ["IQ-BG"]
    assert [p.admin1 for p in g.lookup("تل المثال")] == ["IQ-NI"]
