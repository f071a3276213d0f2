"""What extraction shares across its modules: the resources it reads (:class:`Resources`), a
mention as found (:class:`Found`), the per-article state (:class:`_Doc`), the roles of one trigger
(:class:`_Roles`), and the sentences it reads (paragraphs, not titles)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from ..datafiles import data_path, read_tsv
from ..ontology import Ontology, default_ontology
from ..records import Actor, Article, Event
from ..resolve.actors import ActorResolver, Mentions
from .calibration import Calibrator, default_calibrator
from .acled import AcledCues, Words, default_acled
from .cues import Cues, default_cues
from .lexicon import Lexicon, default_lexicon


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
    lead_end: Optional[int] = None   # where the lead (the first paragraph that tells an event) ends, once found

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


EMBEDDED_FACTOR = 0.8   # an event inside another event's clause is rarely the sentence's main event


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


DEFINITE = ("the", "this", "that", "these", "those")


def _definite(tok) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)


PRONOUN_TAGS = ("PRP", "PRP$")
