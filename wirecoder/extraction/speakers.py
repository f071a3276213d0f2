"""Who speaks: the speaker of a sentence or quotation, reported speech and "according to X", and
the per-sentence actor pass that coreference needs (:func:`_resolve_sentence_actors`)."""
from __future__ import annotations

from typing import Optional

from ..nlp import column
from ..records import Actor
from ..resolve.actors import QUANTIFIER_PRONOUNS
from . import roles
from .modality import according_to
from .state import NOMINAL_DEPS, PRONOUN_TAGS, Resources, _Doc
from .participants import _both_sides


def _resolve_sentence_actors(sent, state: _Doc, res: Resources) -> None:
    doc = sent.doc
    dep, pos, lower = column(doc, "dep"), column(doc, "pos"), column(doc, "lower")   # no Token for other words
    for i in range(sent.start, sent.end):
        if dep[i] in NOMINAL_DEPS and i not in state.actors \
                and (pos[i] in ("NOUN", "PROPN", "PRON", "NUM") or lower[i] in QUANTIFIER_PRONOUNS):
            tok = doc[i]
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
    lemma, pos = column(sent.doc, "lemma"), column(sent.doc, "pos")
    for i in range(sent.start, sent.end):
        if lemma[i] in res.cues.speech_verbs and pos[i] == "VERB" and not _in_quote(text, (t := sent.doc[i]).idx):
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
    lower = column(sent.doc, "lower")
    for i in range(sent.start, sent.end):
        if lower[i] not in FIRST_PERSON:
            continue
        tok = sent.doc[i]
        known = state.actors.get(tok.i)
        if (known is None or not (known.country or known.sector)) \
                and tok.dep_ in NOMINAL_DEPS and _in_quote(text, tok.idx):
            state.actors[tok.i] = Actor(text=tok.text, name=speaker.name, country=speaker.country,
                                        sector=speaker.sector)


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
