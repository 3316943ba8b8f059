#!/usr/bin/env python3
"""Screenshots of the dashboard for docs/dashboard.md, from a demo database.

    .venv/bin/python scripts/screenshots.py            # writes docs/screenshots/*.png
    .venv/bin/python scripts/screenshots.py --keep     # also prints where the demo database is
    .venv/bin/python scripts/screenshots.py --channel ../shared/corpus/telegram/naya_foriraq.jsonl --month 2026-06
                                                       # the dashboard over a month of a channel's posts

Builds a fresh SQLite store in a temp dir from samples/articles.jsonl plus a dozen short reports
written for this script, adds a reviewer and two reviews, starts `rasad serve` on a free port,
and drives headless Chromium (Debian's /usr/bin/chromium, as in tests/test_e2e.py) through
Playwright at desktop (1366×900) and phone (390×844) sizes.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasad.ingest import read_jsonl  # noqa: E402
from rasad.model import Article  # noqa: E402
from rasad.store import EventQuery, Store  # noqa: E402
from rasad.store.commands import ingest_articles  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("RASAD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--hide-scrollbars"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Short reports written for the demo (not taken from any outlet): several countries and days.
EXTRA = [
    ("demo-01", "2025-03-03T10:00:00+03:00", "وكالة الرصد الإخبارية",
     "قتل ثلاثة جنود وأصيب اثنان آخران صباح اليوم الاثنين بانفجار عبوة ناسفة استهدفت عربة عسكرية على الطريق "
     "الرابط بين مدينتي تكريت وسامراء في محافظة صلاح الدين."),
    ("demo-02", "2025-03-04T16:00:00+03:00", "شبكة الشمال",
     "قصفت قوات النظام بالمدفعية الثقيلة بعد ظهر اليوم الثلاثاء أطراف مدينة أريحا جنوبي إدلب، ما أسفر عن إصابة "
     "أربعة مدنيين بينهم امرأة."),
    ("demo-03", "2025-03-05T21:00:00+03:00", "صحيفة الساحل",
     "اندلعت مواجهات عنيفة مساء اليوم الأربعاء بين القوات الحكومية والحوثيين في جبهة حيس جنوبي محافظة الحديدة، "
     "قتل خلالها أربعة من الحوثيين وجندي."),
    ("demo-04", "2025-03-06T12:00:00+02:00", "بوابة المتوسط",
     "تظاهر مئات المواطنين اليوم الخميس في ميدان الشهداء وسط العاصمة الليبية طرابلس احتجاجا على تردي الأوضاع "
     "المعيشية وانقطاع الكهرباء."),
    ("demo-05", "2025-03-07T09:00:00+03:00", "وكالة النيلين",
     "قصفت قوات الدعم السريع بالمدفعية صباح اليوم الجمعة أحياء في مدينة الأبيض بولاية شمال كردفان، ما أدى إلى "
     "مقتل أربعة مدنيين وإصابة ستة آخرين."),
    ("demo-06", "2025-03-08T07:00:00+03:00", "وكالة الرصد الإخبارية",
     "قصفت طائرة مسيرة مجهولة فجر اليوم السبت سيارة تقل مسلحين في قضاء القائم غربي الأنبار، ما أسفر عن مقتل "
     "ثلاثة منهم."),
    ("demo-07", "2025-03-09T18:00:00+03:00", "إذاعة الجنوب",
     "شنت طائرة مسيرة إسرائيلية غارة على دراجة نارية في بلدة بنت جبيل جنوبي لبنان مساء اليوم الأحد، ما أدى إلى "
     "مقتل شخص."),
    ("demo-08", "2025-03-16T11:00:00+03:00", "صحيفة الرافدين",
     "خطف مسلحون مجهولون صباح اليوم الأحد موظفا حكوميا من أمام منزله في حي الجهاد غربي بغداد واقتادوه إلى جهة "
     "مجهولة."),
    ("demo-09", "2025-03-17T13:00:00+03:00", "قناة الفرات",
     "نظم عشرات الطلبة اليوم الاثنين وقفة احتجاجية أمام مبنى جامعة الموصل للمطالبة بتحسين الخدمات في الأقسام "
     "الداخلية."),
    ("demo-10", "2025-03-18T08:30:00+03:00", "شبكة الشمال",
     "قتل مدنيان وأصيب خمسة آخرون جراء غارة جوية استهدفت سوقا شعبية في مدينة سراقب شرقي إدلب صباح اليوم "
     "الثلاثاء.\n\nوقال ناشطون إن الغارة أدت أيضا إلى احتراق عدد من المحال التجارية."),
    ("demo-11", "2025-03-19T20:00:00+03:00", "وكالة الصومال اليوم",
     "انفجرت سيارة مفخخة مساء اليوم الأربعاء قرب نقطة تفتيش أمنية في العاصمة الصومالية مقديشو، ما أسفر عن مقتل "
     "خمسة أشخاص بينهم جنديان."),
    ("demo-12", "2025-03-20T10:00:00+03:00", "صحيفة الساحل",
     "سقطت قذائف أطلقها الحوثيون على أحياء سكنية في مدينة تعز صباح اليوم الخميس، ما أسفر عن إصابة طفلين."),
    ("demo-13", "2025-03-18T15:00:00+03:00", "موقع إدلب الآن",
     "أفاد الدفاع المدني بأن غارة جوية استهدفت صباح اليوم سوقا في مدينة سراقب، ما أدى إلى مقتل مدنيين اثنين "
     "وإصابة خمسة آخرين بجروح متفاوتة."),
]


def build_db(path: Path) -> dict[str, str]:
    """The demo store; returns ids of the events the screenshots open."""
    store = Store.open(str(path))
    articles = list(read_jsonl(ROOT / "samples" / "articles.jsonl"))
    articles += [Article(id=a, published=p, source=s, text=t, url=f"https://news.example/{a}") for a, p, s, t in EXTRA]
    ingest_articles(store, articles)
    store.add_user("analyst", "demo-password")

    def find(q: str) -> str:
        got = store.query(EventQuery(q=q, limit=1))
        if not got:
            raise SystemExit(f"demo data: no event mentions {q!r}")
        return got[0].event.event_id

    ids = {"saraqib": find("سراقب"), "hays": find("حيس"), "tikrit": find("تكريت")}
    store.review(ids["tikrit"], "analyst", "confirm", comment="مطابق للمصدر")
    store.review(ids["hays"], "analyst", "edit", {"fatalities": 5}, comment="أربعة من الحوثيين وجندي")
    store.review(ids["saraqib"], "analyst", "confirm", comment="مصدران متطابقان")
    store.close()
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int, log) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("rasad")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "rasad.cli"]
    proc = subprocess.Popen([*cmd, "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
                            stdout=log, stderr=subprocess.STDOUT)
    import httpx
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"rasad serve exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("rasad serve did not answer within 60 s")


def build_channel_db(path: Path, channel: Path, month: str) -> int:
    """A store of one month of a channel's posts (JSON Lines), as `rasad ingest` builds it; returns
    how many posts were read."""
    arts = [a for a in read_jsonl(channel) if (a.published or "").startswith(month)]
    with Store.open(str(path)) as s:
        ingest_articles(s, arts)
    return len(arts)


def shoot_channel(base: str, name: str) -> Path:
    """The dashboard as it opens (timeline and map over the span that holds most events)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            ctx = browser.new_context(viewport=DESKTOP, base_url=base, device_scale_factor=1)
            ctx.add_init_script("try { localStorage.setItem('rasad.lang', 'en'); } catch (e) {}")
            pg = ctx.new_page()
            pg.set_default_timeout(30_000)
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto("/#/?limit=5")
            pg.wait_for_selector("body[data-ready='1']")
            pg.wait_for_selector("#timeline rect.bar")
            pg.wait_for_selector(".ev-marker, .ev-cluster")
            pg.wait_for_timeout(1500)
            path = OUT / name
            pg.screenshot(path=str(path), full_page=False)
            if errors:
                raise SystemExit(f"{name}: script errors on the page: {errors}")
            return path
        finally:
            browser.close()


def shoot(base: str, ids: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written: list[Path] = []

    def page(browser, viewport, lang="en"):
        ctx = browser.new_context(viewport=viewport, base_url=base, device_scale_factor=1,
                                  is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        ctx.add_init_script(f"try {{ localStorage.setItem('rasad.lang', '{lang}'); }} catch (e) {{}}")
        pg = ctx.new_page()
        pg.set_default_timeout(20_000)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.errors = errors
        return ctx, pg

    def dashboard(pg, path="/"):
        pg.goto(path)
        pg.wait_for_selector("body[data-ready='1']")
        pg.wait_for_selector("#events-table tbody tr[data-id]")
        pg.wait_for_selector("#timeline rect.bar")
        pg.wait_for_selector(".ev-marker, .ev-cluster")
        pg.wait_for_timeout(600)  # marker cluster animation

    def event(pg, eid):
        pg.goto(f"/#/event/{eid}")
        pg.wait_for_selector("body[data-ready='1']")
        pg.wait_for_selector(".evidence-panel .article")
        pg.evaluate("document.querySelector('details.prov').open = true")
        pg.wait_for_timeout(200)

    def save(pg, name, full=True):
        path = OUT / name
        pg.screenshot(path=str(path), full_page=full)
        if pg.errors:
            raise SystemExit(f"{name}: script errors on the page: {pg.errors}")
        written.append(path)

    def login(pg):
        pg.click("#login-btn")
        pg.fill("#login-user", "analyst")
        pg.fill("#login-password", "demo-password")
        pg.click("#login-submit")
        pg.wait_for_selector("#who:not([hidden])")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            ctx, pg = page(browser, DESKTOP)
            dashboard(pg, "/#/?limit=10")
            save(pg, "dashboard-desktop.png")
            event(pg, ids["saraqib"])
            save(pg, "event-desktop.png")
            pg.goto("/#/review")
            pg.wait_for_selector(".queue-item")
            login(pg)
            pg.wait_for_selector(".queue-item .act-edit")
            pg.click(".queue-item .act-edit")
            pg.wait_for_timeout(200)
            save(pg, "review-desktop.png", full=False)
            ctx.close()

            ctx, pg = page(browser, DESKTOP, "ar")
            dashboard(pg, "/#/?limit=10")
            save(pg, "dashboard-desktop-ar.png", full=False)
            ctx.close()

            ctx, pg = page(browser, PHONE)
            dashboard(pg, "/#/?limit=5")
            save(pg, "dashboard-phone.png")
            ctx.close()

            ctx, pg = page(browser, PHONE, "ar")
            event(pg, ids["hays"])
            save(pg, "event-phone-ar.png")
            ctx.close()
        finally:
            browser.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", action="store_true", help="keep the demo database and print its path")
    ap.add_argument("--channel", type=Path, help="a channel's posts (JSON Lines): shoot the dashboard over them")
    ap.add_argument("--month", default="2026-06", help="with --channel: the month of posts to ingest (YYYY-MM)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: run `bash scripts/ci.d/30-chromium.sh` "
                         "(Debian's chromium package) or set RASAD_CHROMIUM")
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rasad-shots-"))
    db = tmp / "demo.db"
    if args.channel:
        print(f"{build_channel_db(db, args.channel, args.month)} posts of {args.month} ingested")
    else:
        ids = build_db(db)
    port = free_port()
    with open(tmp / "serve.log", "w") as log:
        proc = serve(db, port, log)
        try:
            if args.channel:
                written = [shoot_channel(f"http://127.0.0.1:{port}", f"dashboard-channel-{args.month}.png")]
            else:
                written = shoot(f"http://127.0.0.1:{port}", ids)
            for path in written:
                print(f"wrote {path.relative_to(ROOT)}")
        finally:
            proc.terminate()
            proc.wait(10)
    if args.keep:
        print(f"demo database: {db}")
    else:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
