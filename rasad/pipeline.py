"""extract(article) -> events: the stages in order, and nothing else."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Optional, Union

from rasad import chunks
from rasad.chunks import DocumentTooLarge, chunk_bounds, shifted
from rasad.events.assemble import Context, Proposal, build_events, news_peg, propose
from rasad.events.decide import decide, default_models
from rasad.events.frames import Spans, build_frames, resolve_overlaps
from rasad.events.merge import merge_events
from rasad.events.patterns import pattern
from rasad.learn.features import title_words
from rasad.mentions.casualties import find_casualties
from rasad.mentions.matcher import Matcher, default_matcher
from rasad.mentions.places import candidates, nisba_countries, resolve, verb_subjects, without_months
from rasad.mentions.sources import attributed_source
from rasad.mentions.timex import find_times
from rasad.model import Article, Event
from rasad.text.normalize import normalize
from rasad.text.sentences import split_sentences

# Cues of what GUIDELINES §3 says is no event: the sentence detector proposes nothing where they stand.
FIRM_CUES = frozenset({"threat", "plan", "exercise", "negation", "hypothetical", "denial", "background",
                       "aggregate", "question", "recollection", "retract"})

log = logging.getLogger(__name__)

# A post this short with a time-stamped publication is a live report (GUIDELINES §4).
LIVE_MAX_CHARS = 600


def extract_article(article: Article, matcher: Optional[Matcher] = None, learned: Optional[bool] = None) -> list[Event]:
    """All events an article reports, merged within the article, in text order. The trained
    layer decides when its models ship (`learned=False`: the rules alone). A text past
    `rasad.chunks.CHUNK_CHARS` is read chunk by chunk; one past `MAX_DOCUMENT_CHARS` raises
    `DocumentTooLarge` (logged; the callers count it as failed)."""
    text = article.text or ""
    if len(text) > chunks.MAX_DOCUMENT_CHARS:
        reason = (f"article {article.id}: {len(text):,} characters, past the limit of {chunks.MAX_DOCUMENT_CHARS:,} "
                  "(rasad.chunks.MAX_DOCUMENT_CHARS): skipped")
        log.warning(reason)
        raise DocumentTooLarge(reason)
    bounds = chunk_bounds(text)
    if len(bounds) == 1:
        return _extract_whole(article, matcher, learned)
    log.info("article %s: %s characters read in %d chunks", article.id, f"{len(text):,}", len(bounds))
    return [shifted(ev, a) for a, b in bounds
            for ev in _extract_whole(replace(article, text=text[a:b]), matcher, learned)]


def _extract_whole(article: Article, matcher: Optional[Matcher], learned: Optional[bool]) -> list[Event]:
    analysis = analyse(article, matcher)
    if analysis is None:
        return []
    ctx, proposals, rule_events = analysis
    models = default_models() if learned is not False else None
    if models is not None and len(proposals) > chunks.MAX_DECIDED_PROPOSALS:
        log.warning("article %s: %d candidate events, past %d (rasad.chunks.MAX_DECIDED_PROPOSALS): "
                    "decided by the rules alone", article.id, len(proposals), chunks.MAX_DECIDED_PROPOSALS)
        models = None
    if models is None:
        return merge_events(rule_events)
    return decide(ctx, proposals, models)


def _past_the_dateline(text: str, cands: list) -> list:
    """Place candidates without those of an outlet's dateline, when the text names another place:
    «دبي، الامارات (cnn) – ... هجوم في طرابلس» is an event in Tripoli reported from Dubai."""
    m = pattern("places.outlet_dateline").match(text)
    if m is None:
        return cands
    later = [c for c in cands if c.start >= m.end()]
    return later if later else cands


def analyse(article: Article, matcher: Optional[Matcher] = None
            ) -> Optional[tuple[Context, list[Proposal], list[Event]]]:
    """The article's context, every proposal of its frames, and the events the rules keep."""
    text = article.text or ""
    if not text.strip():
        return None
    m = matcher or default_matcher()
    norm = normalize(text)
    t = norm.text
    hits = resolve_overlaps(m.find(t))
    sentences = split_sentences(t)
    published = article.published_date
    times = find_times(t, published)
    # places are resolved with the title's names as context too
    title = normalize(article.title).text if article.title else ""
    title_hits = resolve_overlaps(m.find(title)) if title else []
    cands = without_months(t, _past_the_dateline(t, candidates(t, hits)))
    # place hits that are no place here («الاحد» the day, not a village) leave the stream
    kept = {(c.start, c.end) for c in cands}
    hits = [h for h in hits if h.category != "place" or (h.start, h.end) in kept]
    # «في بلدة معركة بقضاء صور»: a trigger word inside a place's name is no trigger
    names = Spans((c.start, c.end) for c in cands)
    hits = [h for h in hits if h.category != "trigger" or not names.holds(h.start, h.end, strict_start=True)]
    source_hits = [h for h in hits if h.category == "source" and h.label == "named"]
    title_cands = candidates(title, title_hits) if title else []
    own = {id(c) for c in cands}
    resolved = [cp for cp in resolve(title_cands + cands, nisba_countries(hits + title_hits)) if id(cp[0]) in own]
    ctx = Context(
        article_id=article.id,
        original=text,
        norm=t,
        to_original=norm.span,
        published=published,
        live=article.published_has_time and (len(text) <= LIVE_MAX_CHARS or "عاجل" in t[:80]),
        times=times,
        places=resolved,
        casualties=find_casualties(t, hits),
        sentences=sentences,
        peg=news_peg(times, sentences, published),
        actor_starts=frozenset(h.start for h in hits if h.category == "actor") | verb_subjects(t, hits, cands),
        title_words=title_words(title),
        source=attributed_source(text, t, source_hits, 0, 0, norm.span, all_named=True),
        outlet=article.source,
        url=article.url,
        published_raw=article.published,
    )
    if article.published_has_time and not ctx.live:
        ctx.live = True  # a time-stamped web article reports the day it is stamped
    events: list[Event] = []
    proposals: list[Proposal] = []
    by_sentence = []
    hi = 0
    for si, s in enumerate(sentences):
        while hi < len(hits) and hits[hi].start < s.start:
            hi += 1
        shits = []
        j = hi
        while j < len(hits) and hits[j].start < s.end:
            shits.append(hits[j])
            j += 1
        cues = [h for h in shits if h.category == "cue"]
        if any(c.label == "boilerplate" and (c.start - s.start < 12 or s.end - s.start < 80) for c in cues):
            continue  # «اقرا ايضا: ...», «جميع الحقوق محفوظه»; not «تظاهره شارك فيها ناشطون»
        by_sentence.append((si, s, shits, cues, build_frames(si, s.start, s.end, shits, t)))
    ctx.event_sentences = frozenset(s.start for _, s, _, _, frames in by_sentence if frames)
    ctx.firm_sentences = frozenset(s.start for _, s, _, cues, _ in by_sentence
                                   if any(c.label in FIRM_CUES for c in cues))
    ctx.anaphoric_sentences = frozenset(
        s.start for _, s, _, _, frames in by_sentence
        if frames and all(a.prefix.endswith(("ال", "لل")) for f in frames for a in f.anchors))
    for si, s, shits, cues, frames in by_sentence:
        for fr in frames:
            props = propose(ctx, fr, cues)
            if props:
                src = attributed_source(text, t, source_hits, s.start, s.end, norm.span, all_named=True)
                for pr in props:
                    pr.source = src
            proposals.extend(props)
            evs = [e for pr in props if pr.kept_by_rules for e in build_events(ctx, pr)]
            events.extend(evs)
            ctx.told = len(events)
            ctx.told_dates.update(e.event_date for e in evs)
            # «وفي مساء اليوم ذاته»: the day told last, by a kept event or by any frame that names its day
            if evs and evs[-1].event_date:
                ctx.last_date = evs[-1].event_date
            else:
                named = [pr.date[0] for pr in props if pr.date[0] is not None and pr.date[3].startswith("time:")]
                if named:
                    ctx.last_date = named[-1].isoformat()
    return ctx, proposals, events


def extract(text: str, published: Union[str, date, None] = None, article_id: str = "text",
            title: Optional[str] = None) -> list[Event]:
    """Events in one Arabic text, dates resolved against `published` (ISO string or date)."""
    pub = published.isoformat() if isinstance(published, date) else published
    return extract_article(Article(id=article_id, text=text, published=pub, title=title))
