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


# -- rasad.parallel.extract_parallel directly -------------------------------------------------

def _arts(n, texts=TEXTS):
    from rasad.model import Article

    return [Article(id=f"a{i}", text=texts[i % len(texts)], published="2024-03-12") for i in range(n)]


def _key(results):
    return [(a.id, None if evs is None else [e.to_dict() for e in evs], err) for a, evs, err in results]


def test_extract_parallel_in_input_order_whatever_the_chunk():
    from rasad.parallel import extract_parallel
    from rasad.pipeline import extract_article

    arts = _arts(23)
    want = [(a.id, [e.to_dict() for e in extract_article(a)], None) for a in arts]
    for workers, chunk in ((1, 32), (2, 1), (2, 4), (2, 32), (3, 5)):
        assert _key(extract_parallel(iter(arts), workers, chunk=chunk)) == want, (workers, chunk)


def test_extract_parallel_empty_input():
    from rasad.parallel import extract_parallel

    assert list(extract_parallel([], 2)) == []
    assert list(extract_parallel(iter([]), 1)) == []


def test_extract_parallel_reports_a_failing_article_and_goes_on(monkeypatch):
    import rasad.pipeline
    from rasad.parallel import extract_parallel

    real = rasad.pipeline.extract_article

    def flaky(art, matcher=None):
        if art.id == "a5":
            raise ValueError("boom")
        return real(art, matcher)

    monkeypatch.setattr(rasad.pipeline, "extract_article", flaky)  # forked workers inherit it
    for workers in (1, 2):
        res = list(extract_parallel(_arts(12), workers, chunk=2))
        assert [a.id for a, _, _ in res] == [f"a{i}" for i in range(12)]
        assert [a.id for a, evs, _ in res if evs is None] == ["a5"]
        assert "boom" in res[5][2]


def test_extract_parallel_survives_a_dying_worker(monkeypatch):
    import multiprocessing as mp
    import os

    import pytest

    import rasad.pipeline
    from rasad.parallel import extract_parallel

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the patched extractor reaches the workers only by fork")
    real = rasad.pipeline.extract_article
    parent = os.getpid()

    def deadly(art, matcher=None):
        if art.id == "a7" and os.getpid() != parent:
            os._exit(3)  # what the kernel's OOM killer or a segfault looks like to the pool
        return real(art, matcher)

    monkeypatch.setattr(rasad.pipeline, "extract_article", deadly)
    res = list(extract_parallel(_arts(20), 2, chunk=3))
    assert [a.id for a, _, _ in res] == [f"a{i}" for i in range(20)]
    failed = [(a.id, err) for a, evs, err in res if evs is None]
    assert len(failed) == 1 and failed[0][0] == "a7" and "worker process died" in failed[0][1]
    want = [[e.to_dict() for e in real(a)] for a in _arts(20)]
    assert [None if evs is None else [e.to_dict() for e in evs] for _, evs, _ in res] == \
        [None if i == 7 else w for i, w in enumerate(want)]
