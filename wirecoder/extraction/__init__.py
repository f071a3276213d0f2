"""The extract stage: event *mentions* from a parsed article.

For every sentence of the article's paragraphs (titles and subheadings restate the body and are
skipped; questions are never events) each token is looked up in the trigger lexicon in its
syntactic frame. A match becomes a mention: an :class:`~wirecoder.records.Event` of one sentence
with its roles from the parse (:mod:`.roles`), actors coded by :mod:`wirecoder.resolve.actors`,
modality and reported source (:mod:`.modality`) and counts (:mod:`wirecoder.resolve.counts`).
Date and place are not resolved here: :mod:`wirecoder.assemble` first groups the mentions of one
real event, then resolves its date and place once from all of them.
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Collection, Optional

from ..datafiles import data_path, read_tsv
from ..ontology import Ontology, default_ontology
from ..records import Actor, Article, Event, Mention, Note, Size, stable_id
from ..resolve.actors import QUANTIFIER_PRONOUNS, ActorResolver, Mentions
from ..resolve.counts import VAGUE as VAGUE_COUNTS, casualties, count_for_phrase
from . import roles
from .calibration import Calibrator, default_calibrator, features as calib_features
from .acled import AcledCues, Words, default_acled, is_attribution, is_hazard, refine, trigger_weapon, weapon_of
from .cues import Cues, default_cues, in_types
from .lexicon import Entry, Lexicon, default_lexicon
from .modality import according_to, is_caption, is_purpose, is_question, modality

NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "npadvmod", "ROOT",
                "poss", "compound", "oprd")


@dataclass
class Resources:
    """Everything extract reads besides the Doc; loaded once per process."""

    lexicon: Lexicon
    ontology: Ontology
    cues: Cues
    actors: ActorResolver
    contexts: dict[str, str]
    acled: AcledCues = field(default_factory=default_acled)
    calibrator: Optional[Calibrator] = field(default_factory=default_calibrator)  # None: raw heuristic confidence

    @classmethod
    def default(cls) -> "Resources":
        return _default_resources()

    @classmethod
    def for_actors(cls, actors: tuple[str, ...] = ()) -> "Resources":
        """The resources with ``actors`` (extra organisation dictionaries) added; cached per set."""
        return _default_resources(tuple(actors))


@lru_cache(maxsize=None)
def _default_resources(actors: tuple[str, ...] = ()) -> Resources:
    return Resources(default_lexicon(), default_ontology(), default_cues(), ActorResolver.for_files(actors),
                     load_contexts())


def load_contexts(path=None) -> dict[str, str]:
    return {row["lemma"].lower(): row["context"] for _, row in read_tsv(path or data_path("contexts.tsv"),
                                                                          ["lemma", "context"])}


@dataclass
class Found:
    """One event mention as extraction found it: the mention-level Event, its trigger token, the
    calibrator's raw features and whether it only refers back to an event already reported."""

    tok: object
    event: Event
    features: list[float]
    anaphoric: bool = False
    raw_confidence: float = 0.0
    speaker: Optional[Actor] = None    # who reports it, coded (subject of the speech verb, "according to X")
    headline: bool = False             # found in the title: it only restates an event of the body
    distinct: bool = False             # one half of an exchange: never merged with the sentence's other half
    counterpart: bool = False          # the half the text only implies ("in exchange for Q": Q's release)
    moved: bool = False                # those released were taken elsewhere in an exchange ("flown to Y")


@dataclass
class _Doc:
    article: Article
    doc: object
    mentions: Mentions
    actors: dict[int, Optional[Actor]] = field(default_factory=dict)
    words: dict[int, Words] = field(default_factory=dict)      # sentence start -> its words, for cue lookup
    types_seen: set[str] = field(default_factory=set)          # event types found so far in the article
    nominal_actors: dict[str, list[Actor]] = field(default_factory=dict)  # trigger lemma -> last actor
    speaker: Optional[tuple[Actor, int]] = None   # the last coded speaker of a quote, and where its sentence ends

    def words_of(self, sent) -> Words:
        w = self.words.get(sent.start)
        if w is None:
            w = self.words[sent.start] = Words(sent)
        return w


def paragraph_sentences(article: Article, doc) -> list:
    """Sentences that lie inside paragraph blocks (all sentences when clean found no structure)."""
    paras = [(s, e) for s, e, kind in article.blocks if kind == "paragraph"]
    if not article.blocks:
        return list(doc.sents)
    inside = _covered(paras)
    out = []
    for sent in doc.sents:
        mid = sent.start_char + (sent.end_char - sent.start_char) // 2
        if inside(sent.start_char) or inside(mid):
            out.append(sent)
    return out


def _covered(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test "does some ``[s, e)`` of ``spans`` contain this offset", O(log n) per call."""
    union: list[list[int]] = []
    for s, e in sorted(spans):
        if s >= e:
            continue
        if union and s <= union[-1][1]:
            union[-1][1] = max(union[-1][1], e)
        else:
            union.append([s, e])
    starts = [s for s, _e in union]

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < union[k][1]
    return inside


def find_mentions(article: Article, doc, resources: Resources | None = None,
                  mentions: Mentions | None = None) -> list[Found]:
    """The event mentions of one article, in text order, with what calibration and assembly need.

    ``doc`` is the spaCy Doc of ``article.text``; ``mentions`` (actor mentions, from
    ``resources.actors.annotate(doc)``) may be passed when the caller has them. A mention that only
    refers back to an event already reported ("the attack" with nothing new) is kept with
    ``anaphoric=True`` so that assembly can attach it to that event.
    """
    res = resources or Resources.default()
    state = _Doc(article, doc, mentions if mentions is not None else res.actors.annotate(doc))
    sentences = paragraph_sentences(article, doc)
    keep = {s.start for s in sentences}
    titles = _covered([(s, e) for s, e, kind in article.blocks if kind == "title"])
    out: list[Found] = []
    for sent in doc.sents:
        _resolve_sentence_actors(sent, state, res)   # coreference needs every sentence, in order
        headline = sent.start not in keep and titles(sent.start_char)
        if (sent.start not in keep and not headline) or is_question(sent) or is_caption(sent):
            continue
        found = [f for tok in sent if (f := _event_at(tok, sent, state, res) or _reported_act(tok, sent, state, res)
                                       or _claimed_act(tok, sent, state, res)
                                       or _exchanged_for(tok, sent, state, res)
                                       or _praised_as_step(tok, sent, state, res)
                                       or _on_alert(tok, sent, state, res)
                                       or _victims_named(tok, sent, state, res)) is not None]
        found = [f for f in found if not _content_of_another(f, found, res.cues)]
        if headline:
            # the title restates the body's news: its mentions only join the events the body reports
            for f in found:
                f.headline = True
                out.append(f)
            continue
        for f in found:
            if f.event.actor and not f.anaphoric and not f.distinct:
                state.nominal_actors[f.tok.lemma_.lower()] = f.event.actor
        for f in merge_sentence_events(found, res.cues):
            if not f.anaphoric:
                state.types_seen.add(f.event.event_type)
            f.raw_confidence = f.event.confidence       # the heuristic, for refitting the calibrator
            if res.calibrator is not None:
                f.event.confidence = round(res.calibrator(f.features), 3)
            out.append(f)
    return out


def extract_events(article: Article, doc, resources: Resources | None = None,
                   mentions: Mentions | None = None, type_model: bool = False, event_model=None) -> list[Event]:
    """The mention-level events of one article (see :func:`find_mentions`), anaphoric ones left out.

    ``type_model``: let the embedding classifier (:mod:`.classifier`) re-decide each event's type,
    ACLED sub-event and confidence; the roles stay those of the rules.
    ``event_model``: a loaded :class:`wirecoder.model.EventModel` that re-decides them where it is
    confident and the rules do not measurably win (:func:`wirecoder.model.apply.relabel`).
    """
    res = resources or Resources.default()
    events = [f.event for f in find_mentions(article, doc, res, mentions) if not f.anaphoric and not f.headline]
    rejected = {id(e) for e in relabel_events(events, article, res, type_model, event_model)}
    return [e for e in events if id(e) not in rejected]


def relabel_events(events: list[Event], article: Article, res: Resources, type_model: bool = False,
                   event_model=None) -> list[Event]:
    """Let the learned classifiers re-decide mention-level events in place (both off by default).
    Returns the events the event model's is-event gate rejects (to be dropped; none without it)."""
    if type_model and events:
        from .classifier import default_type_model

        default_type_model().apply(events, res.ontology)
    if event_model is not None and events:
        from ..model.apply import relabel

        return relabel(events, event_model, res.ontology, text=article.text)
    return []


def _content_of_another(f: Found, found: list[Found], cues) -> bool:
    """A demand naming no addressee or no one making it, in a sentence that reports a protest, is
    the protesters' demand (cues.yaml ``content_types``)."""
    hosts = cues.content_types.get(f.event.event_type)
    return bool(hosts) and not (f.event.recipient and f.event.actor) \
        and any(g.event.event_type in hosts for g in found if g is not f)


EMBEDDED_FACTOR = 0.8   # an event inside another event's clause is rarely the sentence's main event


def merge_sentence_events(found: list[Found], cues: Optional[Cues] = None) -> list[Found]:
    """One sentence's mentions -> its events, duplicates merged.

    Two events of the same type where one trigger governs the other ("attacked a post, killing 12
    policemen"; "were killed after militants ambushed a patrol") are one event: the more confident
    keeps its trigger and mode and takes the other's actor when it has none, its recipients and its
    casualty counts. An event whose trigger lies under another event's trigger ("condemned the
    attack", "accused X of killing") is the lesser of the sentence: its confidence is lowered.
    """
    if len(found) < 2:
        return list(found)
    words = (cues or default_cues()).sequence_words
    order = sorted(range(len(found)), key=lambda k: -found[k].event.confidence)
    merged_into: dict[int, int] = {}
    for a in order:
        if a in merged_into:
            continue
        fa = found[a]
        for b in order:
            if b == a or b in merged_into or found[b].event.event_type != fa.event.event_type:
                continue
            fb = found[b]
            if fa.distinct or fb.distinct or roles.in_sequence(fa.tok, fb.tok, words):
                continue                # two halves of an exchange; "X, two days before Y": two events
            if _governs(fa.tok, fb.tok) or _governs(fb.tok, fa.tok):
                if _modes_apart(fa.event.mode, fb.event.mode) and _own_clause(fb.tok if _governs(fa.tok, fb.tok) else fa.tok):
                    continue            # "the resignation of X, who fled abroad": two acts, as assembly reads them
                _absorb(fa.event, fb.event)
                fa.anaphoric = fa.anaphoric and fb.anaphoric
                merged_into[b] = a
    kept = [f for k, f in enumerate(found) if k not in merged_into]
    verb_of = {id(f): _clause_verb(f.tok) for f in kept}
    for f in kept:
        # "officers carried out 40 raids, arresting 12 people": two acts of one type hanging from one
        # verb, the one naming no target is done to the other's
        if not f.event.recipient and verb_of[id(f)] is not None and not f.distinct:
            g = next((g for g in kept if g is not f and g.event.event_type == f.event.event_type
                      and g.event.recipient and verb_of[id(g)] == verb_of[id(f)] and not g.distinct), None)
            if g is not None:
                f.event.recipient = [dataclasses.replace(r) for r in g.event.recipient]
    out = []
    for k, f in enumerate(found):
        if k in merged_into:
            continue
        if any(j != k and j not in merged_into and _governs(g.tok, f.tok) and g.event.event_type != f.event.event_type
               for j, g in enumerate(found)):
            f.event.confidence = round(f.event.confidence * EMBEDDED_FACTOR, 3)
            f.features[7] = 1.0
        out.append(f)
    return out


def _modes_apart(a: Optional[str], b: Optional[str]) -> bool:
    """Two modes of one type that report different acts (assembly.yaml ``compatible_modes`` and
    ``accompanying_acts`` say which differing modes can be one act), as assembly groups mentions."""
    if not a or not b or a == b:
        return False
    from ..assemble import default_assembly_cues     # assembly imports this module
    cues = default_assembly_cues()
    return not cues.modes_agree(a, b) and cues.accompanied({a, b}) is None


def _own_clause(tok) -> bool:
    """A verb with a subject of its own: a clause of its own ("X, who fled abroad"), not a
    participle or a conjunct sharing its governor's subject ("attacked the post, killing 12")."""
    return tok.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _clause_verb(tok):
    """The verb ``tok`` hangs from (its nearest verb ancestor), None at the root."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _governs(a, b) -> bool:
    """Token ``a`` is an ancestor of ``b`` within three dependency hops."""
    t = b
    for _ in range(3):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i == a.i:
            return True
    return False


def _absorb(ev: Event, other: Event) -> None:
    if not ev.actor and other.actor:
        ev.actor = other.actor
    def key(r: Actor) -> tuple:
        return (r.country, r.sector) if r.country or r.sector else (r.text,)

    seen = {key(r) for r in ev.recipient + ev.actor}
    for r in other.recipient:
        if key(r) not in seen:
            ev.recipient.append(r)
            seen.add(key(r))
    if ev.mode is None and other.mode is not None:
        ev.mode = other.mode
    if other.size is not None:
        if ev.size is None:
            ev.size = other.size
        else:
            for f in ("dead", "injured", "arrested"):
                x, y = getattr(ev.size, f), getattr(other.size, f)
                if y is not None and (x is None or y > x):
                    setattr(ev.size, f, y)
            if ev.size.people is None and other.size.people is not None:
                ev.size.people, ev.size.qualifier, ev.size.text = (other.size.people, other.size.qualifier,
                                                                  other.size.text)
    if not ev.acled_subtype and other.acled_subtype:
        ev.acled_type, ev.acled_subtype = other.acled_type, other.acled_subtype
    for c in other.context:
        if c not in ev.context:
            ev.context.append(c)
    ev.span = (min(ev.span[0], other.span[0]), max(ev.span[1], other.span[1]))


def _resolve_sentence_actors(sent, state: _Doc, res: Resources) -> None:
    for tok in sent:
        if tok.dep_ in NOMINAL_DEPS and tok.i not in state.actors \
                and (tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or tok.lower_ in QUANTIFIER_PRONOUNS):
            state.actors[tok.i] = res.actors.actor(tok, state.mentions)
            if state.actors[tok.i] is not None and _both_sides(tok, state):
                # "both parties": the two sides (see _actors), not a political party a later "their" is
                state.mentions.forget(tok.i)
                state.actors[tok.i] = None
    _first_person_in_quotes(sent, state, res)


FIRST_PERSON = frozenset({"we", "i", "us", "me"})
QUOTE_REACH = 600      # characters after its attribution a quote's unattributed paragraph still continues it


def _in_quote(text: str, pos: int) -> bool:
    """Whether offset ``pos`` lies inside a quotation opened earlier in its line (paragraph)."""
    seg = text[text.rfind("\n", 0, pos) + 1:pos]
    return seg.count("\u201c") > seg.count("\u201d") or seg.count('"') % 2 == 1


def _speech_subject(t, state: _Doc, res: Resources) -> Optional[Actor]:
    """The coded subject of speech verb ``t``: the head, else the title that codes it ("the police
    chief", "Minister of Home Affairs X said"); a first-person subject is no one's name."""
    for c in t.children:
        if c.dep_ != "nsubj" or c.lower_ in FIRST_PERSON:
            continue
        titles = [m for m in c.children if m.dep_ in ("compound", "amod", "nmod", "appos")]
        for m in titles:
            if m.i not in state.actors and m.pos_ in ("NOUN", "PROPN"):
                state.actors[m.i] = res.actors.actor(m, state.mentions)
        for a in [state.actors.get(c.i)] + [state.actors.get(m.i) for m in titles]:
            if a is not None and (a.country or a.sector):
                return a
    return None


def _sentence_speaker(sent, state: _Doc, res: Resources) -> Optional[Actor]:
    """The coded subject of the first speech verb of ``sent`` outside its quotations."""
    text = state.article.text
    for t in sent:
        if t.lemma_.lower() in res.cues.speech_verbs and t.pos_ == "VERB" and not _in_quote(text, t.idx):
            a = _speech_subject(t, state, res)
            if a is not None:
                return a
    return None


def _quote_speaker(sent, state: _Doc) -> Optional[Actor]:
    """Who speaks a quotation in ``sent``: the speaker :func:`_first_person_in_quotes` noted for this
    sentence, else the last one while the quote may still go on (``QUOTE_REACH``)."""
    if state.speaker is not None and sent.start_char - state.speaker[1] <= QUOTE_REACH:
        return state.speaker[0]
    return None


def _first_person_in_quotes(sent, state: _Doc, res: Resources) -> None:
    """"We"/"I" inside a quotation are its speaker: the coded subject of a speech verb outside the
    quotes of the same sentence ("'We have arrested five,' the police chief said"), else the last
    such speaker when the quote continues a paragraph or two after its attribution ("Khan said, ...
    / 'We are talking to their government.'"). The pronoun takes the speaker's country and
    sector, keeping its own text."""
    text = state.article.text
    speaker = _sentence_speaker(sent, state, res)
    if speaker is not None:
        state.speaker = (speaker, sent.end_char)
    speaker = _quote_speaker(sent, state)
    if speaker is None:
        return
    for tok in sent:
        known = state.actors.get(tok.i)
        if tok.lower_ in FIRST_PERSON and (known is None or not (known.country or known.sector)) \
                and tok.dep_ in NOMINAL_DEPS and _in_quote(text, tok.idx):
            state.actors[tok.i] = Actor(text=tok.text, name=speaker.name, country=speaker.country,
                                        sector=speaker.sector)


def _actors(heads, state: _Doc) -> list[Actor]:
    out, seen = [], set()
    for h in heads:
        a = state.actors.get(h.i)
        sides = _both_sides(h, state)
        if a is None and not sides:
            continue
        for x in sides or [a, *_coordinated_countries(h, a, state)]:
            if (x.text, x.country, x.sector) not in seen:
                seen.add((x.text, x.country, x.sector))
                out.append(x)
    return out


BOTH_SIDES = ("party", "side")


def _both_sides(head, state: _Doc) -> list[Actor]:
    """"both parties", "the two sides", "the parties": the last two actors of different codes named
    together before ("the Colombian government and the ELN guerrillas started talks ... both parties
    agreed"), else the last two actors of different codes named before; none else."""
    if head.lemma_.lower() not in BOTH_SIDES:
        return []
    kids = list(head.children)
    if not (any(c.lower_ == "both" for c in kids) or any(c.dep_ == "nummod" and c.lower_ == "two" for c in kids)
            or (head.tag_ == "NNS" and any(c.dep_ == "det" and c.lower_ == "the" for c in kids)
                and not any(c.dep_ in ("amod", "compound", "prep", "poss", "relcl", "acl") for c in kids))):
        return []
    doc = head.doc
    earlier = [a for a in state.mentions.history
               if a.tok < head.i and not a.speaker and a.actor.country and a.actor.sector
               and a.actor.sector not in ("CVL", "PTY")]
    by_tok = {a.tok: a.actor for a in earlier}
    for a in reversed(earlier):
        for c in doc[a.tok].conjuncts:
            b = by_tok.get(c.i)
            if c.i < a.tok and b is not None and (b.country, b.sector) != (a.actor.country, a.actor.sector):
                return [b, a.actor]
    out: list[Actor] = []
    for a in reversed(earlier):
        if all((a.actor.country, a.actor.sector) != (x.country, x.sector) for x in out):
            out.append(a.actor)
        if len(out) == 2:
            return out[::-1]
    return []


def _coordinated_countries(head, actor: Actor, state: _Doc) -> list[Actor]:
    """"Hungarian and Romanian officials", "the leaders of Azerbaijan and Russia": one actor per
    coordinated country modifier."""
    out = []
    mods = [m for m in head.children if m.dep_ in ("amod", "compound", "nmod") and m.i < head.i]
    mods += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
             if p.dep_ == "pobj"]
    for m in mods:
        for c in m.conjuncts:
            mm = state.mentions.at(c.i)
            if mm is not None and mm.kind in ("country", "demonym") and mm.country != actor.country:
                out.append(Actor(text=actor.text, name=mm.name if mm.kind == "country" else None,
                                 country=mm.country, sector=actor.sector))
    return out


def _opponents(tok, r: "_Roles", state: _Doc, res: Resources) -> list[Actor]:
    """A fight's targets: the armed actors it is fought with, against or between ("clashed with
    rebels", "exchanged fire with militants") beside those the parse gives ("engaged the bandits in
    a gun duel"); assembly makes both sides the record's doers (:func:`wirecoder.assemble.build_event`)."""
    heads = roles.prep_objects(tok, ("with", "against", "between"))
    if r.light is not None:
        heads += roles.prep_objects(r.light, ("with", "against", "between"))
    out = list(r.recipient)
    for a in _actors(heads, state):
        if a.sector in res.acled.armed_sectors and a not in out and a not in r.actor:
            out.append(a)
    return out


def _event_at(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """The event mention whose trigger is ``tok``, or None: is it a trigger (:func:`_trigger`), who
    does what to whom (:func:`_roles`), is it an event between actors at all, then the mention."""
    entry = _trigger(tok, res)
    if entry is None or _no_event_here(tok, entry, sent, res) or _done_by_an_attack(tok, entry, res):
        return None
    r = _roles(tok, entry, state, res)
    if _advisory(tok, entry, r, res.cues) or any(h.lemma_.lower() in res.cues.aggregate_nouns for h in r.agent_heads):
        return None                     # "a war that killed 50,000": a whole war's toll (cues.yaml aggregate_nouns)
    r_type = entry.type
    for rt in res.cues.doer_retypes:
        if entry.type == rt.source and (not rt.lemmas or tok.lemma_.lower() in rt.lemmas) and r.actor \
                and (not rt.objects or any(c.dep_ == "dobj" and c.lemma_.lower() in rt.objects for c in tok.children)) \
                and all(a.sector in rt.sectors for a in r.actor):
            # "protesters stormed the government headquarters": a riot; "police raids": a search of
            # premises, not an armed attack (cues.yaml doer_retypes)
            entry = dataclasses.replace(entry, type=rt.type, mode=rt.mode, cameo=rt.cameo or entry.cameo,
                                        acled=rt.acled or entry.acled)
            break
    if entry.type != r_type:
        # the new type's prepositions say who the target is ("protesters clashed with security forces")
        r = _roles(tok, entry, state, res)
    if in_types(res.cues.armed_force_types, entry.type, entry.mode):
        r.actor = [res.actors.armed_forces(a) for a in r.actor]
    if entry.type == "ASSAULT" and roles.two_sided(tok, res.cues.two_sided_words):
        r.recipient = _opponents(tok, r, state, res)
    words = state.words_of(sent)
    if _not_between_actors(tok, entry, r, words, res):
        return None
    mod, speech = modality(r.clause_head, res.cues)
    if mod == "asserted" and entry.type in res.cues.hypothetical_types:
        mod = "hypothetical"            # a threat says what may happen (cues.yaml hypothetical_types)
    asked = _asked_about(tok, entry, state)
    size = None if asked else _size(entry, r, sent, state, tok, res.cues.receiver_count_types)
    span = _span(tok, r, sent, state.doc)
    if entry.type == "ASSAULT" and entry.mode in WEAPON_MODES:
        # the weapon the sentence names says how ("a blast caused by a suicide bomber", "killed in
        # a drone strike"), as it decides the ACLED sub-event (acled.yaml weapons)
        weapon = trigger_weapon(tok, res.acled) or next(
            (w for h in roles.agent_of(tok) if h.pos_ == "NOUN" and (w := trigger_weapon(h, res.acled))), None) \
            or weapon_of(words, res.acled)          # "a drone strike blew up a vehicle carrying bombers"
        if weapon is not None and weapon[1] and weapon[1] != entry.mode:
            entry = dataclasses.replace(entry, mode=weapon[1])
    acled_type, acled_sub = _acled(tok, entry, r, mod, words, res)
    art = state.article
    ev = Event(
        id=stable_id(art.id, span[0], span[1], entry.type, tok.idx),
        article_id=art.id,
        event_type=entry.type,
        mode=entry.mode,
        context=_context(entry, r.clause_head, res),
        quad_class=res.ontology.types[entry.type].quad,
        cameo_root=res.ontology.cameo_root(entry.type, entry.mode, entry.cameo),
        modality=mod,  # type: ignore[arg-type]
        actor=r.actor,
        recipient=r.recipient,
        date=None,                      # resolved once per assembled event (wirecoder.assemble)
        location=None,
        size=size,
        sentence=sent.text.strip(),
        span=span,
        confidence=round(_confidence(entry, r, sent), 3),
        trigger=tok.text,
        source=_source(r.clause_head, speech, state),
        acled_type=acled_type,
        acled_subtype=acled_sub,
        mentions=[Mention(sentence=sent.text.strip(), span=span, trigger=tok.text,
                          trigger_span=(tok.idx, tok.idx + len(tok.text)))],
    )
    # raw features for the calibrator (embedded is set when the sentence's events are merged)
    features = calib_features(entry.conf, bool(r.actor), any(a.country or a.sector for a in r.actor),
                              bool(r.recipient), r.nominal, mod != "asserted", False, len(sent) < 6)
    return Found(tok, ev, features,
                 anaphoric=asked or ((r.anaphoric or _described(tok, res) or _as_topic(tok, entry, state, res)
                                      or _those_done_to(tok, entry, state)
                                      or (_set_off_by_an_attack(tok, entry, res) and entry.type in state.types_seen))
                                     and not r.recipient and size is None),
                 speaker=_speaker(r.clause_head, speech, state))


def _as_topic(tok, entry: Entry, state: _Doc, res: Resources) -> bool:
    """"will address the nation about the attacks" after the attacks were reported: an event named as
    what is talked about (cues.yaml ``topic_preps``) refers to the event told before; an article that
    tells the event only so keeps it as a record."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in res.cues.topic_preps \
        and entry.type in state.types_seen


def _done_by_an_attack(tok, entry: Entry, res: Resources) -> bool:
    """"the air strike destroyed a bridge": a verb of another type whose subject is an attack noun
    tells what the attack did, no event of its own (the noun is the attack's mention)."""
    if entry.pos == "n" or entry.type == "ASSAULT":
        return False
    return _attack_noun_subject(tok, res)


def _set_off_by_an_attack(tok, entry: Entry, res: Resources) -> bool:
    """"the missile strike set off explosions", "the hit caused secondary blasts": an attack noun that
    is the object of a verb whose subject is an attack noun is what that attack set off, part of it (it
    refers to the attack; an article that tells the attack only so keeps it as a record)."""
    if entry.type != "ASSAULT" or tok.pos_ != "NOUN" or tok.dep_ != "dobj":
        return False
    return _attack_noun_subject(tok.head, res)


def _attack_noun_subject(verb, res: Resources) -> bool:
    """Whether ``verb``'s subject is an attack noun ("the air strike destroyed", "the missile strike set off")."""
    return any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and (e := res.lexicon.match(c)) is not None
               and e.pos == "n" and e.type == "ASSAULT" for c in verb.children)


def _asked_about(tok, entry: Entry, state: _Doc) -> bool:
    """"cannot tell how many were abducted", "it is unclear who carried out the attack": an embedded
    question about an act reported before asks about it and reports nothing new (an article that
    tells the act only so keeps it as a record)."""
    if tok.dep_ != "ccomp" or entry.type not in state.types_seen:
        return False
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.tag_ in ("WP", "WDT") or any(w.tag_ == "WRB" for w in c.subtree):
                return True
    return False


def _those_done_to(tok, entry: Entry, state: _Doc) -> bool:
    """"among those detained was a judge", "those held include ...": a participle after a bare
    "those" names the people an act reported before reached; it refers to that act (an article that
    tells the act only so keeps it as a record)."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.lower_ == "those" \
        and entry.type in state.types_seen


def _described(tok, res: Resources) -> bool:
    """An event noun that its clause describes rather than reports ("the protests had been peaceful",
    "nationwide protests were triggered by the death"): it refers to an event told elsewhere, or to
    a state of affairs, and reports nothing new of its own."""
    if tok.pos_ != "NOUN":
        return False
    gov = tok.head
    if tok.dep_ == "nsubj" and gov.lemma_.lower() == "be":
        return any(c.dep_ in ("acomp", "attr") for c in gov.children)
    return tok.dep_ == "nsubjpass" and gov.pos_ == "VERB" and res.lexicon.frame(gov) is None \
        and gov.lemma_.lower() not in res.cues.light_verbs | res.cues.speech_verbs  # "were held", "was confirmed"


def _trigger(tok, res: Resources) -> Optional[Entry]:
    """The lexicon entry ``tok`` triggers in its frame, or None when it is no event mention here."""
    if tok.dep_ in ("amod", "aux", "auxpass"):
        return None
    if tok.ent_type_ in NOT_TRIGGER_ENTS:
        return None                     # "MOMBASA, March 14": a month, not a march
    entry = res.lexicon.match(tok)
    if entry is None:
        return None
    if tok.is_stop and tok.lemma_ not in ("back",) and not entry.specificity:
        return None                     # "be", "take" alone are no events; "be on alert" is
    if entry.pos != "n":
        return None if _warns_of_danger(tok, res) else entry
    if tok.dep_ == "compound" and res.lexicon.match(tok.head) is None \
            and tok.head.lemma_.lower() not in res.cues.carrier_nouns:
        return None                     # "arrest warrants", "protest camp": a kind of thing, not an event
    if _claimed(tok):
        return None                     # "claimed responsibility for the attack": see _claimed_act
    gov_frame = _governing_frame(tok, res)
    if gov_frame is not None and gov_frame.type == "-":
        if tok.dep_ == "pobj":
            return None                 # "warned of an imminent attack": an advisory, no attack
    elif gov_frame is not None and (gov_frame.type != entry.type or tok.dep_ != "pobj") \
            and not (entry.type in res.cues.sequence_participant_types and _sequenced_after(tok, res.cues)):
        # "condemned the attack", "launched an attack": covered by the verb ("killed in the air
        # strikes" is kept: one event of that type, merged below, the noun giving its mode; "agreed
        # on it after a meeting" too: a meeting before or after the verb's event is one of its own)
        return None
    gov = tok.head
    if tok.dep_ == "nsubj" and (gov.lemma_.lower() in res.cues.ongoing_words or any(
            c.dep_ == "acomp" and c.lower_ in res.cues.ongoing_words for c in gov.children)):
        return None                     # "protests continue", "investigation is ongoing": a state of affairs
    if _ongoing_noun(tok, res.cues) or (tok.dep_ == "pobj" and gov.head.pos_ == "NOUN" and _ongoing_noun(gov.head, res.cues)):
        return None                     # "the ongoing crackdown on rallies", "their long-running refusal"
    return entry


def _sequenced_after(tok, cues):
    """The verb whose event an event noun is told as coming before or after ("agreed on a text after
    a summit"; cues.yaml ``sequence_words``, "ahead of", "prior to"), or None."""
    if tok.dep_ != "pobj":
        return None
    prep = tok.head
    if prep.lower_ in ("of", "to") and prep.head.dep_ in ("prep", "advmod", "amod") and prep.head.i != prep.i:
        prep = prep.head                # "ahead of the vote", "prior to the talks"
    if prep.lower_ not in cues.sequence_words or prep.dep_ not in ("prep", "mark", "advmod", "amod"):
        return None
    return prep.head if prep.head.pos_ in ("VERB", "AUX") else None


def _ongoing_noun(tok, cues) -> bool:
    """An event noun an adjective of going on modifies ("the ongoing crackdown", "their long-running
    refusal"): a state of affairs, as is what it is aimed at ("the ongoing crackdown on rallies")."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in cues.ongoing_words for c in tok.children)


def _warns_of_danger(tok, res: Resources) -> bool:
    """"warned that another attack is highly likely": a clause whose subject is what a no-event frame
    of the same verb names as its object ("warn of an attack": lexicon "-") is a warning of a danger,
    not a threat."""
    subjects = {sc.lemma_.lower() for c in tok.children if c.dep_ == "ccomp"
                for sc in c.children if sc.dep_ in ("nsubj", "nsubjpass")}
    if not subjects or any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False                        # "warned the Taliban that an attack would be met with force"
    return any(o in subjects for e in res.lexicon.candidates(tok.lemma_.lower(), "v") if e.type == "-"
               for _p, objs in e.preps if objs for o in objs)


def _governing_frame(tok, res: Resources) -> Optional[Entry]:
    """The lexicon frame of the verb (or noun) that takes event noun ``tok`` as its object."""
    gov = tok.head
    if gov.i == tok.i or tok.dep_ not in ("dobj", "pobj", "attr", "nsubjpass"):
        # "the agreement, signed by X and Y, ...": a participle after the noun whose frame names it
        for c in tok.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and (e := res.lexicon.frame(c)) is not None \
                    and e.obj is not None and tok.lemma_.lower() in e.obj:
                return e
        return None
    return res.lexicon.frame(gov if tok.dep_ != "pobj" else gov.head)


def _rule_event(anchor, heads: list, sent, state: _Doc, res: Resources, etype: str, mode: Optional[str], *,
                actor: list[Actor], recipient: list[Actor], modality_: str = "asserted", context: Optional[list] = None,
                cameo: Optional[str] = None, confidence: float = 0.6, size: Optional[Size] = None,
                source: Optional[str] = None) -> Event:
    """An event a rule (not a lexicon frame) reads at token ``anchor``: its span covers the anchor
    and the role ``heads``, its one mention the sentence."""
    span = (min([anchor.idx, *(h.idx for h in heads)]),
            max([anchor.idx + len(anchor.text), *(h.idx + len(h.text) for h in heads)]))
    art = state.article
    return Event(
        id=stable_id(art.id, span[0], span[1], etype, anchor.idx),
        article_id=art.id, event_type=etype, mode=mode, context=list(context or []),
        quad_class=res.ontology.types[etype].quad,
        cameo_root=res.ontology.cameo_root(etype, mode, cameo),
        modality=modality_,  # type: ignore[arg-type]
        actor=actor, recipient=recipient, date=None, location=None, size=size,
        sentence=sent.text.strip(), span=span, confidence=confidence, trigger=anchor.text, source=source,
        mentions=[Mention(sentence=sent.text.strip(), span=span, trigger=anchor.text,
                          trigger_span=(anchor.idx, anchor.idx + len(anchor.text)))],
    )


def _praised_as_step(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """Calling an act a good step praises it (cues.yaml ``praise_nouns``, ``praise_modifiers``):
    "the truce was a significant step towards lasting peace", the minister told reporters; "a
    welcome step in the right direction," a rebel spokesman said. SUPPORT by the one who says so (the
    speech verb's subject, else the speaker of the quotation it is in); none when no one is named."""
    cues = res.cues
    if tok.pos_ != "NOUN" or tok.dep_ != "attr" or tok.lemma_.lower() not in cues.praise_nouns:
        return None
    cop = tok.head
    if cop.lemma_ != "be" or any(c.dep_ == "neg" for c in cop.children):
        return None

    def forward(c) -> bool:             # "towards peace", "in the right direction"
        if c.dep_ != "prep":
            return False
        if c.lower_ in ("towards", "toward"):
            return True
        return c.lower_ == "in" and any(p.lemma_.lower() == "direction" and any(
            m.lower_ == "right" for m in p.children) for p in c.children)

    if not any(c.dep_ == "amod" and c.lemma_.lower() in cues.praise_modifiers for c in tok.children) \
            and not any(forward(c) for c in tok.children):
        return None
    speaker, speech = None, cop
    while speech.dep_ in ("ccomp", "conj", "parataxis", "advcl") and speech.head.i != speech.i:
        speech = speech.head
        if speech.lemma_.lower() in cues.speech_verbs:
            speaker = _speech_subject(speech, state, res)
            break
    if speaker is None and _in_quote(state.article.text, tok.idx):
        speaker = _quote_speaker(sent, state)     # noted for this sentence by _resolve_sentence_actors
    if speaker is None:
        return None
    ev = _rule_event(tok, [], sent, state, res, "SUPPORT", None, actor=[speaker], recipient=[],
                     context=["diplomatic"], cameo="05", confidence=0.5)
    features = calib_features(0.5, True, True, False, False, False, False, len(sent) < 6)
    return Found(tok, ev, features)


def _on_alert(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """Forces or police "on (high) alert" are mobilised (cues.yaml ``alert_nouns``) where no lexicon
    frame ("be/remain/put on alert") took the verb: the noun phrase the phrase qualifies ("with the
    border guards and police on high alert"), the subject of "be", "remain", "stay"
    (``alert_state_verbs``), or what is put, placed or kept so (``alert_setting_verbs``; an active
    subject is then the doer); only forces of ``alert_sectors`` (armed forces and police). MOBILIZE
    ``police`` when all are police, else ``troops``."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in res.cues.alert_nouns or tok.dep_ != "pobj" \
            or tok.head.lower_ != "on":
        return None
    gov = tok.head.head
    doer: list[Actor] = []
    if gov.pos_ in ("NOUN", "PROPN"):
        first = gov
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head              # "the army and the police on high alert": both
        heads = roles.with_conjuncts(first)
    elif gov.lemma_.lower() in res.cues.alert_state_verbs:
        heads = roles.subject_of(gov)
    elif gov.pos_ == "VERB" and gov.lemma_.lower() in res.cues.alert_setting_verbs:
        heads = roles.patient_of(gov)
        if not roles.is_passive(gov):
            doer = [a for a in _actors(roles.agent_of(gov), state) if a.country or a.sector]
    else:
        return None
    forces = [a for a in _actors(heads, state) if a.sector in res.cues.alert_sectors]
    if not forces:
        return None
    mode = "police" if all(a.sector == "COP" for a in forces) else "troops"
    mod, _speech = modality(gov, res.cues)
    ev = _rule_event(tok, heads, sent, state, res, "MOBILIZE", mode, actor=doer or forces, recipient=[],
                     modality_=mod, context=["military"])
    features = calib_features(0.6, True, True, False, False, mod != "asserted", False, len(sent) < 6)
    return Found(tok, ev, features)


def _reported_act(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """An event noun that is what another event is about ("denounced the raid carried out by the
    militia"): no event of its own, but its named doer is the doer of the event it refers to,
    so it is kept as an anaphoric mention that assembly attaches to that event (none when it names
    no doer)."""
    if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "pobj", "attr", "nsubjpass"):
        return None                     # only an object can be what another event is about
    entry = res.lexicon.match(tok)
    if entry is None or entry.pos != "n":
        return None
    gov_frame = _governing_frame(tok, res)
    if gov_frame is None or gov_frame.type in ("-", entry.type):
        return None
    heads = [h for h in roles.nominal_agent(tok) if h.dep_ != "compound"]
    actor = [a for a in _actors(heads, state) if a.country or a.sector]
    if not actor:
        return None
    return _reference(tok, entry.type, entry.mode, entry.cameo, entry.conf, actor, [], heads, sent, state, res)


def _reference(anchor, etype: str, emode: Optional[str], cameo: Optional[str], conf: float, actor: list[Actor],
               recipient: list[Actor], heads: list, sent, state: _Doc, res: Resources) -> Found:
    """An anaphoric mention at token ``anchor``: what a sentence says of an event it only refers to
    (its doer, its victims), for assembly to attach to that event; never a record of its own."""
    ev = _rule_event(anchor, heads, sent, state, res, etype, emode, actor=actor, recipient=recipient,
                     cameo=cameo, confidence=round(conf * EMBEDDED_FACTOR, 3))
    features = calib_features(conf, bool(actor), bool(actor), bool(recipient), True, False, True, len(sent) < 6)
    return Found(anchor, ev, features, anaphoric=True)


def _victims_named(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """"Among the dead are US Marines", "two soldiers were among those killed", "four of the dead
    were police officers": who an attack hurt, told in a sentence of its own (cues.yaml
    ``victim_words``), an anaphoric mention that gives the attack the article reports its victims."""
    words = res.cues.victim_words
    if not words or tok.lemma_.lower() != "be" or tok.dep_ != "ROOT":
        return None

    def victim_phrase(t) -> bool:       # "the dead", "those killed"
        return t.lemma_.lower() in words or t.lower_ in words or any(
            c.dep_ == "acl" and c.lower_ in words for c in t.children)

    kids = list(tok.children)
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    heads: list = []
    among = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "among"
                  and any(p.dep_ == "pobj" and victim_phrase(p) for p in c.children)), None)
    if among is not None and subj is not None:
        heads = roles.with_conjuncts(subj)
    elif subj is not None and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.dep_ == "pobj" and victim_phrase(p) for p in c.children) for c in subj.children):
        heads = [h for c in kids if c.dep_ == "attr" for h in roles.with_conjuncts(c)]
    victims = [a for a in _actors(heads, state) if a.country or a.sector]
    if not victims:
        return None
    return _reference(tok, "ASSAULT", None, None, 0.5, [], victims, heads, sent, state, res)


def _claimed(tok) -> bool:
    """An event noun that is what someone claims or is found responsible for."""
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ == "for":
        return gov.head.lemma_.lower() in ("responsibility", "responsible")
    return tok.dep_ == "dobj" and gov.lemma_.lower() == "claim" and gov.pos_ == "VERB"


def _claimed_act(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """A claim of responsibility or a finding of who was responsible ("X claimed responsibility for
    the bombing", "X claimed the attack", "officials believe X was responsible"): no event of its
    own (article-events CONVENTIONS: a claim sets the attacker), but its claimant is the doer of the
    event it names (an attack when it names none), kept as an anaphoric mention that assembly
    attaches to that event."""
    lemma = tok.lemma_.lower()
    verb = obj = None
    if (lemma == "responsible" and tok.dep_ == "acomp") or (
            lemma == "responsibility" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in res.cues.claim_verbs):
        verb = tok.head                 # "X was responsible for", "X claimed responsibility for"
        obj = next(iter(roles.prep_objects(tok, ("for",))), None)
    elif lemma == "claim" and tok.pos_ == "VERB":
        verb = tok
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() == "responsibility":
            return None                 # the responsibility's own token reports it
    if verb is None:
        return None
    entry = res.lexicon.match(obj) if obj is not None else None
    if obj is not None and (entry is None or entry.pos != "n" or entry.type == "-"):
        return None                     # "responsible for security": not an act
    if entry is None and lemma == "claim":
        return None
    if modality(verb, res.cues)[0] == "negated" or any(
            d.dep_ == "det" and d.lower_ in ("no", "none") for h in roles.agent_of(verb) for d in h.children):
        return None                     # "no group claimed the attack"
    heads = roles.agent_of(verb)
    actor = [a for a in _actors(heads, state) if a.country or a.sector]
    if not actor:
        return None
    etype = entry.type if entry is not None else "ASSAULT"
    emode = entry.mode if entry is not None else None
    anchor = obj if obj is not None else tok
    conf = entry.conf if entry is not None else 0.5
    return _reference(anchor, etype, emode, entry.cameo if entry is not None else None, conf, actor, [], heads,
                      sent, state, res)


def _people(heads: list, state: _Doc) -> list[Actor]:
    """The coded actors of ``heads`` that are people of some country or sector (not things, not sums)."""
    return [a for a in _actors(heads, state) if (a.country or a.sector) and a.sector not in NON_PEOPLE_SECTORS]


def _state_of(people: list[Actor], res: Resources) -> list[Actor]:
    """The state that gets ``people`` back in an exchange: their one country's government."""
    countries = {a.country for a in people if a.country and len(a.country) == 3 and a.country.isalpha()}
    if len(countries) != 1:
        return []
    c = countries.pop()
    name = res.actors.country_name(c) or c
    return [Actor(text=name, name=name, country=c, sector="GOV")]


def _exchanged_for(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """An exchange of people is two releases (cues.yaml ``exchange_nouns``, ``exchange_verbs``,
    ``receive_verbs``). At the object of its "for" ("108 soldiers were released in exchange for 110
    Russians", "five commanders were exchanged for 55 prisoners", "S got 200 prisoners in exchange
    for X"): the release of those it names, by the state whose people were released for them (or by
    S, who got them). At an exchange verb no lexicon entry takes ("five commanders were exchanged
    for ..."): the release of its object, by the state of those it was exchanged for. Each is an
    event of its own, kept apart from the sentence's other release."""
    cues = res.cues
    moved = False                               # the handover branch: people taken elsewhere
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.dep_ == "prep":
        gov = tok.head.head
        lemma = gov.lemma_.lower()
        if gov.pos_ == "NOUN" and lemma in cues.exchange_nouns and gov.dep_ == "pobj" and gov.head.lower_ == "in":
            act = gov.head.head                 # "released", "the release", "got" in exchange for
        elif gov.pos_ == "VERB" and lemma in cues.exchange_verbs:
            act = gov
        else:
            return None
        entry = res.lexicon.match(tok)
        heads = roles.prep_objects(tok, ("of",)) if entry is not None and entry.type == "RETREAT" \
            else roles.with_conjuncts(tok)      # "in exchange for the release of X"
        given = _people(heads, state)
        if not given:
            return None
        a_lemma = act.lemma_.lower()
        if act.pos_ == "VERB" and a_lemma in cues.receive_verbs:
            got = _people(roles.patient_of(act), state)
            doer = [a for a in _actors(roles.agent_of(act), state) if a.country] if got else []
        else:
            a_entry = res.lexicon.match(act) if act is not gov else None
            if act is not gov and (a_entry is None or (a_entry.type, a_entry.mode) != ("RETREAT", "release")):
                return None
            got = _people(roles.patient_of(act) if act.pos_ == "VERB" else roles.prep_objects(act, ("of",)), state)
            doer = _state_of(got, res)
        anchor, recipient, recip_heads, implied = tok, given, heads, True
    elif tok.pos_ == "VERB" and _handover_verb(tok, cues) and res.lexicon.match(tok) is None \
            and (moved := _moved_in_exchange(tok, cues)) is not None:
        heads = moved
        recipient = _people(heads, state)
        if not recipient:
            return None
        doer = [a for a in _actors(roles.agent_of(tok), state) if a.country] \
            if not roles.is_passive(tok) else _released_from(tok, res)
        act, anchor, recip_heads, implied, moved = tok, tok, heads, True, True
    elif tok.pos_ == "VERB" and tok.lemma_.lower() in cues.exchange_verbs:
        if res.lexicon.match(tok) is not None:
            return None                         # "exchanged prisoners": the lexicon's release
        heads = roles.patient_of(tok)
        recipient = _people(heads, state)
        given = _people(roles.prep_objects(tok, ("for",)), state)
        if not recipient or not given:
            return None
        act, anchor, recip_heads, doer = tok, tok, heads, _state_of(given, res)
        implied = False
    else:
        return None
    mod, speech = modality(act, cues)
    ev = _rule_event(anchor, recip_heads, sent, state, res, "RETREAT", "release", actor=doer, recipient=recipient,
                     modality_=mod, context=["legal"], size=_count_of(recip_heads, state),
                     source=_source(act, speech, state))
    if doer and not moved:
        ev.notes.append(Note("actor", f"the other side of an exchange: {doer[0].name} got its people back for them"))
    features = calib_features(0.6, bool(doer), bool(doer), True, False, mod != "asserted", False, len(sent) < 6)
    return Found(anchor, ev, features, speaker=_speaker(act, speech, state), distinct=True, counterpart=implied,
                 moved=moved)


def _handover_verb(v, cues) -> bool:
    """Whether ``v`` is one of cues.yaml ``handover_verbs`` ("transfer", "send back")."""
    lemma = v.lemma_.lower()
    particles = [c.lower_ for c in v.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ == "back")]
    return lemma in cues.handover_verbs or any(f"{lemma} {p}" in cues.handover_verbs for p in particles)


def _exchange_part(n, cues) -> bool:
    """"part of the exchange" at noun ``n`` ("part"), or an exchange noun itself ("in exchange")."""
    if n.lemma_.lower() in cues.exchange_nouns:
        return not any(c.dep_ == "prep" and c.lower_ == "for" for c in n.children)   # "in exchange for X": the other branch
    return n.lemma_.lower() == "part" and any(o.lemma_.lower() in cues.exchange_nouns
                                               for o in roles.prep_objects(n, ("of",)))


def _moved_in_exchange(v, cues) -> Optional[list]:
    """The heads of the people handover verb ``v`` moves when its clause makes the move part of an
    exchange ("in exchange, X sent back 55 prisoners", "were transferred to Y as part of the swap",
    "P, who were flown to Y, were part of the exchange"); None when it does not."""
    if any(_exchange_part(o, cues) for o in roles.prep_objects(v, ("in", "as"))):
        heads = roles.patient_of(v)
        if not heads and v.dep_ == "advcl" and v.head.lemma_ == "be":
            heads = [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]   # "were earlier transferred"
        elif not heads and v.dep_ == "conj" and v.tag_ == "VBN" and roles.is_passive(v.head):
            heads = roles.patient_of(v.head)    # "were moved and then transferred to Y"
        return heads or None
    if v.dep_ == "relcl":
        n = v.head                              # up from the antecedent to the subject of "were part of the swap"
        while n.dep_ in ("conj", "pobj", "prep", "appos") and n.head.i != n.i:
            n = n.head
        be = n.head
        if n.dep_ == "nsubj" and be.lemma_ == "be" and any(
                c.dep_ == "attr" and _exchange_part(c, cues) for c in be.children):
            return roles.with_conjuncts(n)
    return None


@dataclass
class _Roles:
    """Who does what to whom at one trigger: the parse's heads and the actors coded from them."""

    nominal: bool
    clause_head: object                 # the verb whose clause the mention is (a light verb for a noun)
    light: object                       # "launched" of "launched an attack", else None
    agent_heads: list
    patient_heads: list
    recip_heads: list
    actor: list[Actor]
    recipient: list[Actor]
    anaphoric: bool                     # "the attack": refers back to an event already reported


def _nominal_agents(tok, entry: Entry, state: _Doc, res: Resources) -> tuple[list, object]:
    """Doer heads of an event noun and its light verb (None when it has none)."""
    gov = tok.head
    agent_heads = roles.nominal_agent(tok, of_doer=res.cues.of_doer(entry.type, entry.mode))
    obj = tok
    if tok.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in res.cues.measure_nouns:
        obj = gov.head                    # "carried out a series of raids"
    light = obj.head if obj.dep_ == "dobj" and obj.head.lemma_.lower() in res.cues.light_verbs else None
    if not any(state.actors.get(h.i) for h in agent_heads):
        agent_heads = []                  # "air strikes": a compound that names no actor
    elif tok.dep_ == "dobj" and gov.pos_ == "VERB" and all(
            h.dep_ == "compound" and h.head.i == tok.i and not getattr(state.actors.get(h.i), "country", None)
            for h in agent_heads):
        # "Putin announced a troop mobilisation": a bare kind of actor compounded with the noun says
        # what is mobilised or sent, not whose; the subject of the verb that takes the noun, when
        # it names a country, is the doer
        said = roles.agent_of(gov)
        if any(getattr(state.actors.get(h.i), "country", None) for h in said):
            agent_heads = said
    if not agent_heads and light is not None:
        agent_heads = roles.agent_of(light)   # "the Taliban carried out suicide attacks"
    if not agent_heads and light is None and (v := _participation_verb(tok, res)) is not None:
        agent_heads = roles.agent_of(v)   # "officers took part in 130 raids"
    if not agent_heads and light is None and (v := roles.instrument_verb(tok)) is not None:
        agent_heads = roles.agent_of(v)   # "pushed them back with the help of air strikes"
    if not agent_heads and light is None and entry.type in res.cues.sequence_participant_types \
            and (v := _sequenced_after(tok, res.cues)) is not None:
        agent_heads = roles.agent_of(v)   # "the ministers agreed on it after a meeting": they met
    return agent_heads, light


def _participation_verb(tok, res: Resources):
    """The verb whose subject takes part in event noun ``tok`` ("took part in 130 raids",
    "participated in the talks"), or None."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    v = tok.head.head
    if v.pos_ == "NOUN" and v.dep_ in ("dobj", "obj") and v.head.pos_ == "VERB" \
            and f"{v.head.lemma_.lower()} {v.lemma_.lower()}" in res.cues.participation_verbs:
        return v.head                     # "proclaimed victory in the battle": a side in it
    if v.pos_ not in ("VERB", "AUX"):
        return None
    lemma = v.lemma_.lower()
    objs = [c.lemma_.lower() for c in v.children if c.dep_ in ("dobj", "obj")]
    if lemma in res.cues.participation_verbs or any(f"{lemma} {o}" in res.cues.participation_verbs for o in objs):
        return v
    return None


def _verbal_agents(tok, state: _Doc, res: Resources) -> list:
    agent_heads = roles.agent_of(tok)
    # "The attacks carried out by IS killed 20", "a U.S. drone strike blew up a vehicle": the doer
    # of an event noun as subject (the noun itself when it names none: "a U.S. strike")
    nouns = [h for h in agent_heads if h.pos_ == "NOUN" and res.lexicon.match(h) is not None]
    by_noun = [a for h in nouns for a in roles.nominal_agent(h) if a.dep_ != "compound" or a.pos_ == "PROPN"
               if state.actors.get(a.i)]
    return by_noun or agent_heads


def _roles(tok, entry: Entry, state: _Doc, res: Resources) -> _Roles:
    nominal = entry.pos == "n"
    if nominal:
        agent_heads, light = _nominal_agents(tok, entry, state, res)
        patient_heads: list = []
        if light is None and entry.type in res.cues.armed_force_types \
                and (v := roles.instrument_verb(tok)) is not None:
            # "three Marines were injured in a blast", "wounded two soldiers in a bomb attack": who
            # the verb the attack is the means of acts upon is the attack's target; not one only
            # possible ("any civilians who might have been hurt in the explosion": a modal, MD)
            if not any(c.dep_ == "aux" and c.tag_ == "MD" for c in v.children):
                patient_heads = roles.patient_of(v)
        if not patient_heads and light is None and tok.dep_ == "pobj" and tok.head.lower_ in res.cues.state_preps \
                and tok.head.head.pos_ == "VERB" and not roles.two_sided(tok, res.cues.two_sided_words):
            # "was held under house arrest", "placed them under arrest", "taken into custody": who
            # the verb holds or places undergoes the act the noun names (not a fight: "engaged the
            # bandits into a gun duel" has both sides as doers)
            patient_heads = roles.patient_of(tok.head.head)
        if not patient_heads and not res.cues.of_doer(entry.type, entry.mode):
            # "the release of 120 pupils", "the abduction of 30 farmers": the "of" phrase of an
            # event noun that takes an object is what it is done to (cues.yaml of_doer_types: not
            # "the withdrawal of troops")
            patient_heads = [h for h in roles.prep_objects(tok, ("of",)) if h not in agent_heads]
    else:
        agent_heads, light = _verbal_agents(tok, state, res), None
        patient_heads = roles.patient_of(tok)
    preps = res.cues.preps_for(entry.type, entry.mode)
    recip_heads = roles.prep_objects(tok, preps)
    if nominal and light is not None:
        recip_heads += roles.prep_objects(light, preps)   # "stepped up attacks on the army"
    if entry.subj_is_recipient:
        agent_heads, recip_heads = [], agent_heads + recip_heads
    if entry.subj_is_theme:
        agent_heads = []          # "aid trucks arrived": the goods moved, not who sent them
    if entry.prep_is_doer:
        # "the town fell to the rebels": the preposition's objects took it; the subject is what was taken
        agent_heads = roles.prep_objects(tok, frozenset().union(*(p for p, _objs in entry.preps)))
        recip_heads = [h for h in recip_heads if h not in agent_heads]
    if not nominal and tok.lemma_.lower() in res.cues.joint_verbs:
        # "signed an accord with Chad and Libya": co-signatories are doers too
        joint = roles.prep_objects(tok, ("with",)) + [h for o in roles.patient_of(tok)
                                                       for h in roles.prep_objects(o, ("with",))]
        agent_heads = agent_heads + [h for h in joint if h not in agent_heads]
        recip_heads = [h for h in recip_heads if h not in joint]
    actor = _actors(agent_heads, state)
    anaphoric = False
    if nominal and not agent_heads and light is None and _definite(tok) \
            and state.types_seen & ({entry.type} | res.cues.reference_types.get(entry.type, frozenset())):
        # "the attack", "in the air strikes": an event already reported; its doer is that event's
        anaphoric = True
        actor = list(state.nominal_actors.get(tok.lemma_.lower(), []))
    moves_forces = entry.type == "MOBILIZE" or (entry.type, entry.mode) in (("RETREAT", "withdraw"),
                                                                             ("AID", "peacekeeping"))
    if not nominal and not actor and patient_heads and roles.is_passive(tok) and moves_forces:
        # "Police were deployed", "troops were withdrawn", "peacekeepers would be deployed": the
        # forces moved are the doers
        agent_heads, patient_heads = patient_heads, []
        actor = _actors(agent_heads, state)
    if entry.type in OWN_FORCES_TYPES:
        # "withdraw its troops", "deployed their forces": the object is the actor's own, not a target
        patient_heads = [p for p in patient_heads if not _owned_by(p, actor, state)]
    elif moves_forces:
        patient_heads = []          # "sent 2,000 peacekeepers to Mali": the help sent, not its recipient
    recipient, patient_heads, recip_heads = _recipients(tok, entry, nominal, light, patient_heads, recip_heads,
                                                        actor, state, res)
    if not recipient and entry.type in PURPOSE_TARGET_TYPES and not nominal:
        # "soldiers were patrolling the valley with a view to capturing the insurgents": a
        # mobilisation is aimed at whom the force it moves sets out to arrest or attack
        for d in tok.subtree:
            if d.i != tok.i and d.pos_ == "VERB" and (e := res.lexicon.match(d)) is not None \
                    and e.type in ("COERCE", "ASSAULT") and is_purpose(d, res.cues):
                heads = roles.patient_of(d)
                targets = [a for a in _actors(heads, state) if a.sector]
                if targets:
                    recipient, patient_heads = targets, patient_heads + heads
                    break
    if not recipient and entry.type in RESULT_TARGET_TYPES and not nominal:
        # "the gunmen attacked the town, wounding several traders": an attack on a place (no actor)
        # is done to those its result clause hurts (an -ing clause of the same type of event)
        for d in tok.children:
            if d.dep_ == "advcl" and d.tag_ == "VBG" and d.lemma_.lower() in res.cues.harm_verbs:
                heads = roles.patient_of(d)
                targets = [a for a in _actors(heads, state) if a.sector]
                if targets:
                    recipient, patient_heads = targets, patient_heads + heads
                    break
    if not recipient and nominal and entry.type in ASKED_CLAUSE_TYPES and tok.dep_ == "pobj" \
            and tok.head.lower_ in res.cues.request_preps:
        # "Moscow dispatched paratroopers at the request of a neighbour": the request was made to whoever
        # did what it asked for, the subject of the clause it explains (the phrase may hang on it),
        # when that names a state or body ("foreign troops" stay unnamed)
        gov = tok.head.head
        heads = roles.agent_of(gov) if gov.pos_ in ("VERB", "AUX") else \
            roles.with_conjuncts(gov) if gov.dep_ == "nsubj" and gov.head.pos_ in ("VERB", "AUX") else []
        asked = [a for a in _actors(heads, state) if a.sector and a.country and a not in actor]
        if asked:
            recipient, recip_heads = asked, recip_heads + heads
    if not actor and entry.subj_is_recipient:
        actor = _place_country_actor(tok, res)   # "received shelter in Pakistan": Pakistan gave it
    if not actor and (entry.type, entry.mode) == ("RETREAT", "release"):
        # "were returned from Russian captivity": Russia released them; "were freed after a swap with
        # Turkey": Turkey did
        actor = _released_from(tok, res) or _swap_partner(tok, recipient, res)
    return _Roles(nominal, light or tok, light, agent_heads, patient_heads, recip_heads, actor, recipient,
                  anaphoric)


_SENTENCE_END = tuple('.!?"\u201d\u2019\'')


def _generic_present(tok, sent) -> bool:
    """A verb in the simple present outside a headline states a habit or a standing fact ("It rejects
    the modern German state", "Members often refuse to pay taxes", "The statement also calls for..."),
    not an event: news bodies report events in the past (or with an auxiliary: "has signed"). A
    headline, the line with no closing punctuation ("Armenia signs deal"), keeps its present."""
    if tok.dep_ in ("aux", "auxpass"):
        return False
    if tok.tag_ == "VBN":
        # a present passive ("states where the opposition is barred by law") states a
        # standing condition the same way; "has been banned", "was banned", "will be banned" do not
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if not auxes or any(c.dep_ == "aux" or c.tag_ not in ("VBZ", "VBP") for c in auxes):
            return False
    elif tok.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    return sent.text.rstrip().endswith(_SENTENCE_END)


def _no_event_here(tok, entry: Entry, sent, res: Resources) -> bool:
    """Words of an event that report none: a habit ("It rejects the state"; a present passive too,
    but for an accusation, which stands as reported: "are accused of being the ringleaders"), a wish
    ("gangs that want to seize power", "wanted to carry out attacks"), a purpose ("combing the area to arrest"), what is refused ("refused to sign":
    the refusal is the event), an activity over a span of time, a plan overtaken ("had planned to
    storm the parliament"), an event noun that only names the kind of another ("ceasefire talks"),
    a standing condition ("despite the ceasefire"), a repeated act ("has repeatedly shelled"), a participle describing its noun ("the
    list, agreed by the envoys"; cues.yaml described_types), what stops ("a cessation of hostilities") or what
    a capacity allows ("the right to protest", "powers to detain and arrest")."""
    cues = res.cues
    head = tok.head
    hl = head.lemma_.lower()
    # an event noun a light verb carries ("wanted to carry out attacks", "had planned to stage a
    # protest") is wished or planned as that verb is
    light = head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and hl in cues.light_verbs else None
    return ((_generic_present(tok, sent) and not (tok.tag_ == "VBN" and entry.type == "ACCUSE"))
            or _wished(tok, cues) or (light is not None and _wished(light, cues))
            or (entry.type in cues.purpose_types and is_purpose(tok, cues))
            or (tok.dep_ in ("xcomp", "acl") and hl in cues.refusal_words)
            or _over_a_span(tok, cues) or _iterated(light or tok, cues)
            or (entry.type in cues.described_types and _participle_after_noun(tok)
                and not (entry.obj and hl in entry.obj))    # "the agreement, signed by X": the signing
            or _contacted_for_comment(tok, entry)
            or _overtaken_plan(tok, cues) or (light is not None and _overtaken_plan(light, cues))
            or (tok.dep_ == "compound" and tok.pos_ == "NOUN" and head.pos_ == "NOUN" and head.i != tok.i
                and _trigger(head, res) is not None)
            or (tok.dep_ == "pobj" and head.lower_ in cues.condition_preps)
            or (tok.dep_ == "pobj" and head.lower_ in ("of", "to") and head.head.lemma_.lower() in cues.ending_nouns)
            or _allowed_by_capacity(tok, cues) or _alleged(tok, res))


def _alleged(tok, res: Resources) -> bool:
    """What an accusation says was done ("accusing the police of beating a student", "accused of killing
    and robbing"): the accusation is the event, what it alleges is not reported as done (a conjunct
    shares its first conjunct's head)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if not (tok.dep_ == "pcomp" or (tok.dep_ == "pobj" and tok.tag_ == "VBG")) or tok.head.lower_ != "of":
        return False                    # "accused them of the attack" names an act reported as such
    accusation = _trigger(tok.head.head, res)
    return accusation is not None and accusation.type == "ACCUSE"


def _participle_after_noun(tok) -> bool:
    """A past participle after its noun ("a former mayor accused of bribery"); the parser sometimes
    tags it as a past tense (VBD) while still hanging it from the noun (acl) with no subject of its own."""
    return tok.dep_ == "acl" and (tok.tag_ == "VBN" or (
        tok.tag_ == "VBD" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)))


def _contacted_for_comment(tok, entry: Entry) -> bool:
    """"When contacted, the spokesman said ...", "after being contacted": a bare passive participle of
    meeting in an adverbial clause, naming no one who made contact, is the reporter's call for
    comment, not a meeting between actors."""
    return entry.type == "CONSULT" and tok.tag_ == "VBN" and tok.dep_ in ("advcl", "pcomp") \
        and not any(c.dep_ in ("agent", "nsubj", "nsubjpass", "dobj") for c in tok.children)


def _iterated(tok, cues) -> bool:
    """An act told as repeated or habitual ("has repeatedly shelled the town", "were robbed and
    sometimes beaten": an adverb on one conjunct makes the series so; cues.yaml iterative_words)."""
    verbs = [tok]
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head
        verbs.append(tok)
    verbs += [c for v in verbs for c in v.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return any(c.dep_ == "advmod" and c.lower_ in cues.iterative_words for v in verbs for c in v.children)


def _wished(tok, cues) -> bool:
    """The complement of a verb of wanting or plotting ("wanted to seize", "plotting to storm the
    parliament and seize power": a conjunct shares its first conjunct's head)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ == "VERB":
        tok = tok.head
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in cues.desire_verbs


def _allowed_by_capacity(tok, cues) -> bool:
    """What a capacity noun allows ("the right to protest", "powers to detain and arrest"; a
    conjunct shares its first conjunct's head)."""
    if tok.dep_ == "conj":
        tok = tok.head
    return tok.dep_ in ("acl", "xcomp") and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in cues.capacity_nouns


def _overtaken_plan(tok, cues) -> bool:
    """The complement of a plan made before a past moment ("had planned to seize", "are said to have
    prepared to seize", "had agreed to exchange"): what happened since is reported (or not) on its own."""
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB":
        tok = tok.head                  # "prepared to storm the parliament and seize power"
    # "had been planning since March to storm": the parser may hang the infinitive as an adverbial
    infinitive = tok.dep_ == "xcomp" or (tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO"
                                                                      for c in tok.children))
    if not infinitive or tok.head.lemma_.lower() not in cues.future_verbs:
        return False
    aux = [c for c in tok.head.children if c.dep_ == "aux"]
    return any(c.lower_ == "had" for c in aux) or (
        tok.head.tag_ == "VBN" and any(c.lower_ == "have" for c in aux) and any(c.lower_ == "to" for c in aux))


def _advisory(tok, entry: Entry, r: "_Roles", cues) -> bool:
    """A call on the public to keep away ("urged Afghans to leave the area"; "onlookers were asked to
    remain watchful", a bare passive naming no one who calls and no coded addressee): a security
    advisory, not an event between actors (cues.yaml advisory_verbs)."""
    if entry.type != "REQUEST" or any(a.sector != "CVL" for a in r.recipient) or not (r.recipient or not r.actor):
        return False
    return any(c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in cues.advisory_verbs for c in tok.children)


SPAN_PREPS = ("in", "over", "during", "throughout", "for")


def _over_a_span(tok, cues) -> bool:
    """An activity or a toll over a span of time, not one event: "have been attacking army outposts"
    (the perfect progressive), "protesters have died in recent weeks", "besieged for
    months", "weeks of relentless bombardment" (cues.yaml span_units, span_modifiers)."""
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ == "been" for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.tag_ == "NNS" \
            and tok.head.head.lemma_.lower() in cues.span_units:
        return True
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in SPAN_PREPS:
            continue
        for p in c.children:
            if p.dep_ == "pobj" and p.tag_ == "NNS" and p.lemma_.lower() in cues.span_units and (
                    c.lower_ == "for" or any(m.lower_ in cues.span_modifiers for m in p.children)):
                return True
    return False


def _not_between_actors(tok, entry: Entry, r: _Roles, words: Words, res: Resources) -> bool:
    """Disasters and accidents read as attacks: "the flood killed 12", "a gas cylinder explosion"."""
    if entry.type == "ASSAULT" and is_hazard(r.agent_heads, tok, res.acled):
        return True
    return entry.type == "ASSAULT" and entry.mode == "explosives" and not r.actor \
        and words.has(res.acled.accident_cues)


def _speaker(clause_head, speech, state: _Doc) -> Optional[Actor]:
    """The coded actor who reports the event, named (not a pronoun): the subject of the speech verb,
    else "according to X"."""
    tok = None
    if speech is not None:
        subj = roles.subject_of(speech)
        tok = subj[0] if subj else None
    if tok is None:
        tok = according_to(clause_head)
    if tok is None or tok.tag_ in PRONOUN_TAGS:
        return None
    return state.actors.get(tok.i)


def _source(clause_head, speech, state: _Doc) -> Optional[str]:
    """Who reports it: the subject of the speech verb above the clause, else "according to X"."""
    source = None
    if speech is not None:
        subj = roles.subject_of(speech)
        source = (state.actors.get(subj[0].i) or Actor(subj[0].text)).name if subj else None
        source = source or (subj[0].text if subj else None)
    source_tok = according_to(clause_head)
    if source is None and source_tok is not None:
        a = state.actors.get(source_tok.i)
        source = a.name if a and a.name else " ".join(t.text for t in source_tok.subtree)
    return source


def _size(entry: Entry, r: _Roles, sent, state: Optional[_Doc] = None, tok=None,
          receiver_types: Collection[str] = frozenset()) -> Optional[Size]:
    """The count of the people the event is about (victims of violence or sanctions, those aid
    reaches, doers otherwise; an event noun's "of" phrase when its roles give none: "the release
    of 344 students", "the withdrawal of 300 troops"), casualties."""
    # a raid or seizure is about the force that makes it ("3,000 officers raided 130 properties")
    victims_first = entry.type in ("ASSAULT", "COERCE", "SANCTION") and (entry.type, entry.mode) != ("COERCE", "seize")
    if entry.type in receiver_types:
        lists = [r.patient_heads, r.recip_heads]    # "gave treatment to 15 wounded people": those it reaches (cues.yaml)
    elif victims_first:
        lists = [r.patient_heads, r.recip_heads, r.agent_heads]
    else:
        lists = [r.agent_heads, r.patient_heads]
    size = next((s for heads in lists if (s := _count_of(heads, state)) is not None), None)
    if size is None and r.nominal and tok is not None:
        for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            size = next((s for p in of.children if p.dep_ == "pobj" and (s := count_for_phrase(p)) is not None), None)
            if size is not None:
                break
    if entry.type in ("ASSAULT", "COERCE", "PROTEST"):
        size = casualties(sent, size)
    if size is not None and entry.type == "COERCE" and entry.mode == "arrest" and size.arrested is None:
        size.arrested = size.people
    return size


def _count_of(heads: list, state: Optional[_Doc]) -> Optional[Size]:
    """The count the first counted phrase of one role's heads gives, with its counted conjuncts."""
    for h in heads:
        size = count_for_phrase(h)
        if size is not None:
            return _with_counted_conjuncts(size, h, heads, state)
    return None


# sectors of kinds of people that add up ("80 pupils and four others"); firms and bodies do not
NON_PEOPLE_SECTORS = frozenset({"BUS", "IGO", "NGO", "PTY", "LEG", "-"})


def _with_counted_conjuncts(size: Size, head, heads: list, state: Optional[_Doc]) -> Size:
    """"Gunmen seized 80 pupils and four others": the conjoined groups of people of one role, each
    counted, are all the people the event is about (84). Conjuncts that name no people ("9 people
    and three firms") or are uncounted names are left out; no sum when a group of people is
    uncounted or vague, or when the groups are a list, not a pair ("300 prisoners, 290
    Ukrainians and 10 foreigners": a total, then its parts)."""
    conj = [c for c in heads if c is not head and c in head.conjuncts]
    if not conj or size.people is None or state is None or not any(c.dep_ == "cc" for c in head.children):
        return size             # "300 prisoners, 290 Ukrainians and 10 foreigners": a total, then its parts
    counts = []
    for c in conj:
        s = count_for_phrase(c)
        a = state.actors.get(c.i)
        people = c.lemma_.lower() == "other" or (a is not None and a.sector is not None
                                                 and a.sector not in NON_PEOPLE_SECTORS)
        if not people or c.pos_ == "PROPN" and s is None:
            continue            # a firm, or a name the parser joined on ("... in the town, X district")
        if s is None or s.people is None or _vague(c):
            return size         # "80 pupils and teachers": how many in all is not said
        counts.append(s)
    if not counts:
        return size
    rest = sum(s.people or 0 for s in counts)
    if rest == size.people or _vague(head):
        return size
    quals = [q for q in [size.qualifier] + [s.qualifier for s in counts] if q and q != "exact"]
    return Size(people=size.people + rest, qualifier=quals[0] if quals else "exact",
                text=" and ".join(x.text or "" for x in [size] + counts))


def _vague(head) -> bool:
    """A count word with no number ("dozens", "scores")."""
    return head.lower_ in VAGUE_COUNTS or any(c.lower_ in VAGUE_COUNTS for c in head.children if c.dep_ == "nummod")


def _context(entry: Entry, clause_head, res: Resources) -> list[str]:
    context = list(entry.context)
    for t in clause_head.subtree:
        c = res.contexts.get(t.lemma_.lower())
        if c and c not in context:
            context.append(c)
    return context


def _span(tok, r: _Roles, sent, doc) -> tuple[int, int]:
    """Character span of the trigger and its role phrases, inside the sentence."""
    toks = [tok, *r.agent_heads, *r.patient_heads, *r.recip_heads]
    start = min(min(_np_left(t) for t in toks), tok.i)
    end = max(max(_np_right(t) for t in toks), tok.i)
    start, end = max(start, sent.start), min(end, sent.end - 1)
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _confidence(entry: Entry, r: _Roles, sent) -> float:
    """The heuristic confidence (the calibrator maps it and the features to a probability)."""
    confidence = entry.conf
    if not r.actor and not r.recipient:
        confidence *= 0.6
    elif r.actor and any(a.country or a.sector for a in r.actor):
        confidence = min(1.0, confidence + 0.1)
    if len(sent) < 4:
        confidence *= 0.5
    return confidence


def _acled(tok, entry: Entry, r: _Roles, mod: str, words: Words, res: Resources
           ) -> tuple[Optional[str], Optional[str]]:
    """ACLED event type and sub-event type of a mention that happened, from its own report."""
    objects = [c.lemma_.lower() for h in ([tok] if not r.nominal else []) for c in h.children
               if c.dep_ in ("dobj", "nsubjpass", "attr")]
    acled_code = refine(entry.type, entry.mode, entry.acled, tok, r.actor, r.recipient, objects, words, res.acled)
    if mod != "asserted" or is_attribution(tok, res.acled):
        return None, None               # ACLED codes events that happened, from their own report
    return res.acled.split(acled_code)


OWN_FORCES_TYPES = ("RETREAT", "MOBILIZE")
PURPOSE_TARGET_TYPES = ("MOBILIZE",)
ASKED_CLAUSE_TYPES = ("REQUEST",)     # a request noun explaining a clause was made to its subject
RESULT_TARGET_TYPES = ("ASSAULT",)   # an attack on a place done to whom its -ing clause hurts
WEAPON_MODES = (None, "explosives")   # an ASSAULT mode a named weapon makes more precise
NOT_TRIGGER_ENTS = ("DATE", "TIME", "PERSON", "GPE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL")
DEFINITE = ("the", "this", "that", "these", "those")


def _definite(tok) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)
PRONOUN_TAGS = ("PRP", "PRP$")


# Prepositions that attach the object of a complement clause's action to the main event
# ("offered to hand over to Britain", "threatened to break relations with Russia").
COMPLEMENT_PREPS = frozenset({"to", "with", "against", "on", "from", "for", "at"})
# Types whose place ("in Montenegro") is also what the event is done to when nothing else is named:
# material events (quad 2 and 4), eased restrictions and visits.
PLACE_TARGET_QUADS = (2, 4)
PLACE_TARGET_TYPES = ("CONCEDE",)   # "lifted the curfew in Montenegro"
PLACE_NOT_TARGET_TYPES = ("RETREAT", "PROTEST")   # "took shelter in Bangladesh": where they went, not whom it affects;
# "protests in Kazakhstan": a protest targets whom it protests against, not the country it is held in


def _is_place(tok, state: _Doc) -> bool:
    """A country or place name, or "the country": what a movement leaves or reaches."""
    m = state.mentions.at(tok.i)
    return (m is not None and m.kind == "country") or tok.ent_type_ in ("GPE", "LOC", "FAC") \
        or tok.lemma_.lower() in ("country", "nation", "area", "region", "territory")


def _recipients(tok, entry: Entry, nominal: bool, light, patient_heads: list, recip_heads: list,
                actor: list[Actor], state: _Doc, res: Resources) -> tuple[list[Actor], list, list]:
    """Recipients of the event at ``tok``, in order of how directly the syntax names them.

    1. the object when it is an actor ("arrested two journalists"), then prepositional objects of the
       trigger by event type ("attack on the army") and of its object noun ("imposed sanctions on
       the Taliban", "held talks with Obama");
    2. else whose the object is ("rejected Iraq's proposal", "rejected calls by Belarus's rulers",
       "demanded the withdrawal of Serbian forces") or the object's country ("German goods");
    3. else the same inside an open complement ("threatened to break relations with Russia", "refused
       to meet Jordan's king") and the subject of a demanded clause ("demanded that the US cancel");
    4. else, for material events and visits, the country it takes place in ("lifted a curfew in
       Montenegro").
    Returns ``(recipients, patient heads, recipient heads)`` (the heads for spans and counts).
    """
    preps = res.cues.preps_for(entry.type, entry.mode)
    place_not_target = entry.type == "RETREAT" and entry.mode == "withdraw" or "territory" in entry.context
    if place_not_target:
        # "fled Myanmar", "fled the country": the place left behind, not a recipient; "captured three
        # villages", "took control of the country": the territory taken, not a target
        patient_heads = [p for p in patient_heads if not _is_place(p, state)]
        recip_heads = [p for p in recip_heads if not _is_place(p, state)]   # "withdraw from the country"
    patients = [a for a in _actors(patient_heads, state) if a.sector]
    obj_nouns = [p for p in patient_heads if p.pos_ in ("NOUN", "PROPN")]
    if light is not None:
        obj_nouns = [tok]
    if entry.type == "REQUEST":
        # "asked for help from the CSTO": whom the thing asked for is asked from
        obj_nouns = obj_nouns + [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                                 for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
    # "eased the sanctions imposed on Venezuelan officials": the object's own participle phrase
    # names whom the thing acted on is aimed at, as the object's own preposition does
    held = [c for o in obj_nouns for c in o.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    extra = [h for o in obj_nouns + held for h in roles.prep_objects(o, preps) if h not in recip_heads]
    recip_heads = recip_heads + extra
    if not patients and patient_heads:
        owner_heads = [o for p in patient_heads for o in roles.owners(p) if not (place_not_target and _is_place(o, state))]
        owned = _actors(owner_heads, state)
        if owned:
            patients, patient_heads = owned, owner_heads
        else:   # "rejected the Palestinian proposal": the country it belongs to
            patients = [a for a in _actors(patient_heads, state) if a.country]
    recipient = patients + [a for a in _actors(recip_heads, state) if a not in patients]
    recipient = _rebind(recipient, patient_heads + recip_heads, actor, state, res)
    # "killed dozens of people, including 13 U.S. troops": the group named inside is a target too
    # (its own country and sector), though the count stays the whole's
    included = [q for h in patient_heads for q in roles.prep_objects(h, ("including",))]
    for a in _actors(included, state):
        if (a.country or a.sector) and all((a.country, a.sector) != (r.country, r.sector) for r in recipient):
            recipient.append(a)
    if not recipient and not entry.subj_is_recipient:
        heads = _complement_heads(tok, entry, state)
        recipient = _rebind(_actors(heads, state), heads, actor, state, res)
        if recipient:
            recip_heads = recip_heads + heads
    if not recipient and entry.type not in PLACE_NOT_TARGET_TYPES and (
            res.ontology.types[entry.type].quad in PLACE_TARGET_QUADS
            or entry.type in PLACE_TARGET_TYPES or entry.mode == "visit"):
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        recipient = _place_countries([tok, *objs, *obj_nouns, *roles.complements(tok)], actor, state, res)
    return _distinct(recipient, actor), patient_heads, recip_heads


def _complement_heads(tok, entry: Entry, state: _Doc) -> list:
    heads: list = []
    if entry.type == "REQUEST":
        heads += roles.that_clause_subjects(tok)      # "demanded that the US cancel its plans"
    for c in roles.complements(tok):
        objs = [p for p in roles.patient_of(c) if not roles.is_passive(c)]
        coded = [o for o in objs if (a := state.actors.get(o.i)) is not None and (a.sector or a.country)]
        heads += coded or [w for o in objs for w in roles.owners(o)]
        heads += roles.prep_objects(c, COMPLEMENT_PREPS)
        heads += [h for o in objs for h in roles.prep_objects(o, COMPLEMENT_PREPS)]
    return heads


def _place_countries(heads: list, actor: list[Actor], state: _Doc, res: Resources) -> list[Actor]:
    """Countries named by "in X" phrases of ``heads``: "lifted a curfew in Montenegro"."""
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ != "in":
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                m = state.mentions.at(p.i)
                if m is None or m.kind != "country":
                    continue
                a = Actor(text=" ".join(t.text for t in p.subtree), name=res.actors.country_name(m.country),
                          country=m.country, sector=None)
                if all(a.country != x.country for x in out):
                    out.append(a)
    return out


def _distinct(recipient: list[Actor], actor: list[Actor]) -> list[Actor]:
    """One recipient per coding (a "convoy" and its "soldiers" are one UNO MIL recipient), none that
    is one of the actors' own phrases."""
    out, seen = [], set()
    actor_texts = {a.text for a in actor}
    for r in recipient:
        key = (r.country, r.sector) if (r.country or r.sector) else (r.text,)
        if key in seen or r.text in actor_texts:
            continue
        seen.add(key)
        out.append(r)
    return out


def _owned_by(tok, actor: list[Actor], state: _Doc) -> bool:
    owner = roles.possessor(tok)
    if owner is None or owner.tag_ not in PRONOUN_TAGS:
        return False
    a = state.actors.get(owner.i)
    return a is not None and any(a.country == x.country for x in actor)


def _rebind(recipient: list[Actor], heads, actor: list[Actor], state: _Doc, res: Resources) -> list[Actor]:
    """A pronoun recipient that resolved to the actor itself is re-resolved without the actor."""
    if not actor:
        return recipient
    same = {(a.country, a.sector) for a in actor}
    out = []
    for r in recipient:
        if (r.country, r.sector) in same:
            h = next((h for h in heads if state.actors.get(h.i) is r), None)
            m = state.mentions.at(h.i) if h is not None else None
            if h is not None and (h.tag_ in PRONOUN_TAGS or m is None and r.text not in {a.text for a in actor}):
                # a pronoun, or a description whose country came from an earlier mention ("the
                # minister met union leaders"): resolved again without the actor
                r2 = res.actors.actor(h, state.mentions, remember=False, exclude=tuple(actor))
                if r2 is None:
                    continue
                state.actors[h.i] = r2
                r = r2
        out.append(r)
    return out


def _place_country_actor(tok, res: Resources) -> list[Actor]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ == "PROPN":
                    m = _country_at(p, res)
                    if m is not None:
                        return [Actor(text=p.text, name=res.actors.country_name(m), country=m, sector="GOV")]
    return []


def _released_from(tok, res: Resources) -> list[Actor]:
    """The state that held those released: "returned from Russia", "freed from Russian captivity"
    (cues.yaml ``holding_nouns``), as a government actor; [] when the "from" names no state."""
    for p in roles.prep_objects(tok, ("from",)):
        cands = [p] if p.pos_ == "PROPN" else [m for m in p.children if m.dep_ in ("amod", "compound")] \
            if p.lemma_.lower() in res.cues.holding_nouns else []
        for t in cands:
            m = _country_at(t, res, demonyms=True)
            if m is not None:
                return [Actor(text=" ".join(x.text for x in p.subtree), name=res.actors.country_name(m),
                              country=m, sector="GOV")]
    return []


def _swap_partner(tok, recipient: list[Actor], res: Resources) -> list[Actor]:
    """"Forty sailors were freed after a swap agreed with Turkey": the state the sentence's
    exchange (cues.yaml ``exchange_nouns``) was made "with" handed over those freed, unless they are
    its own people; [] when no such state."""
    own = {a.country for a in recipient if a.country}
    for t in tok.sent:
        if t.i == tok.i or t.pos_ != "NOUN" or t.lemma_.lower() not in res.cues.exchange_nouns:
            continue
        heads = [t] + ([t.head] if t.dep_ in ("nsubj", "nsubjpass") else [])   # "a swap was carried out with"
        for p in (p for h in heads for p in roles.prep_objects(h, ("with",))):
            m = _country_at(p, res) if p.pos_ == "PROPN" else None
            if m is not None and m not in own:
                return [Actor(text=p.text, name=res.actors.country_name(m), country=m, sector="GOV")]
    return []


def _country_at(tok, res: Resources, demonyms: bool = False) -> Optional[str]:
    for toks, kind, country, _sector, _name in res.actors.names.get(tok.text, ()):
        if (kind == "country" or demonyms and kind == "demonym") and len(toks) == 1:
            return country
    return None


def _np_left(t) -> int:
    if t.pos_ in ("VERB", "AUX"):
        return t.i
    return min([t.i] + [c.left_edge.i for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "punct",
                                                                                 "cc", "conj", "prep")])


def _np_right(t) -> int:
    if t.pos_ in ("VERB", "AUX"):
        return t.i
    right = t.i
    for c in t.children:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            continue
        if c.dep_ == "prep" and c.lower_ != "of":
            continue
        right = max(right, c.right_edge.i)
    return right
