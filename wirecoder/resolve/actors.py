"""Actors: noun phrases -> ``Actor(text, name, country, sector)``, with in-article coreference.

Knowledge lives in data files, not here: ``countries.tsv`` (names, aliases, demonyms),
``agents.tsv`` (agent words -> sector) and ``organisations.tsv`` (named groups -> country + sector;
users add their own files). This module only applies them to a parsed sentence::

    resolver = ActorResolver.default()
    mentions = resolver.annotate(doc)            # once per article
    actor = resolver.actor(head_token, mentions) # "46 members of the Afghan army" -> AFG MIL
"""
from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from ..datafiles import data_path, read_tsv, read_yaml, split_list, yaml_words
from ..errors import DataFileError
from ..nlp import column, doc_text, line_start, sent_start, sent_starts, span_text
from ..records import Actor

ACTOR_WORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "actors.yaml"
_ACTOR_LISTS = ("partitive", "affiliation_verbs", "generic_heads", "non_overriding", "security_ambiguous",
                "police_words", "military_words", "police_acts", "country_anaphors", "collective",
                "office_heads", "placing_preps", "pronouns_plural", "pronouns_thing", "pronouns_person",
                "pronouns_first", "quantifier_pronouns")


def load_actor_words(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """The resolver's cue words (``data/actors.yaml``, or the file at ``path``; the format is in the
    file's header): each list as a frozenset."""
    path = Path(path) if path else ACTOR_WORDS_FILE
    raw = read_yaml(path, _ACTOR_LISTS)
    return {k: frozenset(yaml_words(path, k, raw[k])) for k in _ACTOR_LISTS}


_WORDS = load_actor_words()
# data/actors.yaml (each list's meaning is in the file)
PARTITIVE = _WORDS["partitive"]
AFFILIATION_VERBS = _WORDS["affiliation_verbs"]
PRONOUNS_PLURAL = _WORDS["pronouns_plural"]
PRONOUNS_THING = _WORDS["pronouns_thing"]
QUANTIFIER_PRONOUNS = _WORDS["quantifier_pronouns"]
PRONOUNS_PERSON = _WORDS["pronouns_person"]
PRONOUNS_FIRST = _WORDS["pronouns_first"]
GENERIC_HEADS = _WORDS["generic_heads"]
PLACING_PREPS = _WORDS["placing_preps"]
NON_OVERRIDING = _WORDS["non_overriding"]
SECURITY_AMBIGUOUS = _WORDS["security_ambiguous"]
POLICE_WORDS = _WORDS["police_words"]
POLICE_ACTS = _WORDS["police_acts"]
MILITARY_WORDS = _WORDS["military_words"]
COUNTRY_ANAPHORS = _WORDS["country_anaphors"]
COLLECTIVE = _WORDS["collective"]
OFFICE_HEADS = _WORDS["office_heads"]
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"
PERSON_SECTORS = {"GOV", "MIL", "COP", "REB", "OPP", "CVL", "REF", "MED", "JUD", "LEG"}
# The sector of an agents.tsv row whose phrase names no actor ("state of emergency": a measure)
NOT_AN_ACTOR = "-"
# Sectors of a state body that a phrase placing it in a country ties to that country.
PLACED_SECTORS = frozenset({"GOV", "COP"})
# Sectors whose named groups are referred back to by a bare agent word ("the Taliban ... the militants").
NAMED_REFERENT_SECTORS = {"REB"}
NOT_STATES = ("IGO", "NGO", "IMG", "UNO")     # the codes of actors that belong to no one country


@dataclass(frozen=True)
class NameMatch:
    start: int          # token index
    end: int
    kind: str           # "org" | "country" | "demonym"
    country: Optional[str]
    sector: Optional[str]
    name: str


@dataclass(frozen=True)
class Antecedent:
    tok: int            # token index of the mention's head
    sent: int           # token index where its sentence starts
    actor: Actor
    lemma: str          # head lemma
    plural: bool
    subject: bool       # grammatical subject (more salient)
    named: bool         # named by the dictionaries (a country or organisation), not by an agent word
    speaker: bool       # the X of "according to X": rarely the referent of what X reports


@dataclass
class Mentions:
    """Dictionary matches in one Doc, by token index, plus the coreference history."""

    by_token: dict[int, NameMatch] = field(default_factory=dict)
    history: list[Antecedent] = field(default_factory=list)
    # indexes over ``history`` (positions in it), brought up to date on lookup, so a search for
    # antecedents costs the few sentences it looks at, not the whole article so far
    _synced: int = field(default=0, repr=False, compare=False)
    _by_sent: dict[int, list[int]] = field(default_factory=dict, repr=False, compare=False)
    _last_at_tok: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    # a person coded once ("Viktor Medvedchuk, Ukraine's pro-Kremlin politician"), by the last word of
    # the name: a later bare "Medvedchuk" is the same person (whatever entity label the parser gives it)
    persons: dict[str, Actor] = field(default_factory=dict)

    def at(self, i: int) -> Optional[NameMatch]:
        return self.by_token.get(i)

    def _sync(self) -> None:
        if self._synced > len(self.history):      # history replaced: index again
            self._synced, self._by_sent, self._last_at_tok = 0, {}, {}
        for k in range(self._synced, len(self.history)):
            a = self.history[k]
            self._by_sent.setdefault(a.sent, []).append(k)
            self._last_at_tok[a.tok] = k
        self._synced = len(self.history)

    def in_sentences(self, starts: Iterable[int]) -> list[Antecedent]:
        """Antecedents whose sentence starts at one of ``starts``, in the order remembered."""
        self._sync()
        ks = sorted(k for s in set(starts) for k in self._by_sent.get(s, ()))
        return [self.history[k] for k in ks]

    def last_at(self, i: int) -> Optional[Antecedent]:
        """The antecedent remembered last for the token ``i``."""
        self._sync()
        k = self._last_at_tok.get(i)
        return None if k is None else self.history[k]

    def forget(self, i: int) -> None:
        """Drop what was remembered for the token ``i`` (a phrase that turned out to name no one actor)."""
        if any(a.tok == i for a in self.history):
            self.history = [a for a in self.history if a.tok != i]
            self._synced, self._by_sent, self._last_at_tok = 0, {}, {}

    def remember(self, head, actor: Actor, lemma: str, plural: bool) -> None:
        if actor.country or actor.sector:
            speaker = head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according"
            named = self.at(head.i) is not None and self.at(head.i).kind in ("country", "capital", "org")
            self.history.append(Antecedent(tok=head.i, sent=sent_start(head.doc, head.i), actor=actor, lemma=lemma,
                                           plural=plural, subject=head.dep_ in ("nsubj", "nsubjpass"),
                                           named=named, speaker=speaker))
            if head.pos_ == "PROPN" and head.ent_type_ == "PERSON" and actor.country:
                self.persons.setdefault(head.lower_, actor)


@dataclass
class AgentWord:
    sector: str
    name: str


class ActorResolver:
    """Applies the actor dictionaries to spaCy tokens."""

    def __init__(self, countries: dict[str, dict], agents: dict[str, AgentWord],
                 names: dict[str, list[tuple[tuple[str, ...], str, Optional[str], Optional[str], str]]]):
        self.countries = countries          # iso3 -> row
        self.agents = agents                # lemma (possibly multi-word) -> AgentWord
        self.names = names                  # first token -> [(tokens, kind, country, sector, name)]
        self.max_agent_words = max((k.count(" ") + 1 for k in agents), default=1)
        self.anaphoric: frozenset[str] = frozenset()   # "the group": set from cues.yaml anaphoric_nouns
        self.stance: frozenset[str] = frozenset()      # "pro-Russian": set from cues.yaml stance_prefixes
        self.ethnic: frozenset[str] = frozenset()      # "ethnic Albanians": set from cues.yaml ethnic_words

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra_org_files: Iterable[str | Path] = ()) -> "ActorResolver":
        countries: dict[str, dict] = {}
        names: dict[str, list] = {}

        def add(phrase: str, kind: str, country: Optional[str], sector: Optional[str], name: str) -> None:
            toks = tuple(_tokenize_name(phrase))
            if toks:
                names.setdefault(toks[0], []).append((toks, kind, country, sector, name))

        cpath = data_path("countries.tsv")
        for no, row in read_tsv(cpath, ["iso3", "name", "aliases", "demonyms", "capital"]):
            iso3 = row["iso3"]
            countries[iso3] = row
            add(row["name"], "country", iso3, None, row["name"])
            if row["capital"]:
                add(row["capital"], "capital", iso3, None, row["name"])   # "Kyiv said", "Baku seized"
            for a in split_list(row["aliases"]):
                add(a, "country", iso3, None, row["name"])
            for d in split_list(row["demonyms"]):
                add(d, "demonym", iso3, None, row["name"])
        agents: dict[str, AgentWord] = {}
        for no, row in read_tsv(data_path("agents.tsv"), ["lemma", "sector", "name"]):
            agents[row["lemma"].lower()] = AgentWord(row["sector"], row["name"] or row["lemma"])
        org_files = [data_path("organisations.tsv"), data_path("people.tsv"), *extra_org_files]
        env = os.environ.get("WIRECODER_ACTORS")
        if env:
            org_files += [p for p in env.split(os.pathsep) if p]
        for path in org_files:
            for no, row in read_tsv(path, ["name", "aliases", "country", "sector"]):
                country = row["country"] or None
                if country and country not in countries and country not in NOT_STATES:
                    raise DataFileError(f"{path}:{no}", f"unknown country code {country!r}: use ISO 3166 "
                                                        f"alpha-3 or IGO, NGO, IMG, UNO")
                for n in [row["name"], *split_list(row["aliases"])]:
                    add(n, "org", country, row["sector"] or None, row["name"])
        for lst in names.values():
            lst.sort(key=lambda x: -len(x[0]))  # longest first
        return cls(countries, agents, names)

    @classmethod
    def default(cls) -> "ActorResolver":
        return _default_resolver()

    @classmethod
    def for_files(cls, extra_org_files: tuple[str, ...] = ()) -> "ActorResolver":
        """The resolver with extra organisation dictionaries; cached per set of files."""
        return _default_resolver(tuple(str(f) for f in extra_org_files))

    def country_name(self, iso3: Optional[str]) -> Optional[str]:
        row = self.countries.get(iso3 or "")
        return row["name"] if row else None

    def armed_forces(self, a: Actor) -> Actor:
        """A country that is the actor of a military action ("a US drone strike", "Russia sent its
        troops") acts through its armed forces: MIL, not the GOV a bare country name is coded as."""
        if a.sector == "GOV" and a.country and a.name and a.name == self.country_name(a.country):
            return replace(a, sector="MIL")
        return a

    # ------------------------------------------------------------------ per document
    def annotate(self, doc) -> Mentions:
        """Find organisation, country and demonym names in the Doc (longest match, left to right)."""
        m = Mentions()
        i, n = 0, len(doc)
        texts = column(doc, "text")
        while i < n:
            best = None
            for toks, kind, country, sector, name in self.names.get(_norm(texts[i]), ()):
                k = len(toks)
                if i + k <= n and all(_norm(texts[i + j]) == toks[j] for j in range(k)):
                    best = NameMatch(i, i + k, kind, country, sector, name)
                    break
            if best and best.kind == "country" and doc[i].ent_type_ == "PERSON" and _ent_len(doc, i) > best.end - i:
                best = None  # "Jordan Peterson", "Chad Smith" (a lone "Togo" mistagged as a person stays)
            if best and best.kind == "capital" and doc[i].ent_type_ and _ent_len(doc, i) > best.end - i:
                best = None  # a capital alone, not inside a longer name: "Victoria Nuland", "Washington Post"
            if best and i >= 2 and texts[i - 1] == "-" and doc[i - 2].lower_ in self.stance:
                best = None  # "pro-Russian separatists", "a pro-Moscow politician": a stance, not a country
            if best and best.kind == "demonym" and i >= 1 and doc[i - 1].lower_ in self.ethnic:
                best = replace(best, country=None)   # "ethnic Hungarians in Romania": an ethnicity, no country
            if best:
                for j in range(best.start, best.end):
                    m.by_token[j] = best
                i = best.end
            else:
                i += 1
        return m

    def actor(self, head, mentions: Mentions, *, remember: bool = True,
              exclude: tuple[Actor, ...] = ()) -> Optional[Actor]:
        """The actor named by the noun phrase headed by ``head`` (a spaCy Token), or None.

        Pronouns and bare definite descriptions ("they", "the soldiers") are resolved to the most
        recent compatible actor mentioned earlier in the article.
        """
        quantifier = head.lower_ in QUANTIFIER_PRONOUNS and head.pos_ != "PRON" \
            and head.dep_ in ("nsubj", "nsubjpass") and not list(head.children)
        low = head.lower_
        if quantifier or head.pos_ == "PRON" or low in PRONOUNS_PLURAL or low in PRONOUNS_THING or low in PRONOUNS_PERSON:
            actor = self._pronoun(head, mentions, exclude, quantifier=quantifier)
            if actor is not None and remember:
                mentions.remember(head, actor, head.lower_, quantifier or head.lower_ in PRONOUNS_PLURAL)
            return actor
        if head.tag_ in ("WDT", "WP"):
            return None
        span = _np_span(head)
        text = _span_text(head.doc, span)
        core = _semantic_head(head)
        country, sector, name = self._code(core, mentions)
        if core is not head and (country is None or sector is None):
            c2, s2, n2 = self._code(head, mentions)
            country, sector, name = country or c2, sector or s2, name or n2
        if country is None and head.dep_ == "compound" and head.head.i > head.i:
            # "Ugandan opposition candidates": a compound that names the actor ("opposition") takes
            # the country a modifier before it in the same phrase names
            country = _sibling_country(head, mentions)
        own = _part_country(head, core, mentions)
        if own is not None and own != country:
            # "the Ghanaian contingent of the UN force": that state's part of the organisation's force
            country, name = own, None
        if country is None and sector is None and core.pos_ == "PROPN" and mentions.at(core.i) is None \
                and (known := mentions.persons.get(core.lower_)) is not None and known not in exclude:
            # "Medvedchuk was arrested": the person coded where the article introduced him
            actor = replace(known, text=text)
            if remember:
                mentions.remember(head, actor, core.lemma_.lower(), False)
            return actor
        if country is None and sector is None:
            actor = self._anaphor(head, core, text, mentions, exclude)
            if actor is not None and remember:
                mentions.remember(head, actor, core.lemma_.lower(), core.tag_ in ("NNS", "NNPS"))
            return actor
        plural = core.tag_ in ("NNS", "NNPS") or core.lower_ in COLLECTIVE
        # "ten prisoners including four Britons and a Swede": people of several countries, named as
        # such; neither a conjunct's country nor that of the same kind of actor named before is theirs
        mixed = country is None and len(_included_countries(head, core, mentions)) > 1
        if country is None and head.dep_ == "conj" and not mixed:
            # "Afghan soldiers and officials": a conjunct shares the first one's country
            first = head.head
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            prev = mentions.last_at(first.i)
            if prev is not None:
                country = prev.actor.country
        if country is None and sector in PLACED_SECTORS:
            # "stormed the government headquarters in Yerevan": a bare state body the clause places
            # in a country's capital (or the country) is that country's, not the last one named
            country = _placed_country(head, mentions)
        if country is None and sector is not None and not mixed:
            # "the soldiers", "46 soldiers", "the military": the same kind of actor named just before
            ante = self._antecedent(core, mentions, lemma=core.lemma_.lower(), exclude=exclude)
            if ante is None:
                # "the military", "hundreds of soldiers": an agent of that sector named just before
                # (an armed group named before is what "the militants" refers to: named ones count)
                ante = self._antecedent(core, mentions, sector=sector, exclude=exclude,
                                        agents_only=sector not in NAMED_REFERENT_SECTORS)
            if ante is not None:
                country = ante.country
                if name is None and ante.sector == sector:
                    name = ante.name
        actor = Actor(text=text, name=name or self._default_name(country, sector, core),
                      country=country, sector=sector)
        if remember:
            mentions.remember(head, actor, core.lemma_.lower(), plural)
        return actor

    # ------------------------------------------------------------------ helpers
    def _code(self, core, mentions: Mentions) -> tuple[Optional[str], Optional[str], Optional[str]]:
        country = sector = name = None
        # 1. a named organisation or a country as the head itself
        hm = mentions.at(core.i)
        if hm is not None and hm.kind == "org":
            country, sector, name = hm.country, hm.sector, hm.name
        elif hm is not None and hm.kind == "country":
            country, sector, name = hm.country, "GOV", hm.name
        elif hm is not None and hm.kind == "capital" and (core.dep_ in ("nsubj", "nsubjpass")
                                                           or core.dep_ == "pobj" and core.head.lower_ == "by"):
            # "Kyiv was freeing", "compensation by Moscow": the government
            country, sector, name = hm.country, "GOV", hm.name
        elif hm is not None and hm.kind == "demonym" and core.pos_ in ("NOUN", "PROPN") and core.tag_ in ("NNS", "NNPS"):
            country, sector, name = hm.country, "CVL", None   # "Afghans", "Palestinians"
        # 2. agent word for the head ("soldiers", "border police", "security forces"), a title before a
        #    name ("Prime Minister Ryutaro Hashimoto"), or a modifier that is itself an agent word when
        #    the head only names a role or a thing ("union leaders", "police checkpoints")
        aw = self._agent(core)
        if aw is None and core.pos_ == "PROPN":
            titles = [c for c in core.children if c.dep_ == "compound" and c.i < core.i and self._agent(c)]
            aw = self._agent(titles[-1]) if titles else None
        elif aw is not None and core.lemma_.lower() in GENERIC_HEADS:
            mods = [c for c in core.children if c.dep_ in ("compound", "amod") and c.i < core.i
                    and c.lower_ not in NON_OVERRIDING and mentions.at(c.i) is None]
            mw = self._agent(mods[-1]) if mods else None
            if mw is not None and mw.sector != aw.sector and self._agent(core) is self.agents.get(
                    core.lemma_.lower()):
                aw = AgentWord(mw.sector, f"{mw.name} {aw.name}")
        if aw is not None and aw.sector in ("MIL", "COP") and aw is self.agents.get(core.lemma_.lower()) \
                and core.lemma_.lower() in SECURITY_AMBIGUOUS:
            # bare "officers", "guards": police or military as the actors named just before
            aw = AgentWord(_security_context(core, mentions) or aw.sector, aw.name)
        if aw is not None and (sector is None or (hm is not None and hm.kind == "country")):
            sector = aw.sector
            if hm is None or hm.kind != "org":
                name = None
        # 3. modifiers: demonym, country, organisation ("Afghan soldiers", "Pakistan's army", "Taliban fighters");
        #    a possessive pronoun's country only when no modifier names one ("its European Union partners")
        owned = None
        for mod in _modifiers(core):
            if mod.dep_ == "acl" and mod.lemma_.lower() in AFFILIATION_VERBS:
                # "officers belonging to the ANA", "troops serving with the UN mission"
                toks = [p for c in mod.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
            elif mod.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod", "nummod"):
                toks = [mod]
            elif mod.dep_ == "prep" and mod.lower_ in ("of", "from"):
                toks = [c for c in mod.children if c.dep_ == "pobj"]   # "soldiers from Afghanistan"
                # "the heads of the CSTO states": the organisation or country naming the object;
                # "a delegation from the guerrilla group National Liberation Army": the group it names
                toks += [m for t in toks for m in t.children if m.dep_ in ("compound", "amod") and m.i < t.i
                         or m.dep_ == "appos" and m.i > t.i]
            else:
                continue
            for t in toks:
                mm = mentions.at(t.i)
                if mm is None and mod.dep_ == "poss" and t.pos_ == "PRON" and country is None and owned is None:
                    owner = self._pronoun(t, mentions, ())
                    owned = owner.country if owner else None
                if mm is None:
                    continue
                if mm.kind == "org":
                    if mm.sector in ("MIL", "GOV", "COP", "REB") and (sector is None or name is None):
                        # "Taliban fighters" -> Taliban; "ANA soldiers" -> ANA
                        name = mm.name
                        # a rebel group's officials and spokesmen speak for the group ("a Taliban
                        # spokesman", "ELN negotiators"): its sector, not the GOV of the role word
                        sector = mm.sector if (sector is None or sector in ("REB", "MIL")
                                               or (sector == "GOV" and mm.sector == "REB")) else sector
                    elif sector is None and mm.sector and aw is None and core.pos_ == "NOUN":
                        # "European Union countries", "NATO members": a head that names no kind of
                        # actor stands for the organisation that modifies it
                        sector, name = mm.sector, name or mm.name
                    country = country or mm.country
                elif mm.kind in ("country", "demonym", "capital"):
                    country = country or mm.country
        country = country or owned
        if country is None or sector is None:
            # "Kofi Annan, UN secretary-general": the apposition codes the name; "Capt. John Okafor, a
            # navy spokesman": the title gives the sector, the apposition the country; "Ruritania's
            # Northern Command (NORCOM)": the country's, the organisation the apposition names
            for ap in core.children:
                if ap.dep_ == "appos" and ap.i > core.i:
                    if country is None and sector is None:
                        return self._code(ap, mentions)
                    c2, s2, n2 = self._code(ap, mentions)
                    if sector is None and s2 and c2 in (None, country):
                        sector, name = s2, n2 or name
                    country = country or c2
                    break
        return country, sector, name

    def _agent(self, core) -> Optional[AgentWord]:
        lemma = core.lemma_.lower()
        # compounds first: "border police", "security forces", "aid workers"
        mods = [c for c in core.children if c.dep_ in ("compound", "amod") and c.i < core.i]
        # "Law Enforcement Forces": a capitalised plural keeps its -s as lemma
        lemmas = [lemma, lemma[:-1]] if core.tag_ == "NNPS" and lemma.endswith("s") else [lemma]
        for k in range(min(len(mods), self.max_agent_words - 1), 0, -1):
            for lem in lemmas:
                key = " ".join([m.lower_ for m in mods[-k:]] + [lem])
                if key in self.agents:
                    return self.agents[key]
        for c in core.children:             # "prisoners of war"; "a state of emergency" is no actor ("-")
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and f"{lemma} of {p.lemma_.lower()}" in self.agents:
                        aw = self.agents[f"{lemma} of {p.lemma_.lower()}"]
                        return None if aw.sector == NOT_AN_ACTOR else aw
        aw = self.agents.get(lemma) or self.agents.get(core.lower_)
        if aw is None and core.tag_ == "NNPS" and lemma.endswith("s"):
            aw = self.agents.get(lemma[:-1])    # "US Marines": a capitalised plural keeps its -s as lemma
        return None if aw is not None and aw.sector == NOT_AN_ACTOR else aw

    def _default_name(self, country: Optional[str], sector: Optional[str], core) -> Optional[str]:
        aw = self._agent(core)
        label = aw.name if aw else None
        cname = self.country_name(country)
        if cname and label:
            return f"{cname} {label}"
        return cname or label

    def _anaphor(self, head, core, text: str, mentions: Mentions, exclude: tuple[Actor, ...]) -> Optional[Actor]:
        """"the group", "the movement", "the country": the last named organisation (or country); a bare
        number as subject ("Thirty-seven had surrendered"): the people named just before."""
        lemma = core.lemma_.lower()
        if core.pos_ == "NUM" and core.dep_ in ("nsubj", "nsubjpass") \
                and not any(c.dep_ == "prep" for c in core.children):
            # "Thirty-seven had surrendered": that many of the people just named
            counted = _counted_before(core)
            if counted is not None:
                # "charged nine people ... The nine were detained": the phrase that gave that number;
                # when it names no actor, the number refers to no one else named nearby
                ante = next((a.actor for a in mentions.history if a.tok == counted.i), None)
                if ante is None or ante.sector is None:
                    return None
                return Actor(text=text, name=ante.name, country=ante.country, sector=ante.sector)
            ante = self._antecedent(core, mentions, plural=True, exclude=exclude)
            if ante is None or ante.sector is None:
                return None
            return Actor(text=text, name=ante.name, country=ante.country, sector=ante.sector)
        if lemma not in self.anaphoric or core.tag_ in ("NNS", "NNPS"):
            return None
        dets = [c for c in core.children if c.dep_ == "det"]
        others = [c for c in core.children if c.dep_ in ("amod", "compound", "poss", "nmod", "prep", "acl",
                                                         "relcl", "nummod")]
        if not dets or dets[0].lower_ not in ("the", "this", "that") or others:
            return None
        kind = "country" if lemma in COUNTRY_ANAPHORS else "org"
        ante = self._antecedent(core, mentions, exclude=exclude, named_kind=kind)
        if ante is None:
            return None
        return Actor(text=text, name=ante.name, country=ante.country, sector=ante.sector)

    def _pronoun(self, head, mentions: Mentions, exclude: tuple[Actor, ...] = (),
                 quantifier: bool = False) -> Optional[Actor]:
        """The antecedent a pronoun refers to, as an actor named by it; ``quantifier``: a bare
        "several", "many" as subject, resolved as "they" is."""
        low = head.lower_
        if quantifier or low in PRONOUNS_PLURAL:
            ante = self._antecedent(head, mentions, plural=True, exclude=exclude)
        elif low in PRONOUNS_THING:
            ante = self._antecedent(head, mentions, plural=False, person=False, exclude=exclude)
        elif low in PRONOUNS_PERSON:
            ante = self._antecedent(head, mentions, plural=False, person=True, exclude=exclude)
        elif low in PRONOUNS_FIRST:
            ante = self._quote_speaker(head, mentions)
        else:
            return None
        if ante is None:
            return None
        return Actor(text=head.text, name=ante.name, country=ante.country, sector=ante.sector)

    def _quote_speaker(self, tok, mentions: Mentions) -> Optional[Actor]:
        """Who says "we" inside a quotation: the coded subject of the speech verb the quotation is
        attributed to in its own sentence ('"... we are investigating," the spokesman said'), else in
        the sentences before it ('... said a spokesman. "We are investigating."'); None outside a
        quotation or when the speaker is not a coded actor."""
        if not _in_quotation(tok):
            return None
        from ..extraction.cues import default_cues
        from ..extraction.roles import subject_of

        speech = default_cues().speech_verbs
        doc = tok.doc
        every = sent_starts(doc)
        for start in _sentence_starts_back(tok, 3):
            k = bisect.bisect_right(every, start)
            sent = doc[start:every[k] if k < len(every) else len(doc)]
            for v in sent:
                if v.lemma_.lower() not in speech or v.pos_ not in ("VERB", "AUX") or _in_quotation(v):
                    continue
                for subj in subject_of(v):      # its nsubj, or a trailing speaker parsed as an apposition
                    if subj.lower_ in PRONOUNS_FIRST:
                        continue
                    known = mentions.last_at(subj.i)
                    actor = known.actor if known is not None else self.actor(subj, mentions, remember=False)
                    if actor is not None and (actor.country or actor.sector):
                        return actor
        return None

    def _antecedent(self, tok, mentions: Mentions, *, plural: Optional[bool] = None, person: Optional[bool] = None,
                    sector: Optional[str] = None, lemma: Optional[str] = None,
                    exclude: tuple[Actor, ...] = (), agents_only: bool = False,
                    named_kind: Optional[str] = None) -> Optional[Actor]:
        """Most salient earlier mention compatible with ``tok`` (a pronoun or a bare description).

        Order of search (after Hobbs): the current sentence right to left before ``tok``, then each
        earlier sentence (up to three back) with its subjects first, left to right. Mentions that
        are the speaker of an "according to" and actors in ``exclude`` (the other arguments of the
        same event: "their posts were captured by X" - "their" is not X) are skipped.
        """
        starts = _sentence_starts_back(tok, 3)
        window_start = starts[-1]
        cur = starts[0]
        earlier = [a for a in mentions.in_sentences(starts) if window_start <= a.tok < tok.i and not a.speaker
                   and not (a.tok >= cur and _dominates(tok.doc[a.tok], tok))]
        same = sorted((a for a in earlier if a.sent == cur), key=lambda a: -a.tok)
        before = sorted((a for a in earlier if a.sent != cur), key=lambda a: (-a.sent, not a.subject, a.tok))
        excluded = {(x.country, x.sector) for x in exclude}
        for a in same + before:
            actor = a.actor
            if person and _in_apposition(tok.doc[a.tok], earlier):
                continue    # "Arayik Harutyunyan, the leader of the region, said he ...": the name, not its description
            if (actor.country, actor.sector) in excluded or (agents_only and a.named):
                continue
            if named_kind is not None:
                m = mentions.at(a.tok)
                if not a.named or m is None or m.kind != named_kind:
                    continue
            if lemma is not None and a.lemma != lemma:
                continue
            if sector is not None and actor.sector != sector:
                continue
            if (lemma is not None or sector is not None) and actor.country is None:
                continue
            if lemma is None and sector is not None and actor.country in NOT_STATES:
                continue    # "the regime", "the police" after "EU ministers": a body of no state has none
            if plural is True and not a.plural:
                continue
            if plural is False and a.plural and a.lemma not in COLLECTIVE:
                continue
            if person is True and (actor.sector not in PERSON_SECTORS or a.plural):
                continue
            if person is False and actor.sector == "CVL":
                continue
            return actor
        return None


@lru_cache(maxsize=None)
def _default_resolver(extra_org_files: tuple[str, ...] = ()) -> ActorResolver:
    from ..extraction.cues import default_cues   # the cue lists live with extract's other cue words

    r = ActorResolver.load(extra_org_files)
    r.anaphoric = default_cues().anaphoric_nouns
    r.stance = default_cues().stance_prefixes
    r.ethnic = default_cues().ethnic_words
    return r


def _norm(s: str) -> str:
    return s.replace("’", "'")


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer   # the English rules the pipeline's model uses


def _tokenize_name(phrase: str) -> list[str]:
    """Split a dictionary name exactly as spaCy splits it in text ("al-Shabaab" -> al - Shabaab)."""
    return [_norm(t.text) for t in _tokenizer()(_norm(phrase.strip()))]


def _ent_len(doc, i: int) -> int:
    """Length of the named entity that token ``i`` is part of."""
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end - start


def _security_context(core, mentions: Mentions) -> Optional[str]:
    """COP or MIL: police when the phrase does what police do ("officers carried out 130 raids",
    "officers arrested 12 people", "officers took part in 40 raids"), else the nearest police or
    military words and actors before ``core`` (this and the two previous sentences), None when there
    are none."""
    doc = core.doc
    if core.dep_ == "nsubj":
        verb = core.head
        acts = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "advcl", "conj")]
        # "officers took part in 130 raids": what the verb or its object leads to through a preposition
        acts += [o for a in acts[:] if a.dep_ != "advcl" for p in a.children if p.dep_ == "prep"
                 for o in p.children if o.dep_ == "pobj"]
        if any(t.lemma_.lower() in POLICE_ACTS for t in acts):
            return "COP"
    start = _sentences_back(core, 2)
    for t in reversed(doc[start:core.i]):
        low = t.lemma_.lower()
        if low in POLICE_WORDS or t.lower_ in POLICE_WORDS:
            return "COP"
        if low in MILITARY_WORDS:
            return "MIL"
    return None


def _modifiers(core) -> list:
    """The head's dependents, plus the modifiers of its compound modifiers ("Japanese" in "Japanese
    Prime Minister Ryutaro Hashimoto", whose head is "Hashimoto")."""
    out = list(core.children)
    stack = [c for c in core.children if c.dep_ == "compound" and c.i < core.i]
    while stack:
        c = stack.pop()
        for m in c.children:
            if m.dep_ in ("amod", "compound", "poss", "nmod") and m.i < c.i:
                out.append(m)
                if m.dep_ == "compound":
                    stack.append(m)
    return out


def _semantic_head(head):
    """'46 members of the Afghan army' -> 'army'; 'hundreds of soldiers' -> 'soldiers'; 'the
    Attorney General's Office' -> 'General'."""
    tok = head
    if tok.lemma_.lower() in OFFICE_HEADS:
        holder = [c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
        holder += [p for o in tok.children if o.dep_ == "prep" and o.lower_ == "of"
                   for p in o.children if p.dep_ == "pobj"]
        if holder:
            tok = holder[0]
    for _ in range(3):
        if tok.lemma_.lower() in PARTITIVE or tok.lower_ in PARTITIVE or tok.pos_ == "NUM":
            of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
            pobj = [p for o in of for p in o.children if p.dep_ == "pobj"]
            if pobj:
                tok = pobj[0]
                continue
        break
    return tok


def _part_country(head, core, mentions: Mentions) -> Optional[str]:
    """The country a partitive head between ``head`` and its semantic head ``core`` names as its own
    ("the Ghanaian contingent of the UN force", "the Kenyan part of the force"), or None."""
    tok = head
    while tok is not core:
        named = _modifier_names(tok, tok.i, mentions)
        if named:
            return named[0].country
        nxt = [p for o in tok.children if o.dep_ == "prep" and o.lower_ == "of" for p in o.children
               if p.dep_ == "pobj"]
        if not nxt:
            return None
        tok = nxt[0]
    return None


def _modifier_names(noun, before: int, mentions: Mentions) -> list:
    """The country names and demonyms (:class:`NameMatch`) among the modifiers of ``noun`` before
    token ``before`` ("Ghanaian" of "the Ghanaian contingent"), in order."""
    return [m for c in noun.children if c.i < before and c.dep_ in ("amod", "compound")
            and (m := mentions.at(c.i)) is not None and m.kind in ("country", "demonym")]


def _sibling_country(head, mentions: Mentions) -> Optional[str]:
    """The one country a country name or demonym modifying the same noun as compound ``head``, before
    it, names ("Ugandan" for "opposition" in "Ugandan opposition candidates"), or None."""
    found = {m.country for m in _modifier_names(head.head, head.i, mentions) if m.country}
    return found.pop() if len(found) == 1 else None


def _included_countries(head, core, mentions: Mentions) -> set[str]:
    """The countries the "including" list of the phrase names its members by ("ten prisoners
    including four Britons and a Swede": GBR, SWE), as demonyms or country names."""
    found = set()
    for tok in {head, core}:
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "including":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for t in [obj, *obj.conjuncts]:
                    m = mentions.at(t.i)
                    if m is not None and m.kind in ("country", "demonym") and m.country:
                        found.add(m.country)
    return found


def _placed_country(head, mentions: Mentions) -> Optional[str]:
    """The country of a capital or country that the phrase of ``head``, or the clause it belongs to,
    is placed "in" or "at" ("the government headquarters in Yerevan"); None when none or several."""
    holders = [head]
    tok = head
    while tok.dep_ in ("compound", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr") and tok.head.i != tok.i:
        tok = tok.head
        holders.append(tok)
        if tok.pos_ in ("VERB", "AUX"):
            break
    found = set()
    for h in holders:
        for prep in h.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACING_PREPS:
                continue
            for obj in prep.children:
                mm = mentions.at(obj.i) if obj.dep_ == "pobj" else None
                if mm is not None and mm.kind in ("capital", "country") and mm.country:
                    found.add(mm.country)
    return found.pop() if len(found) == 1 else None


def _np_span(head) -> tuple[int, int]:
    """Token range of the noun phrase: the head's subtree without clauses, appositions and 'including'."""
    left, right = head.i, head.i
    for c in head.children:
        dep = c.dep_
        if dep in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            continue
        if dep == "prep" and c.lower_ not in ("of",):
            continue
        edge = c.left_edge.i
        if edge < left:
            left = edge
        edge = c.right_edge.i
        if edge > right:
            right = edge
    doc = head.doc
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    text = span_text(doc, left, right + 1)
    if text.count("(") > text.count(")") and right + 1 < len(doc) and doc[right + 1].text == ")":
        right += 1                                      # "the Afghan National Army (ANA)"
    return left, right + 1


def _span_text(doc, span: tuple[int, int]) -> str:
    return span_text(doc, span[0], span[1])


def _sentences_back(tok, n: int) -> int:
    return _sentence_starts_back(tok, n)[-1]


def _in_quotation(tok) -> bool:
    """Whether ``tok`` lies inside a quotation, counting quotation marks from its paragraph's start
    (curly quotes open and close; a straight double quote toggles)."""
    text = doc_text(tok.doc)
    start = line_start(tok.doc, tok.idx)
    depth = 0
    straight = False
    for ch in text[start:tok.idx]:
        if ch == OPEN_QUOTE:
            depth += 1
        elif ch == CLOSE_QUOTE:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def _counted_before(num) -> Any:
    """The noun an earlier phrase counted with the same number as the bare number ``num`` ("nine
    people ... the nine"), in its sentence or the three before it; None when there is none."""
    value = num.lower_
    first = _sentence_starts_back(num, 3)[-1]
    for t in reversed(num.doc[first:num.i]):
        if t.lower_ == value and t.dep_ == "nummod" and t.head.pos_ in ("NOUN", "PROPN"):
            return t.head
    return None


def _sentence_starts_back(tok, n: int) -> list[int]:
    """Start token indexes of ``tok``'s sentence and of up to ``n`` sentences before it, nearest first."""
    every = sent_starts(tok.doc)
    k = bisect.bisect_right(every, tok.i) - 1
    return every[k:k - n - 1 if k > n else None:-1]


def _in_apposition(tok, named: list) -> bool:
    """Whether ``tok`` lies in an apposition to an earlier mention of ``named`` ("Arayik Harutyunyan,
    the leader of the region": "leader", "region"): a description of the one named."""
    x = tok
    for _ in range(4):
        if x.dep_ == "appos" and x.head.i < x.i and any(b.tok == x.head.i for b in named):
            return True
        if x.head.i == x.i or x.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT", "ccomp", "relcl", "acl"):
            return False
        x = x.head
    return False


def _dominates(a, b) -> bool:
    """True when token ``a`` is ``b`` or one of its ancestors-or-descendants' phrase heads containing b."""
    return a.left_edge.i <= b.i <= a.right_edge.i and a.head.i != a.i and a in list(b.ancestors)
