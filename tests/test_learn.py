"""The trained layer: features, JSON models, decisions with provenance, training, coded corpus.

Every Arabic sentence here was written for these tests.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.events.decide import apart, decide
from rasad.learn import train as T
from rasad.learn.corpus import load_coded
from rasad.learn.features import date_options, gate_features, place_options
from rasad.learn.models import LinearModel, Models, SoftmaxModel, save, shipped
from rasad.model import Article
from rasad.pipeline import analyse, extract_article

STRIKE = Article(id="t1", published="2024-03-12",
                 text="قتل ثلاثة مدنيين، أمس الاثنين، بقصف مدفعي استهدف قرية في قضاء طوزخورماتو بمحافظة صلاح الدين.")
THREAT = Article(id="t2", published="2024-03-12",
                 text="هدد فصيل مسلح، اليوم الثلاثاء، باستهداف القواعد الأمريكية في العراق إذا لم تنسحب القوات.")


def _proposal(article: Article):
    ctx, props, _ = analyse(article)
    assert props, "the rules propose nothing"
    return ctx, props[0]


def test_gate_features_name_the_rules_cues_and_words():
    ctx, pr = _proposal(STRIKE)
    f = gate_features(ctx, pr)
    assert f["verdict=real"] == 1.0
    assert f["sub=Shelling/artillery/missile attack"] == 1.0
    assert any(k.startswith("drule=time:yesterday") for k in f)
    assert f.get("fat>0") == 1.0
    assert "w:مدنيين" in f  # the sentence's words, without «و» and «ال»
    ctx2, pr2 = _proposal(THREAT)
    f2 = gate_features(ctx2, pr2)
    assert f2.get("verdict=real") is None and f2["mod=threatened"] == 1.0


def test_place_and_date_options_include_the_rules_choice_and_alternatives():
    ctx, pr = _proposal(STRIKE)
    places = place_options(ctx, pr)
    keys = {o.key for o in places}
    assert ("IQ", "IQ-SD") in keys and (None, None) in keys
    assert any(o.features.get("rule_choice") for o in places if o.key == ("IQ", "IQ-SD"))
    days = {o.value: o for o in date_options(ctx, pr)}
    assert days[date(2024, 3, 11)].features.get("rule_choice") == 1.0  # «أمس الاثنين»
    assert date(2024, 3, 12) in days  # the publication day is always an option


def test_linear_model_round_trips_as_json_and_explains(tmp_path: Path):
    m = LinearModel("gate", "9", {"verdict=real": 2.0, "mod=threat": -3.0}, -0.5, 0.4, {"texts": 3})
    save(Models(gate=m), tmp_path)
    back = LinearModel.from_json(json.loads((tmp_path / "gate.json").read_text(encoding="utf-8")))
    assert back.score({"verdict=real": 1.0}) == pytest.approx(m.score({"verdict=real": 1.0}))
    assert back.score({"verdict=real": 1.0}) > 0.8 > 0.1 > back.score({"mod=threat": 1.0})
    assert back.explain({"verdict=real": 1.0, "unknown": 1.0})[0][0] == "verdict=real"


def test_softmax_model_picks_the_heavier_class():
    m = SoftmaxModel("subtype", "1", ["Air/drone strike", "Armed clash"],
                     {"Air/drone strike": {"w:غاره": 3.0}, "Armed clash": {"w:اشتباكات": 3.0}},
                     {"Air/drone strike": 0.0, "Armed clash": 0.0})
    assert m.best({"w:غاره": 1.0})[0] == "Air/drone strike"
    assert m.best({"w:اشتباكات": 1.0})[0] == "Armed clash"
    assert sum(m.scores({"w:غاره": 1.0}).values()) == pytest.approx(1.0)


def test_a_gate_that_says_no_drops_the_rules_event_and_says_why_when_yes():
    ctx, props, rule_events = analyse(STRIKE)
    assert rule_events
    no = Models(gate=LinearModel("gate", "1", {}, -5.0, 0.5))
    assert decide(ctx, props, no) == []
    yes = Models(gate=LinearModel("gate", "7", {}, 5.0, 0.5))
    evs = decide(ctx, props, yes)
    assert len(evs) == 1
    ev = evs[0]
    assert ev.confidence == pytest.approx(0.993, abs=0.001)  # the gate's probability
    gate_prov = [p for p in ev.provenance if p.field == "event"]
    assert gate_prov and gate_prov[0].rule == "model:gate@7"
    assert (ev.country, ev.admin1, ev.event_date) == ("IQ", "IQ-SD", "2024-03-11")


UNPLACED = Article(id="t4", published="2024-03-12", text="قصفت طائرات مسيرة مجهولة، فجر اليوم، موقعا عسكريا ومخزنا للأسلحة.")


def test_the_gate_needs_more_to_add_an_event_the_rules_stopped():
    ctx, props, rule_events = analyse(UNPLACED)
    assert not rule_events and props[0].verdict == "unlocated"
    half = LinearModel("gate", "1", {}, 0.0, 0.1, {"threshold_add": 0.9})  # p = 0.5 for everything
    assert decide(ctx, props, Models(gate=half)) == []
    sure = LinearModel("gate", "1", {}, 4.0, 0.1, {"threshold_add": 0.9})
    evs = decide(ctx, props, Models(gate=sure))
    assert len(evs) == 1 and evs[0].admin1 is None and evs[0].geo_precision == 3  # an event whose place is unknown


def test_threats_stay_stopped_however_sure_the_gate():
    ctx, props, rule_events = analyse(THREAT)
    assert not rule_events
    sure = LinearModel("gate", "1", {}, 9.0, 0.1, {"threshold_add": 0.5})
    assert decide(ctx, props, Models(gate=sure)) == []


def test_place_ranker_overrules_the_rules_only_by_its_margin():
    art = Article(id="t1b", published="2024-03-12", text=STRIKE.text + "\n\nوفي شأن آخر، زار وزير الداخلية محافظة كركوك.")
    ctx, props, _ = analyse(art)
    # a ranker that prefers a governorate named in another paragraph over the frame's own
    far = LinearModel("place", "1", {"where=article>": 3.0, "where=paragraph>": 3.0}, 0.0, 0.5,
                      {"override_margin": 0.0})
    ev = decide(ctx, props, Models(place=far))[0]
    assert (ev.country, ev.admin1) == ("IQ", "IQ-KI")
    assert any(p.field == "place_choice" and p.rule == "model:place@1" for p in ev.provenance)
    timid = LinearModel("place", "1", far.weights, 0.0, 0.5, {"override_margin": 0.99})
    assert decide(ctx, props, Models(place=timid))[0].admin1 == "IQ-SD"


def test_a_country_the_ranker_picks_is_narrowed_to_the_governorate_the_frame_names():
    ctx, props, _ = analyse(STRIKE)
    # a ranker that prefers the country alone: the frame names Salah al-Din (GUIDELINES §5)
    coarse = LinearModel("place", "1", {"no_admin1": 3.0, "country_only": 3.0, "kind=country": 3.0}, 0.0, 0.5,
                         {"override_margin": 0.0})
    assert decide(ctx, props, Models(place=coarse))[0].admin1 == "IQ-SD"


def test_guidelines_keep_two_governorates_apart_whatever_the_pair_model_says():
    text = ("انفجرت عبوة ناسفة، صباح الاثنين، على رتل في محافظة بابل. "
            "وانفجرت عبوة ناسفة أخرى، ظهر الاثنين، على رتل في محافظة الديوانية.")
    art = Article(id="t3", published="2024-03-12", text=text)
    ctx, props, _ = analyse(art)
    always = LinearModel("pair", "1", {}, 9.0, 0.5)
    evs = decide(ctx, props, Models(pair=always))
    assert sorted(e.admin1 for e in evs) == ["IQ-BB", "IQ-QA"]
    a, b = evs
    assert apart(props[0], a, props[1], b)


def test_rules_only_switch_gives_the_rules_events():
    rules = extract_article(STRIKE, learned=False)
    assert [(e.sub_event_type, e.admin1) for e in rules] == [("Shelling/artillery/missile attack", "IQ-SD")]


def test_shipped_models_load_lazily_and_are_json():
    ms = shipped()
    if ms is None:
        pytest.skip("no models shipped in this checkout")
    assert ms.gate is not None and ms.gate.card.get("texts", 0) > 0
    models_dir = Path(__file__).resolve().parents[1] / "rasad" / "data" / "models"
    assert not list(models_dir.glob("*.pkl")) and not list(models_dir.glob("*.joblib"))
    assert sum(p.stat().st_size for p in models_dir.glob("*.json")) < 50 * 2 ** 20


# --- a tiny coded corpus written for the tests -------------------------------------------------

TEXTS = [
    ("a1", "2024-05-02", "قصفت طائرات مسيرة، فجر اليوم الخميس، موقعا عسكريا في قضاء سنجار غربي الموصل."),
    ("a2", "2024-05-02", "أعلن المتحدث باسم الحكومة أن الوزير سيزور أربيل الأسبوع المقبل لبحث ملف الرواتب."),
    ("a3", "2024-05-03", "هدد قيادي في فصيل مسلح بقصف السفارة الأمريكية في بغداد إذا استمرت الغارات."),
    ("a4", "2024-05-03", "اندلعت اشتباكات عنيفة، أمس الخميس، بين قوات الأمن ومسلحين في ناحية العظيم بمحافظة ديالى."),
    ("b1", "2024-06-04", "اعتقلت قوة أمنية، اليوم الثلاثاء، ثلاثة مطلوبين بتهم إرهابية في قضاء الفلوجة بمحافظة الأنبار."),
    ("b2", "2024-06-04", "نظم العشرات من الخريجين، اليوم، وقفة احتجاجية أمام مبنى المحافظة في البصرة للمطالبة بفرص عمل."),
    ("b3", "2024-06-05", "قالت منظمة حقوقية إن أكثر من 300 مدني قتلوا في هجمات متفرقة منذ مطلع العام."),
    ("b4", "2024-06-05", "سقط صاروخ كاتيوشا، مساء أمس الثلاثاء، قرب مطار بغداد الدولي دون وقوع إصابات."),
]
GOLD = {
    "a1": [dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", event_date="2024-05-02",
                country="IQ", admin1="IQ-NI", evidence="قصفت طائرات مسيرة، فجر اليوم الخميس، موقعا عسكريا في قضاء سنجار غربي الموصل.")],
    "a2": [], "a3": [],
    "a4": [dict(event_type="Battles", sub_event_type="Armed clash", event_date="2024-05-02", country="IQ",
                admin1="IQ-DI", evidence="اندلعت اشتباكات عنيفة، أمس الخميس، بين قوات الأمن ومسلحين في ناحية العظيم بمحافظة ديالى.")],
    "b1": [dict(event_type="Strategic developments", sub_event_type="Arrests", event_date="2024-06-04", country="IQ",
                admin1="IQ-AN", evidence="اعتقلت قوة أمنية، اليوم الثلاثاء، ثلاثة مطلوبين بتهم إرهابية في قضاء الفلوجة بمحافظة الأنبار.")],
    "b2": [dict(event_type="Protests", sub_event_type="Peaceful protest", event_date="2024-06-04", country="IQ",
                admin1="IQ-BA", evidence="نظم العشرات من الخريجين، اليوم، وقفة احتجاجية أمام مبنى المحافظة في البصرة للمطالبة بفرص عمل.")],
    "b3": [],
    "b4": [dict(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                event_date="2024-06-04", country="IQ", admin1="IQ-BG", fatalities=0, injuries=0,
                evidence="سقط صاروخ كاتيوشا، مساء أمس الثلاثاء، قرب مطار بغداد الدولي دون وقوع إصابات.")],
}


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    (corpus / "news").mkdir(parents=True)
    with open(corpus / "news" / "test.jsonl", "w", encoding="utf-8") as fh:
        for i, pub, text in TEXTS:
            fh.write(json.dumps({"id": i, "published": pub, "title": None, "text": text, "source": "Test"},
                                ensure_ascii=False) + "\n")
    codings = tmp_path / "codings"
    (codings / "coded").mkdir(parents=True)
    with open(codings / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for i, pub, _ in TEXTS:
            fh.write(json.dumps({"batch": "x01", "id": i, "file": "news/test.jsonl", "outlet": "Test",
                                 "month": pub[:7], "held_out": i == "b4", "double": False}) + "\n")
    for coder in ("c1", "c2"):
        with open(codings / "coded" / f"x01.{coder}.jsonl", "w", encoding="utf-8") as fh:
            for i, pub, _ in TEXTS:
                evs = GOLD[i] if coder == "c1" or i != "a4" else []  # c2 missed the clash
                fh.write(json.dumps({"id": i, "published": pub, "events": evs}, ensure_ascii=False) + "\n")
    return codings, corpus


def test_coded_corpus_reads_codings_texts_slices_and_double_codings(tiny_corpus):
    codings, corpus = tiny_corpus
    c = load_coded(codings, corpus)
    assert len(c.texts) == 8 and all(t.article is not None for t in c.texts)
    assert [t.id for t in c.slice(held_out=True)] == ["b4"]
    assert len(c.slice(month="2024-05")) == 4
    a4 = next(t for t in c.texts if t.id == "a4")
    assert a4.coders == ["c1", "c2"] and len(a4.events) == 1  # the first coder's line when not adjudicated
    assert set(c.doubles["x01"]) == {"c1", "c2"}


def test_gold_is_matched_to_proposals_by_the_coders_sentence(tiny_corpus):
    codings, corpus = tiny_corpus
    samples = T.analyse_texts(load_coded(codings, corpus).texts)
    by = {s.text.id: s for s in samples}
    a1 = by["a1"]
    assert a1.matched and a1.matched[0] is a1.gold[0]
    assert all(m is None for m in by["a3"].matched)  # the threat matches nothing


def test_training_is_reproducible_and_writes_json(tiny_corpus, tmp_path: Path):
    codings, corpus = tiny_corpus
    texts = load_coded(codings, corpus).slice(held_out=False)
    m1 = T.train(T.analyse_texts(texts))
    m2 = T.train(T.analyse_texts(texts))
    assert m1.gate.to_json() == m2.gate.to_json()
    out = tmp_path / "models"
    res = CliRunner().invoke(_cli(), ["train", "--codings", str(codings), "--corpus", str(corpus), "--out", str(out)])
    assert res.exit_code == 0, res.output
    gate = json.loads((out / "gate.json").read_text(encoding="utf-8"))
    assert gate["name"] == "gate" and gate["card"]["texts"] == 7  # the held-out text is never used
    assert gate["weights"]


def test_evaluate_coded_prints_a_row_per_month(tiny_corpus):
    codings, corpus = tiny_corpus
    res = CliRunner().invoke(_cli(), ["evaluate", "--coded", "--codings", str(codings), "--corpus", str(corpus),
                                      "--by", "month", "--slice", "all", "--rules-only"])
    assert res.exit_code == 0, res.output
    assert "2024-05" in res.output and "2024-06" in res.output and "type" in res.output
    stats = CliRunner().invoke(_cli(), ["evaluate", "--coded", "--codings", str(codings), "--corpus", str(corpus),
                                        "--stats", "--slice", "all"])
    assert "texts 8" in stats.output and "(< 30: code more)" in stats.output


def test_agreement_scores_one_coder_against_the_other(tiny_corpus):
    import importlib.util

    codings, _ = tiny_corpus
    spec = importlib.util.spec_from_file_location(
        "agreement", Path(__file__).resolve().parents[1] / "scripts" / "coding" / "agreement.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    pairs = mod.pairs(codings / "coded")
    assert list(pairs) == ["x01"]


def _cli():
    from rasad.cli import main

    return main


def test_reviewed_articles_of_a_store_become_training_texts(tmp_path: Path):
    from rasad.learn.reviews import review_texts
    from rasad.store import EventQuery, Store
    from rasad.store.commands import ingest_articles

    a = Article(id="r1", published="2025-03-10T11:00:00+03:00", source="وكالة",
                text="انفجرت عبوة ناسفة صباح اليوم الاثنين على دورية للشرطة في قضاء المسيب شمالي محافظة بابل، "
                     "ما أسفر عن مقتل شرطيين اثنين.")
    b = Article(id="r2", published="2025-03-12T09:00:00+03:00", source="وكالة",
                text="سقطت قذيفة هاون صباح اليوم الأربعاء على حي سكني في قضاء طوزخورماتو دون وقوع إصابات.")
    db = str(tmp_path / "r.db")
    with Store.open(db) as store:
        ingest_articles(store, [a, b])
        evs = {e.event.article_id: e.event.event_id for e in store.query(EventQuery())}
        assert set(evs) == {"r1", "r2"}
        assert review_texts(db) == []  # nothing reviewed yet: no article is known whole
        store.add_user("analyst", "pw")
        store.review(evs["r1"], "analyst", "edit", {"fatalities": 3})
        store.review(evs["r2"], "analyst", "reject")
    texts = {t.id: t for t in review_texts(db)}
    assert set(texts) == {"r1", "r2"}
    assert texts["r1"].events[0]["fatalities"] == 3 and texts["r1"].article.text == a.text
    assert texts["r2"].events == []  # a rejected event teaches the gate a «no»
