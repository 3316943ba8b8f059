"""--workers 2 writes exactly what one worker writes."""
import json

from click.testing import CliRunner

from rasad.cli import main

TEXTS = [
    "انفجرت عبوة ناسفة على رتل في قضاء المسيب شمالي بابل أمس دون إصابات.",
    "سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية فجر اليوم.",
    "نظم العشرات وقفة احتجاجية أمام مبنى محافظة البصرة أمس.",
    "هدد قائد الفصيل باستهداف القواعد الأمريكية.",
    "شن الطيران الحربي الإسرائيلي غارات على بلدات الخيام وميس الجبل أمس.",
]


def test_two_workers_same_output(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "published": "2024-03-12", "text": TEXTS[i % len(TEXTS)]},
                                        ensure_ascii=False) for i in range(60)), encoding="utf-8")
    outs = []
    for w in ("1", "2"):
        out = tmp_path / f"out{w}.jsonl"
        r = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "--workers", w])
        assert r.exit_code == 0, r.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and outs[0].count("\n") == 12 * 5


def test_same_output_whatever_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "published": "2024-03-12", "text": t}, ensure_ascii=False)
                             for i, t in enumerate(TEXTS)), encoding="utf-8")
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-m", "rasad.cli", "extract", str(src)], env=env,
                           capture_output=True, text=True, check=True)
        outs.add(r.stdout)
    assert len(outs) == 1
