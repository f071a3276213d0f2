"""Cue word lists for roles, modality and reported speech (``data/cues.yaml``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path, read_yaml
from ..errors import DataFileError

_KEYS = ["speech_verbs", "denial_verbs", "future_verbs", "hypothetical_verbs", "future_aux",
         "hypothetical_aux", "light_verbs", "object_control_verbs", "carrier_nouns", "ongoing_words", "anaphoric_nouns",
         "recipient_preps"]
_OPTIONAL = ["armed_force_types", "desire_verbs", "measure_nouns", "joint_verbs", "participation_verbs",
             "future_nouns", "purpose_nouns", "purpose_types", "refusal_words", "span_units", "span_modifiers",
             "condition_preps", "advisory_verbs", "ending_nouns", "capacity_nouns", "topic_preps",
             "victim_words", "claim_verbs", "clause_preps", "holding_nouns", "sequence_words", "two_sided_words",
             "exchange_nouns", "exchange_verbs", "receive_verbs", "handover_verbs", "praise_nouns", "praise_modifiers", "alert_nouns", "alert_state_verbs",
             "alert_setting_verbs", "alert_sectors", "sequence_participant_types", "hypothetical_types", "of_doer_types",
             "content_types", "reference_types", "receiver_count_types", "iterative_words", "aggregate_nouns",
             "described_types", "stance_prefixes", "state_preps",
             "harm_verbs", "request_preps", "crowd_nouns", "undergo_verbs", "document_nouns", "span_starts", "toll_units", "responsibility_verbs", "capacity_adjectives", "responsibility_nouns", "responsibility_adjectives",
             "act_claim_verbs", "span_preps", "condition_marks", "condition_target_types", "ethnic_words",
             "place_target_complement_types", "place_nouns", "protest_reason_nouns", "protest_reason_verbs",
             "doer_retypes"]    # keys added later: a file without them keeps working (doer_retypes last)
# lists of event types (upper case), not of words
_TYPE_LISTS = ("hypothetical_types", "purpose_types", "receiver_count_types", "described_types",
               "sequence_participant_types", "condition_target_types", "place_target_complement_types")
# lists of actor sectors (upper case)
_SECTOR_LISTS = ("alert_sectors",)


@dataclass(frozen=True)
class Retype:
    """An event of type ``source`` (trigger lemma in ``lemmas``, its direct object's in ``objects``,
    any when empty) whose doers all belong to ``sectors`` is coded as ``type``/``mode`` (cues.yaml
    ``doer_retypes``)."""

    source: str
    lemmas: frozenset[str]
    sectors: frozenset[str]
    type: str
    mode: str | None
    cameo: str | None
    acled: str | None
    objects: frozenset[str] = frozenset()
    crowd: bool = False          # the doers are a crowd (cues.yaml crowd_nouns), not one person ("a man")


@dataclass(frozen=True)
class Cues:
    speech_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    future_verbs: frozenset[str]
    hypothetical_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    light_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    carrier_nouns: frozenset[str]
    ongoing_words: frozenset[str]
    anaphoric_nouns: frozenset[str]
    armed_force_types: frozenset[str]     # TYPE or TYPE/mode, upper-case type
    desire_verbs: frozenset[str]
    measure_nouns: frozenset[str]
    joint_verbs: frozenset[str]
    participation_verbs: frozenset[str]   # "participate" or "take part" (verb and object lemma)
    future_nouns: frozenset[str]
    purpose_nouns: frozenset[str]
    purpose_types: frozenset[str]         # upper case: event types
    refusal_words: frozenset[str]
    span_units: frozenset[str]
    span_modifiers: frozenset[str]
    condition_preps: frozenset[str]
    advisory_verbs: frozenset[str]
    ending_nouns: frozenset[str]
    capacity_nouns: frozenset[str]
    topic_preps: frozenset[str]
    hypothetical_types: frozenset[str]    # upper case: event types
    of_doer_types: frozenset[str]         # TYPE or TYPE/mode, upper-case type
    recipient_preps: dict[str, frozenset[str]]
    doer_retypes: tuple[Retype, ...] = ()
    content_types: dict[str, frozenset[str]] = field(default_factory=dict)   # TYPE -> the types it is content of
    reference_types: dict[str, frozenset[str]] = field(default_factory=dict)  # TYPE -> the types its nouns refer back to
    victim_words: frozenset[str] = frozenset()   # "among the dead are ...": the victims of an attack
    harm_verbs: frozenset[str] = frozenset()     # "attacked the town, wounding traders": whom an attack hurt
    request_preps: frozenset[str] = frozenset()  # "X, at the request of Y, sent ...": Y asked X
    claim_verbs: frozenset[str] = frozenset()    # "claimed responsibility for": who claims an act
    clause_preps: frozenset[str] = frozenset()   # "after X asked": a subordinator the parser reads as a preposition
    holding_nouns: frozenset[str] = frozenset()  # "released from Russian captivity": who held them
    sequence_words: frozenset[str] = frozenset()  # "X, a day after Y": two events told in order
    sequence_participant_types: frozenset[str] = frozenset()  # upper case: "X agreed after talks": X talked
    two_sided_words: frozenset[str] = frozenset()  # "clashed with rebels": both sides fight
    exchange_nouns: frozenset[str] = frozenset()  # "released in exchange for X": X released by the other side
    exchange_verbs: frozenset[str] = frozenset()  # "A were exchanged for B": two releases
    receive_verbs: frozenset[str] = frozenset()   # "Ukraine got 200 prisoners in exchange for X"
    handover_verbs: frozenset[str] = frozenset()  # "sent back 55 prisoners in exchange": "LEMMA" or "LEMMA PARTICLE"
    praise_nouns: frozenset[str] = frozenset()    # "the exchange was an important step": praise
    praise_modifiers: frozenset[str] = frozenset()  # "good", "important" step
    alert_nouns: frozenset[str] = frozenset()      # "the border guards and police on high alert"
    alert_state_verbs: frozenset[str] = frozenset()  # "troops remain on alert": the subject is on alert
    alert_setting_verbs: frozenset[str] = frozenset()  # "put troops on alert": the object is, by the subject
    alert_sectors: frozenset[str] = frozenset()    # upper case: sectors whose alert is a mobilisation
    receiver_count_types: frozenset[str] = frozenset()   # upper case: types counting those the act reaches
    iterative_words: frozenset[str] = frozenset()  # "has repeatedly shelled the town": acts told as a habit
    aggregate_nouns: frozenset[str] = frozenset()  # "a war that killed 50,000": a whole war's toll
    described_types: frozenset[str] = frozenset()  # upper case: types whose participle after a noun describes it
    stance_prefixes: frozenset[str] = frozenset()  # "pro-Russian": a stance towards a name, not its country
    state_preps: frozenset[str] = frozenset()      # "held under arrest": who is held undergoes the arrest
    crowd_nouns: frozenset[str] = frozenset()      # "a mob", "the crowd": one noun naming many doers
    undergo_verbs: frozenset[str] = frozenset()    # "died in the ambush": the subject suffers the event
    document_nouns: frozenset[str] = frozenset()   # "the ministry's release said": an event noun that is also a text
    span_starts: frozenset[str] = frozenset()      # "have abducted 1,000 since December": a toll to date
    toll_units: frozenset[str] = frozenset()       # "have been detained this year": a toll to date
    responsibility_verbs: frozenset[str] = frozenset()  # "X is to blame": who is responsible, no act
    capacity_adjectives: frozenset[str] = frozenset()   # "able to seize": what one can do, no act
    responsibility_nouns: frozenset[str] = frozenset()  # "X claimed responsibility for": a claim, no act
    responsibility_adjectives: frozenset[str] = frozenset()  # "X was responsible for": a finding, no act
    act_claim_verbs: frozenset[str] = frozenset()       # "X claimed the attack": the object is claimed
    span_preps: frozenset[str] = frozenset()            # "in recent weeks", "for months": a span after the event
    condition_marks: frozenset[str] = frozenset()        # "unless Peru withdraws": a condition clause
    condition_target_types: frozenset[str] = frozenset()  # upper case: types aimed at whom their condition binds
    ethnic_words: frozenset[str] = frozenset()     # "ethnic Hungarians": an ethnicity, not a nationality
    place_target_complement_types: frozenset[str] = frozenset()   # upper case: "threatened to X in Y": Y's country
    place_nouns: frozenset[str] = frozenset()      # "in Kosovo province": a place a country name modifies
    protest_reason_nouns: frozenset[str] = frozenset()   # "in protest of X", "in defiance of X": whom a protest is against
    protest_reason_verbs: frozenset[str] = frozenset()   # "went on strike to protest (against) X"

    def of_doer(self, event_type: str, mode: str | None = None) -> bool:
        return in_types(self.of_doer_types, event_type, mode)

    def preps_for(self, event_type: str, mode: str | None = None) -> frozenset[str]:
        specific = self.recipient_preps.get(f"{event_type}/{mode}") if mode else None
        if specific is None:
            specific = self.recipient_preps.get(event_type, frozenset())
        return specific | self.recipient_preps.get("*", frozenset())


def load_cues(path: str | Path | None = None) -> Cues:
    path = path or data_path("cues.yaml")
    raw = read_yaml(path, _KEYS)
    for k in _OPTIONAL:
        raw.setdefault(k, [])
    retypes = _retypes(raw.pop("doer_retypes") or [], str(path))
    for k in _KEYS + _OPTIONAL[:-1]:
        values = raw[k].values() if isinstance(raw[k], dict) else [raw[k]]
        for v in values:
            bad = [x for x in (v or []) if not isinstance(x, str)]
            if bad:  # YAML 1.1 reads a bare on/off/yes/no as a boolean
                raise DataFileError(str(path), f"{k}: {bad[0]!r} is not a string; quote it")
    words = [k for k in _KEYS + _OPTIONAL if k not in _TYPE_LISTS + _SECTOR_LISTS and k not in (
        "recipient_preps", "doer_retypes", "content_types", "reference_types", "of_doer_types",
        "armed_force_types")]
    sets = {k: frozenset(str(x).lower() for x in raw[k] or []) for k in words}
    sets.update({k: frozenset(str(x).upper() for x in raw[k] or []) for k in _TYPE_LISTS + _SECTOR_LISTS})
    sets["of_doer_types"] = frozenset(type_key(str(x)) for x in raw["of_doer_types"] or [])
    sets["armed_force_types"] = frozenset(type_key(str(x)) for x in raw["armed_force_types"] or [])
    preps = {k: frozenset(v or []) for k, v in raw["recipient_preps"].items()}
    return Cues(recipient_preps=preps, doer_retypes=retypes, content_types=_type_map(raw, "content_types", path),
                reference_types=_type_map(raw, "reference_types", path), **sets)


def _type_map(raw: dict, key: str, path: str | Path) -> dict[str, frozenset[str]]:
    """A ``TYPE: [TYPE, ...]`` mapping of the file, upper-cased."""
    table = raw[key] or {}
    if not isinstance(table, dict):
        raise DataFileError(str(path), f"{key}: a mapping TYPE: [TYPE, ...]")
    return {str(k).upper(): frozenset(str(x).upper() for x in v or []) for k, v in table.items()}


def in_types(keys: frozenset[str], event_type: str, mode: str | None) -> bool:
    """Whether an event of ``event_type`` and ``mode`` is one a TYPE or TYPE/mode list names."""
    return event_type in keys or f"{event_type}/{mode}" in keys


def type_key(key: str) -> str:
    """An event-type key of a cue table, normalised: "assault" -> "ASSAULT", "coerce/Arrest" -> "COERCE/arrest"."""
    t, _, mode = key.partition("/")
    return f"{t.upper()}/{mode.lower()}" if mode else t.upper()


def _retypes(rows: list, where: str) -> tuple[Retype, ...]:
    from ..ontology import default_ontology

    out = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict) or not {"from", "sectors", "to"} <= set(row):
            raise DataFileError(where, f"doer_retypes[{n}]: needs from, sectors and to (TYPE or TYPE/mode)")
        to_type, _, to_mode = str(row["to"]).partition("/")
        default_ontology().check(to_type.upper(), to_mode or None, [], f"{where}: doer_retypes[{n}]")
        out.append(Retype(source=str(row["from"]).upper(), lemmas=frozenset(str(x).lower() for x in row.get("lemmas") or []),
                          sectors=frozenset(str(x).upper() for x in row["sectors"]), type=to_type.upper(),
                          mode=to_mode or None, cameo=row.get("cameo"), acled=row.get("acled"),
                          objects=frozenset(str(x).lower() for x in row.get("objects") or []),
                          crowd=bool(row.get("crowd"))))
    return tuple(out)


@lru_cache(maxsize=None)
def default_cues() -> Cues:
    return load_cues()
