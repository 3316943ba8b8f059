"""The dashboard end to end: a real `rasad serve` over a store built from Arabic reports written
for this test, driven by headless Chromium (Debian's /usr/bin/chromium) through Playwright.

Map markers and timeline bars, filters that change the table, an event page with highlighted
right-to-left evidence, a stored-XSS report shown literally, login, a correction that reaches the
API and the export, the review queue, the Arabic interface and a phone-width layout.

Chromium comes from scripts/ci.d/30-chromium.sh; without it these tests fail (they never skip).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rasad.model import Article
from rasad.store import Store
from rasad.store.commands import ingest_articles

CHROMIUM = os.environ.get("RASAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
USER, PASSWORD = "analyst", "secret-pw"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"


def _art(aid: str, published: str, outlet: str, text: str) -> Article:
    return Article(id=aid, text=text, published=published, source=outlet, url=f"https://news.test/{aid}")


# Nine reports, eight events: the first two tell one IED in al-Musayyib (two sources).
REPORTS = [
    _art("e-iq-ied", "2025-03-10T11:00:00+03:00", "وكالة دجلة للأنباء",
         "انفجرت عبوة ناسفة صباح اليوم الاثنين على دورية للشرطة في قضاء المسيب شمالي محافظة بابل، ما أسفر عن "
         "مقتل شرطيين اثنين وإصابة ثلاثة آخرين، بحسب مصدر أمني.\n\nوقال المصدر إن قوة أمنية طوقت المكان وفتحت "
         "تحقيقا في الحادث."),
    _art("e-iq-ied-2", "2025-03-10T14:00:00+03:00", "صحيفة بابل اليوم",
         "قال مصدر في شرطة بابل إن عبوة ناسفة انفجرت صباح اليوم على دورية في قضاء المسيب، وأدى الانفجار إلى "
         "مقتل شرطيين وإصابة ثلاثة."),
    _art("e-sy-air", "2025-03-11T09:00:00+03:00", "شبكة الشمال",
         "شنت طائرات حربية فجر اليوم الثلاثاء غارات على بلدة سرمين في ريف إدلب الشرقي، ما أدى إلى مقتل خمسة "
         "مدنيين بينهم طفلان، وفق فرق الدفاع المدني."),
    _art("e-ye-clash", "2025-03-12T15:00:00+03:00", "صحيفة الساحل",
         "اندلعت اشتباكات عنيفة اليوم الأربعاء بين القوات الحكومية ومسلحين في الأطراف الشرقية لمدينة تعز، "
         "أسفرت عن مقتل ثلاثة مسلحين وإصابة جنديين."),
    _art("e-lb-shell", "2025-03-13T08:00:00+03:00", "إذاعة الجنوب",
         "قصفت المدفعية الإسرائيلية صباح اليوم الخميس أطراف بلدة الخيام في جنوب لبنان بعدة قذائف، دون أن تسفر "
         "عن إصابات."),
    _art("e-iq-protest", "2025-03-09T13:00:00+03:00", "قناة الفرات",
         "تظاهر المئات من أهالي مدينة الناصرية اليوم الأحد أمام مبنى المحافظة للمطالبة بتوفير فرص العمل وتحسين "
         "الخدمات."),
    _art("e-ly-clash", "2025-03-14T20:00:00+02:00", "بوابة المتوسط",
         "اندلعت اشتباكات مسلحة مساء اليوم الجمعة بين مجموعتين مسلحتين في منطقة تاجوراء شرقي العاصمة الليبية "
         "طرابلس، ما أدى إلى مقتل شخص وإصابة أربعة."),
    # stored XSS: markup in the outlet, in the evidence sentence and in the rest of the article
    _art("e-xss", "2025-03-12T10:00:00+03:00", f"{XSS_SCRIPT}وكالة الاختبار",
         f"انفجرت عبوة ناسفة صباح اليوم الأربعاء على رتل عسكري في مدينة كركوك {XSS_IMG} ما أدى إلى مقتل جنديين."
         f"\n\nوجاء في بيان منشور على الإنترنت: {XSS_SCRIPT} وهو نص لا ينبغي تنفيذه."),
    _art("e-sd-shell", "2025-03-15T12:00:00+03:00", "وكالة النيلين",
         "قصفت قوات الدعم السريع اليوم السبت أحياء سكنية في مدينة الفاشر بولاية شمال دارفور، ما أسفر عن مقتل "
         "سبعة مدنيين وإصابة آخرين."),
]
N_EVENTS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rasad_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("rasad")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("rasad")
    return [found] if found else [sys.executable, "-m", "rasad.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`rasad serve` on a free port over a fresh store; yields its base URL."""
    tmp = tmp_path_factory.mktemp("e2e")
    db = tmp / "rasad.db"
    store = Store.open(str(db))
    res = ingest_articles(store, REPORTS)
    assert res.added == len(REPORTS) and res.failed == 0
    store.add_user(USER, PASSWORD)
    store.close()
    port = _free_port()
    log = open(tmp / "serve.log", "w+")
    proc = subprocess.Popen([*_rasad_cmd(), "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"rasad serve exited with {proc.returncode}:\n{log.read()}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"rasad serve did not answer /api/health within 60 s:\n{log.read()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: the dashboard tests need it. Install it with "
                    "`bash scripts/ci.d/30-chromium.sh` (Debian's chromium package), or set RASAD_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs, script errors, requests off this server."""

    def __init__(self, page, base: str):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base, "data:")) else self.foreign.append(r.url))


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=server, locale="en-US")
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.watch = Watch(pg, server)
    yield pg
    ctx.close()
    assert not pg.watch.errors, f"script errors on the page: {pg.watch.errors}"
    assert not pg.watch.dialogs, f"a dialog fired: {pg.watch.dialogs}"


def api_get(server: str, path: str, **kw) -> httpx.Response:
    r = httpx.get(f"{server}{path}", timeout=10, **kw)
    r.raise_for_status()
    return r


def event_id(server: str, q: str) -> str:
    items = api_get(server, "/api/events", params={"q": q}).json()["items"]
    assert len(items) == 1, (q, items)
    return items[0]["id"]


def open_dashboard(page, path: str = "/"):
    page.goto(path)
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("#events-table tbody tr[data-id]")


def table_ids(page) -> list[str]:
    return page.eval_on_selector_all("#events-table tbody tr[data-id]", "rows => rows.map(r => r.dataset.id)")


def wait_rows(page, n: int):
    page.wait_for_function("n => document.querySelectorAll('#events-table tbody tr[data-id]').length === n", arg=n)


def login(page):
    page.click("#login-btn")
    page.fill("#login-user", USER)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#who:not([hidden])")


# -- the dashboard -----------------------------------------------------------------------------

def test_dashboard_shows_markers_timeline_and_table(page, server):
    open_dashboard(page)
    wait_rows(page, N_EVENTS)
    assert page.text_content("#total") == f"({N_EVENTS})"
    # markers: single events or clusters, on the bundled base map, without any tile server
    page.wait_for_selector(".leaflet-marker-pane .ev-marker, .leaflet-marker-pane .ev-cluster")
    with_coords = len(api_get(server, "/api/events.geojson").json()["features"])
    count = ("() => [...document.querySelectorAll('.leaflet-marker-pane .ev-marker, .leaflet-marker-pane .ev-cluster')]"
             ".reduce((n, e) => n + (e.classList.contains('ev-cluster') ? Number(e.textContent) : 1), 0)")
    # cluster animations briefly show a cluster and its markers together: wait for the map to settle
    try:
        page.wait_for_function(f"({count})() === {with_coords}", timeout=10_000)
    except Exception:
        pass
    in_markers = page.evaluate(count)
    assert in_markers == with_coords > 0
    assert page.locator(".leaflet-overlay-pane path").count() > 50  # country outlines (region.geojson)
    assert page.locator(".leaflet-tile").count() == 0
    # timeline: one bar per (day, type), counts adding up to the events with a date
    page.wait_for_selector("#timeline rect.bar")
    counts = page.eval_on_selector_all("#timeline rect.bar", "bs => bs.map(b => Number(b.dataset.count))")
    assert sum(counts) == N_EVENTS
    assert page.locator("#timeline rect.bar[data-date='2025-03-12']").count() == 2  # a clash and an IED
    assert not page.watch.foreign, f"requests off this server: {page.watch.foreign}"


def test_filters_drive_table_map_and_timeline(page, server):
    open_dashboard(page)
    wait_rows(page, N_EVENTS)
    page.select_option("#f-country", "SY")
    wait_rows(page, 1)
    assert "Sarm" in page.text_content("#events-table tbody")
    assert "country=SY" in page.url
    page.wait_for_function("() => document.querySelectorAll('#timeline rect.bar').length === 1")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-pane .ev-marker').length === 1")

    page.select_option("#f-country", "")
    page.select_option("#f-type", "Battles")
    wait_rows(page, 2)
    types = page.eval_on_selector_all("#events-table tbody .type-cell", "cs => cs.map(c => c.textContent.trim())")
    assert types == ["Armed clash", "Armed clash"]

    page.select_option("#f-type", "")
    page.select_option("#f-country", "IQ")
    wait_rows(page, 3)
    page.select_option("#f-admin1", "IQ-BB")
    wait_rows(page, 1)
    page.select_option("#f-admin1", "")
    wait_rows(page, 3)
    page.fill("#f-q", "كركوك")  # free-text search over the Arabic evidence
    wait_rows(page, 1)
    assert table_ids(page) == [event_id(server, "كركوك")]

    page.click("#f-reset")
    wait_rows(page, N_EVENTS)
    page.check("#f-reviewed")  # nothing reviewed yet
    page.wait_for_selector("#events-table tbody td.empty")
    page.uncheck("#f-reviewed")
    wait_rows(page, N_EVENTS)

    # sorting by fatalities, most first
    page.click("#events-table thead button[data-sort='fatalities']")
    page.wait_for_function("() => document.querySelector('#events-table thead th[aria-sort=\"descending\"] button')"
                           "?.dataset.sort === 'fatalities'")
    first = page.text_content("#events-table tbody tr[data-id] td:nth-child(5)")
    assert first.strip() == "7"


def test_map_view_filter(page, server):
    open_dashboard(page)
    wait_rows(page, N_EVENTS)
    page.wait_for_selector(".leaflet-marker-pane .ev-marker, .leaflet-marker-pane .ev-cluster")
    page.check("#f-bbox")  # the whole view: every event with coordinates
    page.wait_for_function("() => location.hash.includes('bbox=')")
    with_coords = len(api_get(server, "/api/events.geojson").json()["features"])
    wait_rows(page, with_coords)
    for _ in range(3):
        page.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(400)
    page.wait_for_function("n => document.querySelectorAll('#events-table tbody tr[data-id]').length < n",
                           arg=with_coords)
    bbox = [float(x) for x in page.evaluate("() => new URLSearchParams(location.hash.split('?')[1]).get('bbox')")
            .split(",")]
    expected = api_get(server, "/api/events", params={"bbox": ",".join(map(str, bbox))}).json()["total"]
    wait_rows(page, expected)
    page.uncheck("#f-bbox")
    wait_rows(page, N_EVENTS)


def test_pagination(page, server):
    open_dashboard(page, "/#/?limit=3&sort=event_date&order=asc")
    wait_rows(page, 3)
    assert page.text_content("#page-info") == f"1–3 of {N_EVENTS}"
    first_page = table_ids(page)
    page.click("#next")
    page.wait_for_function("() => document.querySelector('#page-info').textContent.startsWith('4–6')")
    assert not set(first_page) & set(table_ids(page))
    page.click("#prev")
    page.wait_for_function("() => document.querySelector('#page-info').textContent.startsWith('1–3')")
    assert table_ids(page) == first_page


# -- the event page --------------------------------------------------------------------------

def test_event_page_highlights_arabic_evidence(page, server):
    eid = event_id(server, "المسيب")
    open_dashboard(page)
    page.click(f"#events-table tbody tr[data-id='{eid}'] a.ev-link")
    page.wait_for_selector(".evidence-panel .article")
    assert page.url.endswith(f"#/event/{eid}")
    articles = page.locator(".evidence-panel .article")
    assert articles.count() == 2  # two outlets told this event
    first = articles.nth(0)
    assert first.get_attribute("dir") == "rtl" and first.get_attribute("lang") == "ar"
    assert first.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.text_content(".evidence-panel .article mark.hl-trigger") == "انفجرت"
    assert page.text_content(".evidence-panel .article mark.hl-place") == "المسيب"
    assert "صباح اليوم" in page.text_content(".evidence-panel .article mark.hl-date")
    assert "مقتل شرطيين" in page.text_content(".evidence-panel .article mark.hl-casualties")
    assert page.locator(".evidence-panel .article .ev").count() >= 1  # the evidence sentence
    # the whole article text is there, highlights included, in order
    text = api_get(server, f"/api/events/{eid}").json()["sources"][0]["article_text"]
    assert first.text_content() == text
    # legend, fields, provenance
    assert page.locator(".hl-legend li").count() >= 6
    assert page.text_content(".fields dd.f-fatalities") == "2"
    assert page.text_content(".fields dd.f-admin1") == "Babil (IQ-BB)"
    assert page.locator(".prov-table tbody tr").count() >= 4


def test_stored_xss_is_shown_as_text(page, server):
    eid = event_id(server, "كركوك")
    page.goto(f"/#/event/{eid}")
    page.wait_for_selector(".evidence-panel .article")
    body = page.text_content(".evidence-panel .article")
    assert XSS_IMG in body and XSS_SCRIPT in body
    assert XSS_SCRIPT in page.text_content(".evidence-panel .source-head h3")
    assert page.locator("img[src='x']").count() == 0
    scripts = page.eval_on_selector_all("script", "ss => ss.map(s => s.getAttribute('src'))")
    assert None not in scripts and len(scripts) == 3  # leaflet, markercluster, main.js: nothing injected
    # the queue shows evidence sentences too
    page.goto("/#/review")
    page.wait_for_selector(f".queue-item[data-id='{eid}'] .qi-evidence")
    assert XSS_IMG in page.text_content(f".queue-item[data-id='{eid}'] .qi-evidence")
    assert page.locator("img[src='x']").count() == 0
    page.wait_for_timeout(300)
    assert not page.watch.dialogs


def test_csp_forbids_inline_script(server):
    r = httpx.get(f"{server}/", timeout=10)
    assert r.status_code == 200 and "<script" in r.text
    assert "script-src 'self'" in r.headers.get("content-security-policy", "")
    assert "<script>" not in r.text  # every script has a src
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", r.text)  # no inline handlers


# -- reviewing -------------------------------------------------------------------------------

def test_login_errors_are_shown(page, server):
    open_dashboard(page)
    page.click("#login-btn")
    page.fill("#login-user", USER)
    page.fill("#login-password", "wrong-password")
    page.click("#login-submit")
    page.wait_for_selector("#login-error:not([hidden])")
    assert "Wrong user name or password" in page.text_content("#login-error")
    assert page.evaluate("sessionStorage.getItem('rasad.token')") is None


def test_login_and_correct_fatalities(page, server):
    eid = event_id(server, "تعز")
    before = api_get(server, f"/api/events/{eid}").json()
    assert before["review_state"] == "pending"
    page.goto(f"/#/event/{eid}")
    page.wait_for_selector(".review-panel .login-inline")
    login(page)
    assert page.text_content("#who") == f"Signed in as {USER}"
    assert page.evaluate("sessionStorage.getItem('rasad.token')")
    page.wait_for_selector(".review-panel .act-edit")

    # a value the API refuses: its message is shown, nothing changes
    page.click(".review-panel .act-edit")
    page.fill(".edit-form input[name='latitude']", "200")
    page.click(".edit-form .act-save")
    page.wait_for_selector(".review-error:not([hidden])")
    assert "latitude" in page.text_content(".review-error")
    assert api_get(server, f"/api/events/{eid}").json()["review_state"] == "pending"

    # the correction: a toll the extractor did not give (a later report raised it)
    fixed = 5 if before["fatalities"] != 5 else 6
    page.fill(".edit-form input[name='latitude']", str(before["latitude"] or ""))
    page.fill(".edit-form input[name='fatalities']", str(fixed))
    page.fill(".review-panel textarea.comment", "ثلاثة مسلحين قتلى بحسب النص وارتفعت الحصيلة لاحقا")
    page.click(".edit-form .act-save")
    page.wait_for_function("(n) => document.querySelector('.fields dd.f-fatalities')?.textContent === String(n)",
                           arg=fixed)
    assert page.text_content(".ev-state") == "edited"
    assert "fatalities" in page.text_content(".history")
    assert "ثلاثة مسلحين" in page.text_content(".history")

    after = api_get(server, f"/api/events/{eid}").json()
    assert after["fatalities"] == fixed and after["review_state"] == "edited" and after["reviewed_by"] == USER
    assert after["reviews"][-1]["action"] == "edit"
    assert after["reviews"][-1]["changes"]["fatalities"] == [before["fatalities"], fixed]

    export = api_get(server, "/api/export", params={"format": "jsonl", "reviewed_only": "true"}).text
    rows = [json.loads(line) for line in export.splitlines() if line.strip()]
    mine = [r for r in rows if eid in (r.get("event_id"), r.get("id"))]
    assert len(mine) == 1 and mine[0]["fatalities"] == fixed
    assert all(r.get("review_state", "edited") in ("confirmed", "edited") for r in rows)

    # the dashboard's "reviewed only" filter now finds it
    page.goto("/#/?reviewed_only=true")
    page.wait_for_selector("body[data-ready='1']")
    wait_rows(page, 1)
    assert table_ids(page) == [eid]


def test_review_queue_confirm_and_reject(page, server):
    page.goto("/#/review")
    page.wait_for_selector(".queue-item")
    login(page)
    page.wait_for_selector(".queue-item .act-confirm")
    pending = api_get(server, "/api/events", params={"review_state": "pending"}).json()
    n = page.locator(".queue-item").count()
    assert n == pending["total"]
    first, second = pending["items"][0]["id"], pending["items"][1]["id"]
    page.click(f".queue-item[data-id='{first}'] .act-confirm")
    page.wait_for_function("n => document.querySelectorAll('.queue-item').length === n", arg=n - 1)
    assert api_get(server, f"/api/events/{first}").json()["review_state"] == "confirmed"
    page.click(f".queue-item[data-id='{second}'] .act-reject")
    page.wait_for_function("n => document.querySelectorAll('.queue-item').length === n", arg=n - 2)
    assert api_get(server, f"/api/events/{second}").json()["review_state"] == "rejected"
    # undo, so the other tests see the store as built
    page.goto(f"/#/event/{second}")
    page.wait_for_selector(".review-panel .act-reopen")
    page.click(".review-panel .act-reopen")
    page.wait_for_function("() => document.querySelector('.ev-state')?.textContent === 'pending'")
    assert api_get(server, f"/api/events/{second}").json()["review_state"] == "pending"


def test_logout_forgets_the_token(page, server):
    open_dashboard(page)
    login(page)
    page.click("#logout-btn")
    page.wait_for_selector("#login-btn:not([hidden])")
    assert page.evaluate("sessionStorage.getItem('rasad.token')") is None


# -- language and layout ---------------------------------------------------------------------

def test_arabic_interface_is_rtl(page, server):
    open_dashboard(page)
    page.click("#lang-btn")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.text_content("#nav-review") == "قائمة المراجعة"
    assert "معارك" in page.text_content("#f-type")
    assert page.get_attribute("#map", "dir") == "ltr"  # the map itself is not mirrored
    page.reload()  # the choice is remembered
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.click("#lang-btn")
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")


def test_phone_layout_stacks(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    try:
        open_dashboard(pg)
        wait_rows(pg, N_EVENTS)
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
        boxes = {k: pg.locator(sel).bounding_box() for k, sel in
                 (("map", ".map-panel"), ("side", ".side-panel"), ("table", ".table-panel"))}
        assert boxes["map"]["y"] + boxes["map"]["height"] <= boxes["side"]["y"] + 1
        assert boxes["side"]["y"] + boxes["side"]["height"] <= boxes["table"]["y"] + 1
        assert boxes["map"]["width"] > 340 and boxes["table"]["width"] > 340
        assert pg.is_visible("#sort-select")
        eid = event_id(server, "الفاشر")
        pg.goto(f"/#/event/{eid}")
        pg.wait_for_selector(".evidence-panel .article")
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    finally:
        ctx.close()
