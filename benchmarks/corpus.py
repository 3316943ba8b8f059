"""A seeded generator of Arabic news-like articles for the throughput benchmark.

Every sentence below was written for this benchmark (templates and word lists; nothing is
copied from a real corpus). An article is a title, a dateline, a lead, then paragraphs of
background, quotes and reactions until it reaches its target length; about three in ten
articles report an event (a casualty report, a strike, a clash, a protest, an arrest) that
the extractor should find. A quarter of the items are short channel-style posts.

    python benchmarks/corpus.py -n 5000 --seed 7 -o /tmp/corpus.jsonl

`generate(n, seed)` returns the same list of dicts for the same arguments on any machine
(`random.Random(seed)` only; no hash ordering).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from datetime import date, timedelta
from typing import Iterator, Optional

# -- word lists --------------------------------------------------------------------------

IRAQ = ["بغداد", "الموصل", "كركوك", "البصرة", "الفلوجة", "الرمادي", "تكريت", "سامراء", "بعقوبة",
        "الحلة", "النجف", "كربلاء", "الديوانية", "الناصرية", "أربيل", "السليمانية", "دهوك", "قضاء المسيب",
        "قضاء الطارمية", "ناحية جرف الصخر", "قضاء سنجار", "قضاء طوزخورماتو"]
SYRIA = ["حلب", "إدلب", "دير الزور", "الرقة", "حمص", "حماة", "درعا", "الحسكة", "القامشلي", "تدمر",
         "البوكمال", "الميادين", "منبج", "عفرين"]
LEBANON = ["النبطية", "صور", "بنت جبيل", "الخيام", "مرجعيون", "بعلبك", "الهرمل", "ميس الجبل", "عيتا الشعب"]
YEMEN = ["صنعاء", "عدن", "تعز", "الحديدة", "مأرب", "صعدة", "البيضاء", "الضالع", "حيس"]
PALESTINE = ["غزة", "خان يونس", "رفح", "جنين", "نابلس", "طولكرم", "الخليل", "بيت لحم", "دير البلح"]
REGIONS = [IRAQ, SYRIA, LEBANON, YEMEN, PALESTINE]
CAPITALS = ["بغداد", "دمشق", "بيروت", "صنعاء", "عمّان", "القاهرة", "الرياض", "طهران", "أنقرة", "الدوحة"]

STATE = ["القوات الأمنية", "الجيش العراقي", "الجيش السوري", "الجيش الإسرائيلي", "القوات التركية",
         "الشرطة الاتحادية", "قوات مكافحة الإرهاب", "الجيش الوطني"]
NONSTATE = ["مسلحون مجهولون", "عناصر داعش", "حزب الله", "ميليشيا الحوثي", "قسد", "فصائل المقاومة العراقية",
            "جماعة مسلحة"]
AIR = ["الإسرائيلي", "الأمريكي", "التركي", "الروسي"]
SOURCES = ["مصدر أمني", "مصادر محلية", "خلية الإعلام الأمني", "المرصد السوري لحقوق الإنسان", "الدفاع المدني",
           "مصدر طبي", "شهود عيان", "وزارة الداخلية", "مراسلنا"]
OUTLETS = ["رصد", "الوكالة الوطنية", "الخبر اليوم", "صوت المدينة", "المشرق نيوز", "الأفق"]
OFFICIALS = ["وزير الخارجية", "رئيس الوزراء", "وزير المالية", "محافظ البنك المركزي", "المتحدث باسم الحكومة",
             "رئيس البرلمان", "وزير التخطيط", "وزير النفط", "الأمين العام للجامعة العربية", "سفير الاتحاد الأوروبي"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
          "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
          "كانون الأول/ديسمبر"]
NUM_WORDS = ["اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
TOPICS = ["الموازنة العامة", "قطاع الكهرباء", "أسعار النفط", "مشاريع الإعمار", "ملف المياه", "الانتخابات المحلية",
          "الاستثمار الأجنبي", "قطاع التعليم", "الرعاية الصحية", "شبكة الطرق", "الأمن الغذائي", "فرص العمل",
          "المنافذ الحدودية", "التحول الرقمي", "الطاقة المتجددة", "الإصلاح الإداري"]
FOCUS = ["المواطنين", "الشباب", "المزارعين", "القطاع الخاص", "الموظفين", "الأسر محدودة الدخل"]
EMOJI = ["🔴", "⚡️", "📌", "🇮🇶", "🇱🇧", "🇾🇪", "🇸🇾", "⭕️", "🚨"]

# -- sentence templates ------------------------------------------------------------------
# {p} {p2}: places of one country; {s}: state actor; {ns}: non-state actor; {a}: air
# actor adjective; {n} {m}: counts; {nw}: a number word; {when}: a time expression;
# {src}: a source; {o}: an official; {t}: a topic; {f}: who benefits; {cap}: a capital.

EVENTS = [
    "قتل {n} مدنيين وأصيب {m} آخرون بانفجار عبوة ناسفة استهدفت سوقا شعبيا في {p} {when}.",
    "شن الطيران الحربي {a} غارات جوية على مواقع في محيط {p} {when}، ما أسفر عن مقتل {n} أشخاص.",
    "اندلعت اشتباكات عنيفة بين {s} و{ns} في {p} {when} استمرت عدة ساعات.",
    "سقطت {nw} صواريخ كاتيوشا على قاعدة عسكرية قرب {p} {when} دون وقوع إصابات.",
    "نظم مئات المحتجين وقفة احتجاجية أمام مبنى محافظة {p} {when} للمطالبة بتحسين الخدمات.",
    "اغتال مسلحون مجهولون ناشطا مدنيا أمام منزله في {p} {when}.",
    "ألقت القوات الأمنية القبض على {n} مطلوبين بتهم إرهابية خلال عملية دهم في {p} {when}.",
    "قصفت المدفعية بلدات {p} و{p2} بعشرات القذائف {when}، وأفادت {src} بإصابة {m} مدنيين.",
    "هاجم {ns} نقطة تفتيش في {p} {when}، ما أدى إلى مقتل جنديين وإصابة {m} آخرين.",
    "استهدفت طائرة مسيرة سيارة مدنية على الطريق الرابط بين {p} و{p2} {when}، ما أدى إلى مقتل {nw} أشخاص.",
    "أصيب {m} أشخاص بجروح جراء انفجار سيارة مفخخة في سوق {p} {when}.",
    "أطلق مسلحون النار على حافلة تقل عمالا في {p} {when}، فقتل {n} منهم.",
    "اختطف مسلحون ملثمون صحفيا في {p} {when} واقتادوه إلى جهة مجهولة.",
    "فرقت قوات الأمن تظاهرة في {p} {when} باستخدام الغاز المسيل للدموع.",
]
CASUALTY_FOLLOWUPS = [
    "وقال {src} إن حصيلة الضحايا مرشحة للارتفاع بسبب خطورة بعض الإصابات.",
    "ونقل الجرحى إلى مستشفى {p} العام لتلقي العلاج.",
    "وفرضت القوات الأمنية طوقا حول المكان وباشرت التحقيق في ملابسات الحادث.",
    "ولم تتبن أي جهة المسؤولية عن الهجوم حتى ساعة إعداد هذا الخبر.",
    "وأكد {src} أن فرق الإسعاف هرعت إلى المكان فور وقوع الحادث.",
]
POSTS = [
    "{e} عاجل | غارة جوية على {p}",
    "{e} مصادر محلية: انفجار عبوة ناسفة على طريق {p} دون إصابات",
    "{e} مسيرة تستهدف سيارة في {p} ومعلومات عن إصابات",
    "{e} اشتباكات متقطعة في محيط {p} منذ ساعات الصباح",
    "{e} قصف مدفعي يطال أطراف {p}",
]
QUIET_POSTS = [
    "{e} {o} يصل إلى {cap} في زيارة رسمية تستمر يومين",
    "{e} انخفاض ملحوظ في درجات الحرارة اعتبارا من {wd} المقبل",
    "{e} وزارة التربية تعلن موعد امتحانات نصف السنة",
    "{e} ارتفاع أسعار الذهب في الأسواق المحلية",
    "{e} افتتاح معرض الكتاب في {cap} بمشاركة {n} دار نشر",
    "{e} البنك المركزي يعلن سعر صرف الدولار لهذا اليوم",
]
LEADS = [
    "بحث {o} مع وفد رفيع المستوى في {cap} {when} سبل تعزيز التعاون في مجال {t}.",
    "أعلنت الحكومة {when} عن حزمة إجراءات جديدة تتعلق بـ{t} موجهة إلى {f}.",
    "عقد مجلس الوزراء جلسته الاعتيادية {when} برئاسة رئيس الوزراء وناقش ملف {t}.",
    "وصل {o} إلى {cap} {when} في زيارة رسمية يلتقي خلالها عددا من المسؤولين.",
    "أطلقت وزارة التخطيط {when} استراتيجية وطنية خمسية لتطوير {t}.",
]
BACKGROUND = [
    "ويأتي ذلك في إطار خطة حكومية أوسع لإصلاح {t} خلال السنوات الثلاث المقبلة.",
    "وتواجه البلاد منذ سنوات تحديات اقتصادية متراكمة انعكست على مستوى معيشة {f}.",
    "ويرى مراقبون أن نجاح هذه الخطوات مرهون بتوفير التمويل اللازم ومتابعة التنفيذ.",
    "وكانت الحكومة قد أعلنت في وقت سابق عن برنامج لدعم {f} بقيمة {n} مليار دينار.",
    "وتشير تقديرات رسمية إلى أن نسبة الإنجاز في مشاريع {t} بلغت {n} في المئة.",
    "ويعاني سكان المدينة من نقص في الخدمات الأساسية، ولا سيما في فصل الصيف.",
    "وتعد {p} من أكثر المحافظات كثافة سكانية، ويقطنها أكثر من {n} ألف نسمة.",
    "وشهدت الأسواق المحلية خلال الأسابيع الماضية ارتفاعا في أسعار المواد الغذائية.",
    "وتطالب منظمات المجتمع المدني بمزيد من الشفافية في إدارة الأموال العامة.",
    "ومن المقرر أن يعقد اجتماع موسع الشهر المقبل لمتابعة ما تحقق من توصيات.",
    "وأشار التقرير إلى أن معدلات البطالة بين الشباب ما زالت مرتفعة مقارنة بالمعدلات الإقليمية.",
    "ويشكل ملف {t} أحد أبرز الملفات المطروحة على طاولة الحكومة الحالية.",
    "وتسعى الجهات المعنية إلى جذب الاستثمارات عبر تبسيط إجراءات التسجيل ومنح الإعفاءات.",
    "ولفت خبراء إلى أهمية إشراك القطاع الخاص في تمويل مشاريع البنى التحتية.",
    "وتزامن الإعلان مع انعقاد مؤتمر دولي في {cap} بمشاركة ممثلين عن {n} دولة.",
]
QUOTES = [
    "وقال {o} في مؤتمر صحفي إن «الحكومة ماضية في تنفيذ برنامجها رغم كل التحديات».",
    "وأضاف {o} أن «المرحلة المقبلة تتطلب تضافر الجهود بين جميع المؤسسات».",
    "وأكد {o} في بيان أن «ملف {t} يحظى بأولوية قصوى في خطط الوزارة».",
    "من جهته، قال {o} إن «الأرقام المعلنة تعكس تحسنا تدريجيا، لكن الطريق ما زال طويلا».",
    "وشدد {o} على «ضرورة الالتزام بالجداول الزمنية المحددة لإنجاز المشاريع».",
]
# Background sentences built from parts: connector + subject + predicate + complement.
CONNECTORS = ["و", "كما ", "في المقابل، ", "إلى ذلك، ", "من ناحية أخرى، ", "وفي السياق ذاته، ", "بدورها، "]
SUBJECTS = ["الحكومة المحلية", "لجنة الاقتصاد النيابية", "غرفة التجارة", "نقابة المعلمين", "وزارة الصحة",
            "هيئة الاستثمار", "مجلس المحافظة", "اتحاد المقاولين", "منظمات الإغاثة", "البنك الدولي",
            "الجامعات الحكومية", "شركات النقل الخاصة", "وزارة الزراعة", "هيئة المنافذ"]
PREDICATES = ["دعت إلى مراجعة شاملة لآليات العمل في", "أعلنت عن تخصيص مبالغ إضافية لدعم",
              "حذرت من تأخر الإنجاز في", "طالبت بإشراك الخبراء في رسم سياسات", "رحبت بالخطوات الأخيرة المتعلقة بـ",
              "أصدرت تقريرا مفصلا عن واقع", "انتقدت بطء الإجراءات الخاصة بـ", "عقدت ورشة عمل حول مستقبل",
              "وقعت مذكرة تفاهم مع شركاء دوليين بشأن", "شكلت فريقا فنيا لمتابعة"]
COMPLEMENTS = ["خلال الربع الأخير من العام", "بما يخدم {f}", "وفق جدول زمني واضح", "في عدد من المحافظات",
               "بالتنسيق مع الوزارات المعنية", "ضمن خطة التنمية الوطنية", "على الرغم من شح الموارد",
               "بعد سلسلة من الاجتماعات التحضيرية", "استجابة لمطالب {f}"]
# Conflict background: past or general violence, not a new event (GUIDELINES §3).
HISTORY = [
    "وكانت {p} قد شهدت معارك عنيفة في عام {y} انتهت بسيطرة {s} على المدينة.",
    "ويذكر أن المنطقة تعرضت خلال الأعوام الماضية لهجمات متكررة أودت بحياة المئات.",
    "وتتهم الحكومة {ns} بالوقوف وراء سلسلة تفجيرات شهدتها البلاد منذ مطلع العام.",
    "وحذر {o} من أن أي هجوم على المدنيين سيقابل برد حازم.",
    "ونفت {src} صحة الأنباء التي تحدثت عن سقوط قذائف على {p}.",
    "وتقول منظمات حقوقية إن أكثر من {n} ألف شخص قتلوا في النزاع منذ اندلاعه.",
]
TITLES_EVENT = ["مقتل {n} أشخاص في {p}", "تصعيد أمني في {p}", "هجوم دام يهز {p}", "حادث أمني جديد في {p}"]
TITLES_QUIET = ["الحكومة تناقش ملف {t}", "{o} في {cap}", "خطة جديدة لتطوير {t}", "قراءة في أرقام {t}"]


class _Writer:
    """Fills templates from the word lists with one seeded random generator."""

    def __init__(self, rng: random.Random, published: date):
        self.rng = rng
        self.published = published
        self.region = rng.choice(REGIONS)

    def when(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return "أمس " + self.rng.choice(WEEKDAYS)
        if r < 0.55:
            return "فجر اليوم"
        if r < 0.75:
            d = self.published - timedelta(days=self.rng.randint(0, 3))
            return f"يوم {WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"
        if r < 0.9:
            return "مساء " + self.rng.choice(WEEKDAYS)
        return "الليلة الماضية"

    def fill(self, template: str) -> str:
        rng = self.rng
        p, p2 = rng.sample(self.region, 2)
        slots = {
            "p": p, "p2": p2, "s": rng.choice(STATE), "ns": rng.choice(NONSTATE), "a": rng.choice(AIR),
            "n": str(rng.randint(3, 40)), "m": str(rng.randint(2, 25)), "nw": rng.choice(NUM_WORDS),
            "src": rng.choice(SOURCES), "o": rng.choice(OFFICIALS), "t": rng.choice(TOPICS), "f": rng.choice(FOCUS),
            "cap": rng.choice(CAPITALS), "e": rng.choice(EMOJI), "wd": rng.choice(WEEKDAYS),
            "y": str(rng.randint(2012, 2020)),
        }
        if "{when}" in template:
            slots["when"] = self.when()
        return template.format(**slots)

    def composed(self) -> str:
        """A background sentence assembled from parts (thousands of combinations)."""
        rng = self.rng
        pred = rng.choice(PREDICATES)
        sep = "" if pred.endswith("ـ") else " "
        return self.fill(f"{rng.choice(CONNECTORS)}{rng.choice(SUBJECTS)} {pred}{sep}{{t}} "
                         f"{rng.choice(COMPLEMENTS)}.")

    def paragraph(self, k: int, pools: list[list[str]]) -> str:
        out = []
        for _ in range(k):
            pool = self.rng.choice(pools)
            out.append(self.composed() if pool is SUBJECTS else self.fill(self.rng.choice(pool)))
        return " ".join(out)


def _words(text: str) -> int:
    return len(text.split())


def make_article(rng: random.Random, idx: int, target_words: Optional[int] = None,
                 event: Optional[bool] = None, post: Optional[bool] = None) -> dict:
    """One article (or channel post) as a FORMAT.md dict; arguments left None are drawn."""
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    w = _Writer(rng, published)
    if post is None:
        post = target_words is None and rng.random() < 0.25
    if event is None:
        event = rng.random() < (0.35 if post else 0.30)
    if post:
        text = w.fill(rng.choice(POSTS if event else QUIET_POSTS))
        if rng.random() < 0.4:
            text += "\n" + w.fill(rng.choice(CASUALTY_FOLLOWUPS if event else BACKGROUND))
        hh, mm = rng.randint(0, 23), rng.randint(0, 59)
        return {"id": f"gen-{idx}", "published": f"{published.isoformat()}T{hh:02d}:{mm:02d}:00+03:00",
                "title": None, "text": text, "url": f"https://t.me/example_channel/{10000 + idx}",
                "source": "telegram"}
    if target_words is None:
        target_words = int(min(2500, max(80, rng.lognormvariate(math.log(330), 0.6))))
    outlet = rng.choice(OUTLETS)
    dateline = f"{rng.choice(w.region)} - {outlet}:"
    if event:
        title = w.fill(rng.choice(TITLES_EVENT))
        lead = [w.fill(rng.choice(EVENTS)), w.fill(rng.choice(CASUALTY_FOLLOWUPS))]
        if rng.random() < 0.3:
            lead.append(w.fill(rng.choice(EVENTS)))
    else:
        title = w.fill(rng.choice(TITLES_QUIET))
        lead = [w.fill(rng.choice(LEADS)), w.fill(rng.choice(BACKGROUND))]
    paras = [dateline + " " + " ".join(lead)]
    n = _words(paras[0])
    while n < target_words:
        k = rng.randint(2, 5)
        pools = [BACKGROUND, SUBJECTS, SUBJECTS, QUOTES] + ([HISTORY] if event or rng.random() < 0.2 else [])
        para = w.paragraph(k, pools)
        paras.append(para)
        n += _words(para)
    text = "\n\n".join(paras)
    if rng.random() < 0.1:  # some sites write harakat and Arabic-Indic digits
        text = text.replace("قال", "قَالَ").translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return {"id": f"gen-{idx}", "published": published.isoformat(), "title": title, "text": text,
            "url": f"https://news.example.org/{published.year}/{idx}", "source": outlet}


def generate(n: int, seed: int = 7) -> list[dict]:
    """`n` articles of mixed length (a quarter of them short posts), ~30 % with an event."""
    rng = random.Random(seed)
    return [make_article(rng, i) for i in range(n)]


def fixed_length(n: int, words: int, seed: int = 11, event_share: float = 0.3) -> list[dict]:
    """`n` news articles of about `words` words each, the same share of them with events."""
    rng = random.Random(seed * 100_003 + words)
    return [make_article(rng, i, target_words=words, event=rng.random() < event_share, post=False)
            for i in range(n)]


def iter_jsonl(rows: list[dict]) -> Iterator[str]:
    """JSON Lines of the rows (UTF-8, Arabic kept as is)."""
    for r in rows:
        yield json.dumps(r, ensure_ascii=False)


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="how many articles (default 5000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--words", type=int, help="fixed length instead of the mixed distribution")
    ap.add_argument("-o", "--output", help="JSON Lines file (default: standard output)")
    a = ap.parse_args(argv)
    rows = fixed_length(a.n, a.words, a.seed) if a.words else generate(a.n, a.seed)
    out = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout
    for line in iter_jsonl(rows):
        out.write(line + "\n")
    if a.output:
        out.close()


if __name__ == "__main__":
    main()
