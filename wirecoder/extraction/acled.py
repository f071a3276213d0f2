"""ACLED event type and sub-event of a coded event, refined from the lexicon's default by actors and words.

The lexicon gives every trigger a default ("attack" -> Battles/Armed clash). ACLED's codebook
decides the sub-event by who fought whom and with what, so the default is refined here with the
cue lists of ``data/acled.yaml``:

* ASSAULT: the weapon named in the sentence first (chemical > suicide > grenade > air/drone >
  shelling/missile > remote explosive), then the mode (abduction, sexual violence), then the
  actors: force at a demonstration (:func:`_protest_violence`); a mob or vigilantes -> Riots/Mob
  violence; two organised armed sides -> Battles/Armed clash; an armed side against anybody else ->
  Violence against civilians/Attack (read again with the roles of the whole assembled event,
  :func:`acled_with_roles`).
* PROTEST: mob violence, violent demonstration, excessive force, protest with intervention, else
  peaceful protest. Force at a demonstration follows ACLED's codebook: demonstrators who are violent
  themselves -> Riots/Violent demonstration; lethal or injurious force by the authorities ->
  Excessive force against protesters; dispersal, tear gas, water cannon -> Protest with intervention.
* COERCE/arrest of protesters -> Protest with intervention.
* COERCE/seize: weapons taken -> Disrupted weapons use; territory taken back or by state forces ->
  Government regains territory; by anybody else -> Non-state actor overtakes territory.
* AGREE/SUPPORT/RETREAT ceasefires and deals between parties to a conflict -> Agreement;
  withdrawal from a place -> Non-violent transfer of territory.

``is_hazard`` and ``is_attribution`` say when a violent trigger is a disaster ("the flood killed
12") or a claim of responsibility, which ACLED does not code as political violence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from ..datafiles import data_path, read_yaml
from ..errors import DataFileError
from ..records import Actor

_LIST_KEYS = ["event_types", "armed_sectors", "state_sectors", "sexual", "abduction", "riot_cues", "mob_cues",
              "riot_exempt", "mob_victims", "intervention_cues", "obstruction_cues", "force_cues", "lethal_acts", "protest_words", "regain_verbs", "weapon_objects",
              "territory_objects", "attribution_heads", "attribution_claim_verbs", "attribution_blame_words", "capture_verbs", "hazards",
              "accident_cues", "agreement_cues"]


@dataclass(frozen=True)
class AcledCues:
    event_types: tuple[str, ...]
    weapons: tuple[tuple[str, str, frozenset[str]], ...]    # (type/sub-event, PLOVER mode, cues)
    lists: dict[str, frozenset[str]]

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.__dict__["lists"][name]
        except KeyError:
            raise AttributeError(name) from None

    def split(self, code: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """``"Explosions/Remote violence/Grenade"`` -> ``("Explosions/Remote violence", "Grenade")``."""
        if not code:
            return None, None
        for t in self.event_types:
            if code.startswith(t + "/"):
                return t, code[len(t) + 1:] or None
            if code == t:
                return t, None
        t, _, s = code.partition("/")
        return t or None, s or None


def load_acled(path: str | Path | None = None) -> AcledCues:
    """Read and check ``acled.yaml`` (or the file at ``path``)."""
    path = Path(path) if path else data_path("acled.yaml")
    raw = read_yaml(path, _LIST_KEYS + ["weapons"])
    lists = {}
    for k in _LIST_KEYS:
        v = raw[k]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise DataFileError(str(path), f"{k}: expected a list of strings (quote yes/no/on/off)")
        keep_case = k in ("event_types", "armed_sectors", "state_sectors")
        lists[k] = frozenset(x if keep_case else x.lower() for x in v)
    weapons = []
    for i, w in enumerate(raw["weapons"] or []):
        if not isinstance(w, dict) or not {"sub", "cues"} <= set(w):
            raise DataFileError(str(path), f"weapons[{i}]: expected {{sub: ..., mode: ..., cues: [...]}}")
        weapons.append((str(w["sub"]), str(w.get("mode") or ""), frozenset(str(c).lower() for c in w["cues"])))
    return AcledCues(tuple(raw["event_types"]), tuple(weapons), lists)


@lru_cache(maxsize=None)
def default_acled() -> AcledCues:
    return load_acled()


class Words:
    """The words of one sentence for cue lookup: lemmas and lower-cased forms, single and multi-word."""

    __slots__ = ("singles", "text")

    def __init__(self, sent):
        lem = [t.lemma_.lower() for t in sent]
        low = [t.lower_ for t in sent]
        self.singles = set(lem) | set(low)
        self.text = " " + " ".join(low) + " " + " ".join(lem) + " "

    def has(self, cues: frozenset[str]) -> bool:
        for c in cues:
            if (" " in c and f" {c} " in self.text) or c in self.singles:
                return True
        return False

    def without(self, phrases: frozenset[str]) -> "Words":
        """These words with every occurrence of ``phrases`` taken out ("riot police" is no riot)."""
        w = Words.__new__(Words)
        text = self.text
        for p in phrases:
            text = text.replace(f" {p} ", " | ")
        w.text, w.singles = text, set(text.split())
        return w

    def first(self, cues: frozenset[str]) -> Optional[str]:
        return next((c for c in cues if (" " in c and f" {c} " in self.text) or c in self.singles), None)


def _sectors(actors: Sequence[Actor]) -> set[str]:
    return {a.sector for a in actors if a.sector}


def _has_word(actors: Sequence[Actor], words: frozenset[str]) -> bool:
    for a in actors:
        for w in a.text.lower().split():
            if w in words or w.rstrip("s") in words:
                return True
    return False


def trigger_weapon(trigger, cues: AcledCues) -> Optional[tuple[str, str]]:
    """The (ACLED code, PLOVER mode) of a weapon that modifies the trigger itself ("a drone attack",
    "the rocket strike"): it says how, whatever else the sentence names ("a drone attack on suicide
    bombers")."""
    mods = [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod") and c.i < trigger.i]
    for code, mode, ws in cues.weapons:
        if any(c.lower_ in ws or c.lemma_.lower() in ws for c in mods):
            return code, mode
    return None


def weapon_of(words: Words, cues: AcledCues) -> Optional[tuple[str, str]]:
    """The (ACLED code, PLOVER mode) of the first weapon named in the sentence, or None."""
    for code, mode, ws in cues.weapons:
        if words.has(ws):
            return code, mode
    return None


def _territory(lemma: str, default: Optional[str], act: set, state: frozenset, words: Words,
               cues: AcledCues) -> Optional[str]:
    """Territory taken: back, or by state forces -> Government regains territory; by anybody else
    (or by someone unnamed with a verb of capture) -> Non-state actor overtakes territory."""
    if lemma in cues.regain_verbs or words.has(cues.regain_verbs) and act & state:
        return "Battles/Government regains territory"
    if act & state:
        return "Battles/Government regains territory"
    if act or lemma in cues.capture_verbs:
        return "Battles/Non-state actor overtakes territory"
    return default


def refine(event_type: str, mode: Optional[str], default: Optional[str], trigger, actor: Sequence[Actor],
           recipient: Sequence[Actor], objects: Sequence[str], words: Words,
           cues: AcledCues) -> Optional[str]:
    """The ACLED ``"type/sub-event"`` code of an event, or None when ACLED would not code it.

    ``objects`` are the lemmas of the trigger's direct object(s) or passive subject.
    """
    armed, state = cues.armed_sectors, cues.state_sectors
    act, rec = _sectors(actor), _sectors(recipient)
    lemma = trigger.lemma_.lower()
    if event_type == "ASSAULT":
        if default and "territory" in default:
            return _territory(lemma, default, act, state, words, cues)   # "seized dozens of settlements"
        if default and default.startswith("Strategic developments"):
            return default                                   # destroy, burn: property
        if mode == "abduct" or lemma in cues.abduction:
            return "Violence against civilians/Abduction/forced disappearance"
        if mode == "sexual" or words.has(cues.sexual):
            return "Violence against civilians/Sexual violence"
        protesters = _has_word(recipient, cues.protest_words) or words.has(cues.protest_words)
        if protesters and not rec & (armed - {"CRM"}) and (
                act & state or words.has(cues.force_cues) or words.has(cues.intervention_cues) or _riotous(words, cues)):
            return _protest_violence(lemma, words, cues)
        if protesters and not act & armed and rec & state and _riotous(words, cues):
            return "Riots/Violent demonstration"   # demonstrators who clash with or attack the police
        w = weapon_of(words, cues)
        if w is not None:
            return w[0]
        if not act & armed and (_has_word(actor, cues.mob_cues) or words.has(cues.mob_cues - cues.mob_victims)):
            return "Riots/Mob violence"             # "lynched by an angry mob", "vigilantes beat"
        if rec & (armed - {"CRM"}) and (act & armed or not act):
            return "Battles/Armed clash"            # attacks on security forces or armed groups
        if rec and not rec & armed:
            return "Violence against civilians/Attack"
        if not rec and act and not act & armed:
            return "Riots/Mob violence" if words.has(cues.mob_cues) else "Violence against civilians/Attack"
        return default
    if event_type == "PROTEST":
        if words.has(cues.mob_cues) and not words.has(frozenset({"protest", "protester", "demonstrator"})):
            return "Riots/Mob violence"
        if mode == "riot" or _riotous(words, cues):
            return "Riots/Violent demonstration"
        if words.has(cues.force_cues):
            return "Protests/Excessive force against protesters"
        if mode == "obstruct" or words.has(cues.intervention_cues) or words.has(cues.obstruction_cues):
            return "Protests/Protest with intervention"
        return "Protests/Peaceful protest" if default else None
    if default and default.startswith("Protests/"):                   # "police dispersed the rally"
        return _protest_violence(lemma, words, cues, default)
    if event_type == "COERCE" and mode == "arrest" and default and _has_word(recipient, cues.protest_words):
        return "Protests/Protest with intervention"           # "police detained hundreds of protesters"
    if event_type == "COERCE" and mode == "seize":
        objs = set(objects)
        if objs & cues.weapon_objects:
            return "Strategic developments/Disrupted weapons use"
        if default and "territory" in default or objs & cues.territory_objects:
            return _territory(lemma, default, act, state, words, cues)
        return default
    if event_type == "SUPPORT":
        return default                                       # only "signed an agreement" has a code
    if event_type == "AGREE" or (event_type == "RETREAT" and mode == "ceasefire"):
        if default or words.has(cues.agreement_cues):
            return "Strategic developments/Agreement"
        return None
    if event_type == "RETREAT" and mode == "withdraw":
        if act and act <= {"CVL", "REF"}:
            return None                                      # civilians fleeing: displacement, not a conflict event
        if set(objects) & cues.territory_objects or _withdraws_from_place(trigger):
            return "Strategic developments/Non-violent transfer of territory"
        return default
    return default


def acled_with_roles(acled: tuple[Optional[str], Optional[str]], event_type: str, actor: Sequence[Actor],
                     recipient: Sequence[Actor], cues: AcledCues) -> tuple[Optional[str], Optional[str]]:
    """The ACLED (type, sub-event) of an assembled event, read again with the roles of all its
    mentions: an armed clash coded from a mention that named no target ("gunmen opened fire") whose
    event targets only people who are no organised armed side ("... killing four women") is an attack
    on civilians (the ASSAULT rule of :func:`refine`)."""
    if event_type != "ASSAULT" or acled[1] != "Armed clash":
        return acled
    rec = _sectors(recipient)
    if rec and not rec & cues.armed_sectors and not _has_word(recipient, cues.protest_words):
        return "Violence against civilians", "Attack"
    return acled


def _riotous(words: Words, cues: AcledCues) -> bool:
    """Demonstrators who engage in violence or vandalism ("clashes", "hurled rocks"), "riot police" aside."""
    return words.without(cues.riot_exempt).has(cues.riot_cues)


def _protest_violence(lemma: str, words: Words, cues: AcledCues,
                      otherwise: str = "Protests/Excessive force against protesters") -> str:
    """The ACLED code of force used at a demonstration (ACLED codebook): demonstrators who are violent
    themselves -> violent demonstration; lethal or injurious force by the authorities -> excessive
    force; dispersal, tear gas, arrests -> protest with intervention."""
    if _riotous(words, cues):
        return "Riots/Violent demonstration"
    if lemma in cues.lethal_acts or words.has(cues.lethal_acts) or words.has(cues.force_cues):
        return "Protests/Excessive force against protesters"
    if words.has(cues.intervention_cues):
        return "Protests/Protest with intervention"
    return otherwise


def _withdraws_from_place(trigger) -> bool:
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "out"):
            for p in c.children:
                if p.dep_ == "pobj" and (p.ent_type_ in ("GPE", "LOC", "FAC") or p.pos_ == "PROPN"):
                    return True
    return False


def is_attribution(trigger, cues: AcledCues) -> bool:
    """True when the trigger is what somebody claims or is blamed for ("claimed responsibility for the
    attack"; acled.yaml ``attribution_heads``, ``attribution_claim_verbs``, ``attribution_blame_words``)."""
    tok = trigger
    for hop in range(4):
        if tok.head.i == tok.i:
            return False
        rel, tok = tok.dep_, tok.head
        lemma = tok.lemma_.lower()
        if lemma in cues.attribution_heads:
            return True
        if lemma in cues.attribution_claim_verbs and rel == "dobj" and hop == 0:
            return True                                   # "claimed the attack"
        if lemma in cues.attribution_blame_words and (rel in ("pobj", "pcomp", "prep") or hop > 0):
            return True
    return False


def is_hazard(agent_heads: Sequence, trigger, cues: AcledCues) -> bool:
    """True when a killing or blast was done by a natural or accidental hazard ("the flood killed 12")."""
    for h in agent_heads:
        if h.lemma_.lower() in cues.hazards or h.lower_ in cues.hazards:
            return True
    for c in trigger.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "from", "after", "during"):
            for p in c.children:
                if p.dep_ == "pobj" and (p.lemma_.lower() in cues.hazards or p.lower_ in cues.hazards):
                    return True
    if trigger.pos_ == "NOUN":
        for c in trigger.children:
            if c.dep_ in ("compound", "amod") and (c.lemma_.lower() in cues.hazards):
                return True                               # "gas leak blast", "fire accident"
    return False
