"""The assemble stage: mentions of one real event become one record; dates never from the clock."""
from __future__ import annotations

import datetime as dt

import pytest

import wirecoder
from wirecoder.assemble import load_assembly_cues
from wirecoder.errors import DataFileError


def _events(text: str, date: str | None = "2021-07-26"):
    return wirecoder.extract(text, date=date)


def test_mentions_of_one_event_are_one_record_with_every_sentence():
    text = ("Rebels attacked an army base in Kunduz province on Sunday, killing 12 soldiers.\n\n"
            "The attack on the base was the deadliest this month, officials said.\n\n"
            "Separately, police arrested 4 men in Herat on Monday.")
    evs = _events(text)
    assault = [e for e in evs if e.event_type == "ASSAULT"]
    assert len(assault) == 1
    (a,) = assault
    assert len(a.mentions) >= 2
    assert {m.sentence for m in a.mentions} >= {
        "Rebels attacked an army base in Kunduz province on Sunday, killing 12 soldiers.",
        "The attack on the base was the deadliest this month, officials said."}
    for m in a.mentions:
        assert text[m.span[0]:m.span[1]] in m.sentence
        assert m.source_span is not None
    assert a.date.value == "2021-07-25"
    assert any(e.event_type == "COERCE" for e in evs)


def test_a_setting_sentence_gives_its_date_and_place_to_the_event_it_refers_to():
    text = ("Dozens of soldiers fled across the border into Pakistan after losing their posts. "
            "The incident took place on Sunday evening in the Chitral district, officials said.")
    evs = _events(text)
    fled = [e for e in evs if e.event_type == "RETREAT"]
    assert fled
    e = fled[0]
    assert e.date is not None and e.date.value == "2021-07-25" and e.date.precision == "day"
    assert e.location is not None and e.location.country == "PAK" and "Chitr" in (e.location.name or "")
    assert any(m.role == "setting" and "took place" in m.sentence for m in e.mentions)


def test_different_dates_or_counts_keep_events_apart():
    text = ("Militants attacked a police post in Kunduz on Sunday, killing 5 policemen. "
            "In a similar incident on July 1, militants attacked a checkpoint in Kunduz, killing 30 policemen.")
    evs = [e for e in _events(text) if e.event_type == "ASSAULT"]
    assert len(evs) == 2
    assert {e.date.value for e in evs} == {"2021-07-25", "2021-07-01"}
    assert [e.background for e in evs] == [False, True]     # July 1: context, weeks before publication


@pytest.fixture
def frozen_clock(monkeypatch):
    """The machine's clock says 2031-03-03: no date may come from it."""
    class Frozen(dt.date):
        @classmethod
        def today(cls):
            return cls(2031, 3, 3)
    monkeypatch.setattr(dt, "date", Frozen)


def test_undated_article_gets_no_date_from_the_machine_clock(frozen_clock):
    """No publication date: relative words resolve to nothing (and say why); absolute dates do."""
    text = ("Gunmen attacked a market in Maiduguri on Thursday, killing three traders. "
            "Police arrested 5 suspects in Kano in August 2021.")
    evs = _events(text, date=None)
    assert evs
    for e in evs:
        assert e.published is None
        if e.event_type == "ASSAULT":
            assert e.date is None
            assert "no publication date" in (e.note("date") or "") and "Thursday" in e.note("date")
        if e.event_type == "COERCE":
            assert e.date is not None and (e.date.value, e.date.precision) == ("2021-08", "month")
        assert e.date is None or not e.date.value.startswith(("2026", "2031"))


def test_undated_article_resolves_relative_dates_against_the_latest_date_it_states(frozen_clock):
    """No publication date but a full date in the text: what is the same for any day up to a week
    after it is kept (at the precision that agrees), with a note; the rest stays empty."""
    text = ("Gunmen attacked a market in Maiduguri on Thursday, killing three traders.\n\n"
            "Police arrested 5 suspects in Kano on 26 August 2021.\n\n"
            "The governor condemned the killings on Monday.\n\n"
            "The ministers will meet in Abuja on Friday.")
    by_type = {e.event_type: e for e in _events(text, date=None)}
    assault, accuse = by_type["ASSAULT"], by_type["ACCUSE"]
    # 26 August 2021 is a Thursday: "Thursday" is that day whether written then or up to 6 days later
    assert (assault.date.value, assault.date.precision) == ("2021-08-26", "day")
    assert "2021-08-26" in assault.note("date")
    # "Monday" is 23 or 30 August depending on the day of writing: only the month is known
    assert (accuse.date.value, accuse.date.precision) == ("2021-08", "month")
    # a planned meeting's later "Friday" is not settled by the stated date: no date
    consult = by_type.get("CONSULT")
    assert consult is None or consult.date is None or consult.date.precision in ("month",)


def test_extract_carries_the_articles_url_title_and_date(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"url": "https://example.org/x", "title": "Attack", "date": "2021-07-26", '
                 '"text": "Rebels attacked an army base in Kunduz on Sunday, killing 12 soldiers."}\n')
    (e,) = [e for e in wirecoder.extract(str(p)) if e.event_type == "ASSAULT"]
    assert (e.url, e.title, e.published) == ("https://example.org/x", "Attack", "2021-07-26")


def test_cue_file_is_validated(tmp_path):
    bad = tmp_path / "assembly.yaml"
    bad.write_text("version: 1\nevent_nouns: [incident]\nsetting_verbs: []\nnew_event_cues: []\n"
                   "background_cues: []\nbackground_days: 7\ncompatible_modes: []\nreciprocal_triggers: []\n"
                   "implied_actors: {}\n")
    with pytest.raises(DataFileError, match="event_nouns"):
        load_assembly_cues(bad)


def test_mentions_flag_keeps_the_sentence_level_view(tmp_path):
    import json
    import subprocess
    import sys

    p = tmp_path / "a.txt"
    p.write_text("Rebels attacked an army base in Kunduz province on Sunday, killing 12 soldiers.\n\n"
                 "The attack on the base in Kunduz was the deadliest this month, officials said.\n")
    def run(*flags):
        out = subprocess.run([sys.executable, "-m", "wirecoder.cli", "extract", "--date", "2021-07-26", *flags, str(p)],
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        return [json.loads(x) for x in out.stdout.splitlines()]
    events, mentions = run(), run("--mentions")
    assert len([e for e in events if e["event_type"] == "ASSAULT"]) == 1
    assert len([e for e in mentions if e["event_type"] == "ASSAULT"]) >= 2
    assert all(len(e["mentions"]) == 1 for e in mentions)


@pytest.mark.parametrize("text, sides", [
    ("Armenia and Azerbaijan exchanged 35 prisoners of war on Thursday, officials said.", ["ARM", "AZE"]),
    ("Ukraine swapped 108 prisoners of war with Russia on Wednesday.", ["RUS", "UKR"])])
def test_an_exchange_between_two_countries_is_one_release_per_side(text, sides):
    evs = _events(text)
    rel = [e for e in evs if e.trigger in ("exchanged", "swapped")]
    assert sorted(c for e in rel for c in {a.country for a in e.actor}) == sides
    for e in rel:
        assert {a.country for a in e.recipient} & (set(sides) - {a.country for a in e.actor})


@pytest.mark.parametrize("text, freed_first, freed_back, back_by", [
    ("Officials in Baku said 40 Armenian soldiers were freed in exchange for 12 Azerbaijani detainees on Friday.",
     "ARM", "AZE", "ARM"),
    ("Three Israeli hostages were exchanged for 90 Palestinian prisoners late on Sunday, mediators said.",
     "ISR", "PSE", "ISR"),
    ("Under the accord, Armenia received 17 of its soldiers in exchange for two Azerbaijani saboteurs.",
     None, "AZE", "ARM")])
def test_an_exchange_for_people_is_two_releases(text, freed_first, freed_back, back_by):
    evs = [e for e in _events(text) if (e.event_type, e.mode) == ("RETREAT", "release")]
    back = [e for e in evs if freed_back in {r.country for r in e.recipient}]
    assert len(back) == 1
    (b,) = back
    assert [a.country for a in b.actor] == [back_by]
    assert "exchange" in (b.note("actor") or "")
    if freed_first:         # the release told, of the other side's people, stays its own record
        first = [e for e in evs if e is not b]
        assert len(first) == 1 and freed_first in {r.country for r in first[0].recipient}
        assert freed_back not in {r.country for r in first[0].recipient}


@pytest.mark.parametrize("text, by, freed, place", [
    ("In exchange, Armenia sent back 20 Azerbaijani detainees and a border guard.", "ARM", "AZE", None),
    ("Six detainees were moved overnight and then transferred to Qatar as part of the swap between the two "
     "governments, a spokesman said.", None, None, "QAT"),
    ("Four hostages, who were flown from Iran to Oman on Tuesday, were part of the exchange, the ministry said.",
     "IRN", None, "OMN")])
def test_people_moved_as_part_of_an_exchange_are_released(text, by, freed, place):
    (rel,) = [e for e in _events(text) if (e.event_type, e.mode) == ("RETREAT", "release")]
    assert [a.country for a in rel.actor if a.country] == ([by] if by else [])
    assert {r.country for r in rel.recipient} == {freed}     # not the people of the place they were taken to
    assert (rel.location.country if rel.location else None) == place


def test_the_undated_half_of_an_exchange_takes_the_day_the_text_gives_the_other_release():
    evs = _events("Forty Armenian soldiers were freed at the border on Thursday after a prisoner swap with Baku.\n\n"
                  "In exchange, Armenia sent back 20 Azerbaijani detainees and a border guard.", date="2021-07-26")
    rel = [e for e in evs if (e.event_type, e.mode) == ("RETREAT", "release")]
    (back,) = [e for e in rel if "AZE" in {r.country for r in e.recipient}]
    assert (back.date.value, back.date.precision) == ("2021-07-22", "day")
    assert "half of an exchange" in back.note("date")


def test_people_sent_back_outside_an_exchange_are_not_released():
    evs = _events("The coast guard sent back 300 migrants and transferred two smugglers to the city jail.")
    assert not [e for e in evs if (e.event_type, e.mode) == ("RETREAT", "release")]


def test_a_release_in_exchange_for_goods_is_one_release():
    evs = _events("The militia released five truck drivers in exchange for fuel and cash on Monday.")
    assert len([e for e in evs if e.event_type == "RETREAT"]) == 1


def test_flights_of_different_kinds_of_doers_are_two_events():
    text = ("Forty border guards fled into Thailand on Sunday after rebels overran their post.\n\n"
            "Residents of nearby villages fled to safer areas, a district official said.")
    fled = [e for e in _events(text) if e.event_type == "RETREAT"]
    assert sorted(a.sector for e in fled for a in e.actor) == ["COP", "CVL"]


@pytest.mark.parametrize("text, triggers", [
    ("Rebels shelled two more villages, soon after claiming they had won the battle over the provincial "
     "capital.", {"shelled", "battle"}),
    ("Militants attacked a police post near the border, two days before the bombing of a market in the city.",
     {"attacked", "bombing"})])
def test_two_acts_of_a_kind_told_one_after_the_other_are_two_events(text, triggers):
    evs = [e for e in _events(text, date="2021-03-10") if e.event_type == "ASSAULT"]
    assert {e.trigger for e in evs} == triggers
    assert all(len(e.mentions) == 1 for e in evs)


@pytest.mark.parametrize("text, sides", [
    ("Soldiers exchanged fire with the militants for two hours near the camp on Sunday.", ["MIL", "REB"]),
    ("The police engaged the kidnappers in a fierce gun battle on Sunday, officials said.", ["COP", "REB"]),
    ("Troops clashed with rebels near the town on Sunday.", ["MIL", "REB"])])
def test_a_gun_battle_has_both_sides_as_doers_and_no_target(text, sides):
    (a,) = [e for e in _events(text) if e.event_type == "ASSAULT"]
    assert sorted(x.sector for x in a.actor) == sides
    assert a.recipient == []


def test_an_attack_on_an_armed_force_keeps_its_target():
    evs = [e for e in _events("Gunmen attacked a police post on Sunday, killing two officers.") if e.event_type == "ASSAULT"]
    assert [x.sector for x in evs[0].actor] == ["REB"]
    assert "COP" in {x.sector for x in evs[0].recipient}


def test_troops_sent_into_a_state_that_asked_for_help_are_aid_to_it():
    text = ("The president of Moldova turned to the alliance for help on Monday as unrest spread.\n\n"
            "Romania sent 300 soldiers to Moldova on Tuesday, officials said.")
    evs = _events(text, date="2023-05-10")
    (aid,) = [e for e in evs if e.trigger == "sent"]
    assert (aid.event_type, aid.mode) == ("AID", "peacekeeping")
    assert [(r.country, r.sector) for r in aid.recipient] == [("MDA", "GOV")]
    assert "asked for help" in (aid.note("type") or "")


def test_troops_sent_abroad_with_no_request_stay_a_mobilisation():
    evs = _events("Romania sent 300 soldiers to Moldova on Tuesday, officials said.", date="2023-05-10")
    assert [e.event_type for e in evs if e.trigger == "sent"] == ["MOBILIZE"]


def test_an_act_dated_long_before_does_not_join_the_undated_news_of_its_type():
    text = ("The 30 fighters who crossed the border have been disarmed, border guards said.\n\n"
            "The junta, which seized power in February 2021, faces growing resistance.")
    coerce = [e for e in _events(text, date="2024-02-06") if e.event_type == "COERCE"]
    assert sorted(e.trigger for e in coerce) == ["disarmed", "seized"]
    (news,) = [e for e in coerce if e.trigger == "disarmed"]
    assert not news.background and len(news.mentions) == 1


def test_a_protest_without_a_named_doer_has_implied_protesters_noted():
    evs = _events("Protests broke out in several cities of Kazakhstan on Sunday over a rise in fuel prices.")
    (p,) = [e for e in evs if e.event_type == "PROTEST"]
    assert [(a.name, a.country, a.sector) for a in p.actor] == [("protesters", "KAZ", "CVL")]
    assert any(n.field == "actor" and "implied" in n.reason for n in p.notes)


def test_a_material_event_with_no_place_in_the_text_takes_the_dateline_marked():
    text = ("Kano, Aug 3 (Reuters) - Gunmen abducted 12 farmers on Monday, residents said.\n\n"
            "The governor condemned the abduction.")
    evs = _events(text, date="2021-08-03")
    (a,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert a.location is not None and a.location.name == "Kano"
    assert "dateline" in (a.note("location") or "")
    # a statement is not placed by the dateline
    assert all(e.location is None for e in evs if e.event_type == "ACCUSE")


def test_dates_that_cannot_mean_the_same_day_keep_mentions_apart():
    from wirecoder.assemble import _disjoint
    from wirecoder.records import EventDate
    day = EventDate("2020-12-19", "day")
    assert _disjoint(day, EventDate("2020-12-07", "week"))        # "about a week ago" vs "on Saturday"
    assert not _disjoint(day, EventDate("2020-12-14", "week"))
    assert not _disjoint(day, EventDate("2020-12", "month"))
    assert _disjoint(day, EventDate("2020-11", "month"))
    assert not _disjoint(day, EventDate("2020-12-20", "publication"))   # a fallback tells nothing


def test_officials_at_talks_abroad_belong_to_the_articles_country_not_the_venue():
    # the venue of a meeting (Caracas) says nothing of who met: "the government" is the government
    # of the country the article's actors are named by (Colombian), and the note says so
    text = ("The government resumed peace talks with the ELN in Caracas, Venezuela, on Monday, Colombian "
            "officials said.\n\nColombia's president said in Bogota that the Colombian delegation would stay "
            "in Venezuela for a week.")
    (talks,) = [e for e in _events(text, "2022-11-22") if e.event_type == "CONSULT"]
    assert talks.location is not None and talks.location.country == "VEN"
    assert [(a.country, a.sector) for a in talks.actor] == [("COL", "GOV")]
    assert "officials without a country placed in the country the article's actors are from (COL)" in \
        talks.note("country")


def test_the_people_of_a_material_event_are_placed_where_it_happened():
    text = ("Gunmen attacked a market in Kabul, Afghanistan, on Sunday, killing 12 civilians, "
            "U.S. officials said. The United States condemned the attack, a U.S. spokesman said.")
    (attack,) = [e for e in _events(text, "2021-07-26") if e.event_type == "ASSAULT"]
    assert {a.country for a in attack.actor} == {"AFG"}
    assert "placed where the event happened (AFG)" in attack.note("country")


def test_an_authority_reporting_an_act_with_no_doer_named_is_its_doer_and_noted():
    evs = _events("The Peruvian Interior Ministry said 300 people have been arrested.", "2022-01-07")
    (arrest,) = [e for e in evs if e.event_type == "COERCE"]
    assert [(a.country, a.sector) for a in arrest.actor] == [("PER", "GOV")]
    assert "reported by The Peruvian Interior Ministry" in arrest.note("actor")
    # a speaker who does not carry out such acts, or a pronoun, fills nothing
    for text in ("Protesters said 20 people had been arrested.", "He said 20 people had been arrested."):
        (arrest,) = [e for e in _events(text, "2022-01-07") if e.event_type == "COERCE"]
        assert arrest.actor == []


def test_the_place_most_mentions_agree_with_wins_over_a_finer_one_named_once_elsewhere():
    from wirecoder.assemble import _best_place
    from wirecoder.records import Location
    kabul = Location(text="Kabul", name="Kabul", country="AFG", admin1="Kabul", precision="town")
    afg = Location(text="Afghanistan", name="Afghanistan", country="AFG", precision="country")
    white_house = Location(text="White House", name="White House", country="USA", precision="exact")
    chitral = Location(text="Chitral", name="Chitral", country="PAK", admin1="Khyber Pakhtunkhwa", precision="district")
    pak = Location(text="Pakistan", name="Pakistan", country="PAK", precision="country")
    assert _best_place([kabul, white_house, afg, None]) is kabul
    # a finer place inside what the other mentions say still wins ("fled to Pakistan" + "in Chitral")
    assert _best_place([pak, pak, chitral]) is chitral
    assert _best_place([None, None]) is None


def test_an_event_placed_only_in_a_country_takes_the_finer_place_the_article_names_most_there():
    text = ("Myanmar border guards fled to Bangladesh on Sunday, officials said.\n"
            "Residents of Teknaf near the border said the guards arrived at dawn.\n"
            "Schools in Teknaf were closed as shells fell nearby.")
    (flight,) = [e for e in _events(text, "2024-02-05") if e.event_type == "RETREAT"]
    assert flight.location is not None and flight.location.name == "Teknāf"
    assert "the text says only Bangladesh" in flight.note("location")


def test_focus_places_keep_nothing_on_a_tie():
    from wirecoder.pipeline import focus_places
    from wirecoder.records import Location
    from wirecoder.resolve.places import Place

    def lit(name, precision, country="BGD"):
        return Place(0, 1, name, Location(text=name, name=name, country=country, precision=precision), "literal")
    assert focus_places([lit("Ghumdhum", "town"), lit("Tambru", "town")]) == {}
    one = focus_places([lit("Ghumdhum", "town"), lit("Tambru", "town"), lit("Ghumdhum", "town"),
                        lit("Bangladesh", "country")])
    assert one["BGD"].name == "Ghumdhum"


def test_an_arrest_with_no_doer_named_takes_the_force_named_just_before_marked():
    text = ("Police raided 130 homes across the country on Wednesday.\n\n"
            "Two people were also arrested in the capital.")
    (arrest,) = [e for e in _events(text, "2022-12-07") if e.event_type == "COERCE" and e.mode == "arrest"]
    assert [a.sector for a in arrest.actor] == ["COP"]
    assert "named just before" in arrest.note("actor")
    # nothing of the kind named nearby: no doer
    (alone,) = [e for e in _events("Two people were arrested in the capital on Wednesday.", "2022-12-07")
                if e.event_type == "COERCE"]
    assert alone.actor == []


def test_no_publication_date_a_caption_date_anchors_the_article_and_dates_the_rest_to_its_month():
    from wirecoder.pipeline import article_timexes
    # the caption clean removed still says when the article was written
    times = article_timexes("Soldiers raided the camp on July 22.", None,
                            furniture=["Protesters at the secretariat in Colombo on July 20, 2022. AP Photo"])
    assert [(t.text, t.value) for t in times.timexes] == [("July 22", "2022-07-22")]
    assert article_timexes("Soldiers raided the camp on July 22.", None).unresolved == ["July 22"]
    text = ("Troops raided the protest camp in Colombo on July 22, 2022, evicting hundreds.\n\n"
            "The U.S. ambassador urged the authorities to exercise restraint.")
    (urge,) = [e for e in _events(text, None) if e.event_type == "REQUEST"]
    assert (urge.date.value, urge.date.precision) == ("2022-07", "month")
    assert "month the article was written in" in urge.note("date")


def test_aid_with_no_recipient_named_goes_to_the_people_where_it_arrives_marked():
    text = ("The first aid convoy in six weeks arrived on Sunday in Bahir Dar, the capital of Amhara.\n\n"
            "Further lorries are on the way, the UN World Food Programme said.")
    (aid,) = [e for e in _events(text, "2022-04-02") if e.event_type == "AID" and e.modality == "asserted"]
    assert [(r.country, r.sector) for r in aid.recipient] == [("ETH", "CVL")]
    assert "the people of" in aid.note("recipient")
    # a country alone says too little of whom it reached: no people of a place are filled in (the
    # country itself is the recipient, as for any material act done in a country)
    (alone,) = [e for e in _events("An aid convoy arrived in Ethiopia on Friday.", "2022-04-02") if e.event_type == "AID"]
    assert [(r.country, r.sector) for r in alone.recipient] in ([], [("ETH", None)])
    assert not alone.note("recipient")


def test_a_title_restating_the_news_is_a_headline_mention_of_the_body_event_and_no_event_of_its_own():
    text = ("Armenian leader signed peace deal with Azerbaijan\n\n"
            "Armenian Prime Minister Nikol Pashinyan said on Tuesday he had signed a deal with Azerbaijan "
            "to end the war over Nagorno-Karabakh.\n\n"
            "Protesters stormed the government headquarters in Yerevan overnight, witnesses said.\n")
    evs = _events(text, "2020-11-10")
    (deal,) = [e for e in evs if e.event_type == "SUPPORT"]
    roles = [m.role for m in deal.mentions]
    assert "headline" in roles and "event" in roles
    assert all(m.role != "headline" for e in evs if e is not deal for m in e.mentions)


def test_each_side_of_a_swap_cites_the_title_that_reports_it():
    text = ("Ukraine says 60 sailors freed in swap with Russia\n\n"
            "Officials in Kyiv said on Monday that Ukraine had swapped 60 prisoners with Russia.\n")
    sides = [e for e in _events(text, "2022-10-17") if e.event_type == "RETREAT"]
    assert {a.country for e in sides for a in e.actor} == {"UKR", "RUS"}
    assert all("headline" in [m.role for m in e.mentions] for e in sides)


def test_arrests_also_made_in_two_more_countries_are_one_event_per_country():
    evs = _events("Police raided 130 homes across Germany on Wednesday and arrested 25 people.\n\n"
                  "Four people were also arrested in Poland and Spain.\n\n"
                  "Two alleged organisers were among those arrested.", date="2022-12-07")
    arrests = [e for e in evs if e.event_type == "COERCE" and e.mode == "arrest"]
    by_country = {e.location.country if e.location else None: e for e in arrests}
    assert {"POL", "ESP"} <= set(by_country), [(e.location, e.sentence) for e in arrests]
    assert all(any("one event per country" in n.reason for n in by_country[c].notes) for c in ("POL", "ESP"))
    # the German police named before are not the doers abroad; the people arrested, whom the text
    # gives no country, are the operation's: the article's focus country's, in every country's event
    evs = _events("Police arrested 25 people in raids in Berlin, Munich and Frankfurt on Wednesday.\n\n"
                  "Four people were also arrested in Poland and Spain.", date="2022-12-07")
    by_country = {e.location.country: e for e in evs if e.mode == "arrest" and e.location}
    assert by_country["DEU"].actor and not by_country["POL"].actor and not by_country["ESP"].actor
    assert {r.country for r in by_country["ESP"].recipient} == {r.country for r in by_country["POL"].recipient} == {"DEU"}
    assert "focus country (DEU)" in by_country["ESP"].note("country")
    # the later report of those arrested joins the first arrests, not the additional ones abroad
    (first,) = [e for e in arrests if not any("one event per country" in n.reason for n in e.notes)]
    assert any("organisers" in m.sentence for m in first.mentions)
    # without "also", a later report stays with the arrests before it
    evs = _events("Police arrested 25 people on Wednesday.\n\nTwo of those arrested were taken to Karlsruhe.",
                  date="2022-12-07")
    assert len([e for e in evs if e.event_type == "COERCE"]) == 1


def test_an_exchange_does_not_take_the_main_events_place():
    # the swap may have happened on either side or a third: unplaced, while a local act named
    # without a place still takes the main event's
    evs = _events("Russian forces shelled Mariupol on Sunday, killing five people.\n\n"
                  "Ukraine swapped 108 prisoners with Russia on Monday.\n\n"
                  "Police later arrested two looters.", date="2022-12-07")
    swaps = [e for e in evs if e.trigger == "swapped"]
    assert swaps and all(e.location is None for e in swaps)
    (arrest,) = [e for e in evs if e.mode == "arrest"]
    assert arrest.location is not None and arrest.location.name == "Mariupol"
    assert any("main event" in n.reason for n in arrest.notes)


def test_a_release_told_as_part_of_a_swap_does_not_take_the_main_events_place():
    evs = _events("Russian forces shelled Mariupol on Sunday, killing five people.\n\n"
                  "Russia freed 90 captured soldiers in a prisoner swap on Monday.\n\n"
                  "Police later arrested two looters.", date="2022-12-07")
    (release,) = [e for e in evs if e.mode == "release"]
    assert release.location is None
    (arrest,) = [e for e in evs if e.mode == "arrest"]
    assert arrest.location is not None and arrest.location.name == "Mariupol"


def test_an_event_told_as_recently_past_is_background_and_undated_not_the_publication_day():
    evs = _events("Gunmen attacked a police post in Gao on Monday, killing three officers.\n\n"
                  "The attack is the first since the army recently took control of the town.", date="2022-03-10")
    (seize,) = [e for e in evs if e.event_type == "COERCE"]
    assert seize.date is None and seize.background
    assert "recently" in seize.note("date")
    (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert attack.date is not None and not attack.background


def test_halting_talks_is_done_to_the_other_party_of_the_talks_the_article_reports():
    evs = _events("The Philippine government and the New People's Army resumed peace talks in Oslo on Monday.\n\n"
                  "The negotiations had been suspended in 2017 by then-President Rodrigo Duterte.", date="2022-11-21")
    (halt,) = [e for e in evs if e.event_type == "SANCTION"]
    assert {(a.country, a.sector) for a in halt.actor} == {("PHL", "GOV")}
    assert {(a.country, a.sector) for a in halt.recipient} == {("PHL", "REB")}
    assert "other party of the talks" in halt.note("recipient")


def test_halting_talks_does_not_take_the_place_of_the_talks_resumed_later():
    evs = _events("The Philippine government and the New People's Army resumed peace talks in Oslo on Monday.\n\n"
                  "The negotiations had been suspended in 2017 by then-President Rodrigo Duterte.", date="2022-11-21")
    (halt,) = [e for e in evs if e.event_type == "SANCTION"]
    assert halt.location is None
    (talks,) = [e for e in evs if e.event_type == "CONSULT"]
    assert talks.location is not None and talks.location.name == "Oslo"


def test_a_mediation_with_no_one_named_is_done_for_the_parties_of_what_it_brought_about():
    evs = _events("Armenia and Azerbaijan exchanged 30 prisoners of war on Tuesday as a result of Qatar's "
                  "mediation.", date="2023-03-08")
    (med,) = [e for e in evs if e.event_type == "CONSULT"]
    assert {a.country for a in med.actor} == {"QAT"}
    assert {a.country for a in med.recipient} == {"ARM", "AZE"}
    assert "parties of" in med.note("recipient")


def test_a_kind_of_actor_compounded_with_an_event_noun_is_what_is_sent_not_who_sends_it():
    evs = _events("The talks stalled after Belarusian President Alexander Lukashenko announced a troop "
                  "mobilisation on Friday.", date="2023-03-08")
    (mob,) = [e for e in evs if e.event_type == "MOBILIZE"]
    assert {a.country for a in mob.actor} == {"BLR"}


def test_the_doer_named_where_an_attack_is_only_referred_to_is_the_attacks_doer():
    evs = _events("A car bomb killed 14 people at a market in Mogadishu on Saturday.\n\n"
                  "The government condemned the attack carried out by al-Shabaab.", date="2023-03-05")
    (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert {a.country for a in attack.actor} == {"SOM"}
    assert attack.sentence.startswith("A car bomb killed")
    assert len(attack.mentions) == 2
    # referred to only, with no event of its kind reported: no record of its own
    evs = _events("The government condemned the attack carried out by al-Shabaab.", date="2023-03-05")
    assert not [e for e in evs if e.event_type == "ASSAULT"]


def test_a_claim_of_responsibility_sets_the_attacker_and_is_no_event_of_its_own():
    text = "A bomb killed 20 people at a checkpoint in Mogadishu on Monday. {}"
    for claim in ("Al-Shabaab claimed responsibility for the attack.",
                  "Officials believe al-Shabaab was responsible."):
        evs = _events(text.format(claim), date="2023-03-07")
        (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
        assert {(a.country, a.sector) for a in attack.actor} == {("SOM", "REB")}, claim
    evs = _events(text.format("No group claimed the attack."), date="2023-03-07")
    (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert not attack.actor
    assert not _events("Al-Shabaab claimed responsibility for the attack.", date="2023-03-07")


def test_victims_named_in_a_sentence_of_their_own_are_the_attacks_recipients():
    evs = _events("Two bombs exploded at a bus station in Quetta on Monday, killing 12 people.\n\n"
                  "Among the dead are four police officers and a Chinese engineer.", date="2023-03-08")
    (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert ("PAK", "COP") in {(a.country, a.sector) for a in attack.recipient}
    assert "CHN" in {a.country for a in attack.recipient}
    assert attack.sentence.startswith("Two bombs exploded")
    # no attack reported: the victims alone make no record
    assert not _events("Among the dead are four police officers.", date="2023-03-08")


def test_victims_said_to_be_among_the_dead_are_the_attacks_recipients():
    # the "be" of a raising verb's clause ("were feared to be among"): its subject is the victims
    evs = _events("A car bomb went off outside a hotel in Mogadishu on Monday, killing nine people.\n\n"
                  "Several Turkish engineers were feared to be among the dead and injured.", date="2023-03-08")
    (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert "TUR" in {a.country for a in attack.recipient}
    assert not _events("Several Turkish engineers were feared to be among the dead.", date="2023-03-08")


def test_an_event_told_only_in_the_past_perfect_with_no_date_is_undated_not_the_publication_day():
    evs = _events("Rebels released 40 prisoners in Kidal on Monday, officials said.\n\n"
                  "Twelve of them had surrendered to the rebels at a border post.", date="2022-03-10")
    (gave_up,) = [e for e in evs if e.event_type == "RETREAT" and "surrendered" in e.sentence]
    assert gave_up.date is None
    assert "had surrendered" in gave_up.note("date")
    (release,) = [e for e in evs if e.event_type == "RETREAT" and "released" in e.sentence]
    assert release.date is not None and release.date.value == "2022-03-07"

def test_a_past_perfect_act_told_as_done_just_before_the_news_takes_the_day_the_story_has_reached():
    # "had already/earlier/initially": the act belongs to the story's time, the last day the text gave
    evs = _events("Bandits raided a farming village in Zamfara on Tuesday night and abducted 15 farmers.\n\n"
                  "Residents said the bandits had earlier attacked a police checkpoint on the highway.",
                  date="2022-03-10")
    (before,) = [e for e in evs if "checkpoint" in e.sentence]
    assert before.date is not None and (before.date.value, before.date.precision) == ("2022-03-08", "day")
    assert "just before the reported time" in before.note("date")
    # with no such adverb the act stays undated (above), and with no day given before it, too
    evs = _events("Residents said the bandits had earlier attacked a police checkpoint on the highway.",
                  date="2022-03-10")
    (before,) = [e for e in evs if "checkpoint" in e.sentence]
    assert before.date is None


def test_an_undated_material_act_told_in_the_simple_past_goes_on_with_the_story_and_its_day():
    text = ("Militants stormed a police post near Mopti on Tuesday night, a local official said.\n\n"
            "Soldiers {} the militants in a gun battle near the post.")
    (battle,) = [e for e in _events(text.format("engaged"), date="2022-03-10") if "gun battle" in e.sentence]
    assert (battle.date.value, battle.date.precision) == ("2022-03-08", "day")
    assert "simple past" in battle.note("date")
    # a perfect tense tells the news as of writing: the publication day
    (battle,) = [e for e in _events(text.format("have engaged"), date="2022-03-10") if "gun battle" in e.sentence]
    assert battle.date.precision == "publication"


def test_a_day_carried_to_a_mention_refines_the_month_another_mention_gives():
    text = ("Soldiers shot a farmer in Gulu last month, rights groups say.\n\n"
            "The farmer, who died on March 9 in hospital, was hurt badly. Witnesses say soldiers shot the farmer "
            "at a checkpoint.")
    evs = [e for e in _events(text, date="2022-04-20") if e.event_type == "ASSAULT"]
    (shot,) = [e for e in evs if len(e.mentions) == 2]
    assert (shot.date.value, shot.date.precision) == ("2022-03-09", "day")


def test_a_plan_for_the_morning_is_dated_the_day_after_the_one_it_is_told():
    # told on Tuesday (published Wednesday): the morning after is Wednesday
    evs = _events("Twenty lorries of food reached Gao on Tuesday evening, the agency said.\n\n"
                  "More lorries of food will be delivered to Gao in the morning, the agency said.",
                  date="2022-05-11")
    (plan,) = [e for e in evs if e.modality == "future"]
    assert (plan.date.value, plan.date.precision) == ("2022-05-11", "day")
    assert "the day after" in plan.note("date")
    # no day told before it: the morning after the publication day
    evs = _events("More lorries of food will be delivered to Gao in the morning, the agency said.",
                  date="2022-05-11")
    (plan,) = [e for e in evs if e.modality == "future"]
    assert plan.date.value == "2022-05-12"



def test_an_undated_event_told_as_during_another_takes_that_events_day_noted():
    evs = _events("Soldiers raided a protest camp in Colombo on Friday, beating dozens of protesters.\n\n"
                  "Eleven students were detained by police officers during the raid.",
                  date="2022-07-24")
    (arrest,) = [e for e in evs if e.event_type == "COERCE" and e.mode == "arrest"]
    assert arrest.date is not None and (arrest.date.value, arrest.date.precision) == ("2022-07-22", "day")
    assert "during the raid" in arrest.note("date")


def test_an_event_n_days_before_the_news_is_dated_from_the_main_events_day_noted():
    evs = _events("Gunmen abducted 40 traders near Funtua on Saturday night, police said.\n\n"
                  "It comes two days after the release of 300 schoolboys held in a forest.", date="2020-12-21")
    (release,) = [e for e in evs if e.event_type == "RETREAT"]
    assert (release.date.value, release.date.precision) == ("2020-12-17", "day")
    assert "main event" in release.note("date")
    # no day for the main event in the text: the offset from the publication day, to the week
    evs = _events("Gunmen abducted 40 traders near Funtua, police said.\n\n"
                  "It comes two days after the release of 300 schoolboys held in a forest.", date="2020-12-21")
    (release,) = [e for e in evs if e.event_type == "RETREAT"]
    assert (release.date.value, release.date.precision) == ("2020-12-14", "week")


def test_an_event_noun_its_clause_only_describes_is_no_new_event():
    evs = _events("Nationwide protests were sparked by the killing of a student in police custody.\n\n"
                  "The protests had been peaceful until Friday.", date="2022-10-17")
    assert not [e for e in evs if e.event_type == "PROTEST"]
    # reported: held, staged, carried out
    evs = _events("Protests were held in Tehran and Mashhad on Friday.", date="2022-10-17")
    assert [e for e in evs if e.event_type == "PROTEST"]


def test_aid_with_no_doer_named_is_the_aid_agency_the_article_names():
    evs = _events("The World Food Programme has warned of famine in northern Ethiopia for months.\n\n"
                  "Fighting in the region began in November 2020.\n\n"
                  "Millions of people there go hungry.\n\n"
                  "Roads into the region had been closed since December.\n\n"
                  "On Friday twenty trucks carrying food aid and other supplies arrived in Mekelle.",
                  date="2022-04-02")
    (aid,) = [e for e in evs if e.event_type == "AID" and e.modality == "asserted"]
    assert {a.sector for a in aid.actor} == {"IGO"}
    assert "first such actor" in aid.note("actor")


def test_a_domestic_act_with_no_place_happens_in_its_doers_country_not_at_the_main_event_abroad():
    # the main event (talks in a third country) lies abroad; a detention by one state's police that
    # its own sentence does not place happened in that state
    text = ("Foreign ministers imposed sanctions on Belarus at a meeting in Brussels on Monday.\n\n"
            "Belarusian police detained 40 protesters last week, rights groups said.")
    evs = _events(text)
    detained = [e for e in evs if e.event_type == "COERCE"]
    assert detained
    e = detained[0]
    assert e.location is not None and e.location.country == "BLR" and e.location.precision == "country"
    assert any("own institutions" in n.reason for n in e.notes if n.field == "location")


def test_acts_in_two_towns_some_way_apart_are_two_events():
    # towns about 45 km apart: two abductions, not one told twice
    text = ("Bandits abducted 20 farmers in Funtua on Saturday, police said.\n\n"
            "Bandits abducted 25 traders in Kankara on Saturday, residents said.")
    evs = [e for e in _events(text, "2020-12-20") if e.event_type == "ASSAULT"]
    assert len(evs) == 2
    assert {e.location.name for e in evs} == {"Funtua", "Kankara"}


def test_a_village_the_gazetteer_lacks_named_as_often_as_its_district_is_where_in_the_country():
    # "Zorbanpara" is a made-up village: the gazetteer lacks it; the text puts it in Bandarban
    text = ("Twenty border guards fled to Bangladesh on Sunday amid heavy fighting.\n\n"
            "Villagers near the Zorbanpara border left their homes.\n\n"
            "Residents of Zorbanpara union in Bandarban said the firing began at dawn.\n\n"
            "Schools in Bandarban were closed.")
    fled = [e for e in _events(text, "2024-02-05") if e.event_type == "RETREAT"]
    assert fled
    loc = fled[0].location
    assert loc is not None and loc.text == "Zorbanpara" and loc.country == "BGD" and loc.lat is not None


def test_the_rescue_noun_reports_the_rescue_and_its_day():
    evs = _events("Police say they have rescued 30 kidnapped travellers in Zamfara State.\n\n"
                  "A police spokesman said officers conducted the rescue mission in the forest on Saturday.", date="2021-03-08")
    (aid,) = [e for e in evs if e.event_type == "AID"]
    assert aid.date.value == "2021-03-06"
    assert len(aid.mentions) == 2


def test_talks_are_not_filled_in_as_held_by_a_state_with_itself():
    text = ("Iranian police arrested 20 protesters in Tehran on Monday.\n\n"
            "The foreign minister met the Iranian envoy on Tuesday.")
    (talks,) = [e for e in _events(text, "2022-04-02") if e.event_type == "CONSULT" and "envoy" in e.sentence]
    assert [a.country for a in talks.actor] != ["IRN"]


def test_a_swap_side_takes_the_count_of_a_release_over_the_swaps_total():
    text = ("Ukraine said on Tuesday it had swapped more than 60 prisoners with Russia.\n\n"
            "\"We freed 64 sailors from captivity,\" a presidential aide said.\n")
    sides = [e for e in _events(text, "2022-10-18") if e.event_type == "RETREAT"]
    assert sides and all(e.size is not None and e.size.people == 64 for e in sides)


def test_a_round_figure_yields_to_an_exact_one_it_allows_and_not_to_another():
    rough = ("More than 40 soldiers fled across the border into Chad on Sunday, officials said. "
             "The army later said 46 soldiers had fled across the border.")
    (e,) = [e for e in _events(rough) if e.event_type == "RETREAT"]
    assert (e.size.people, e.size.qualifier) == (46, "exact")
    from wirecoder.assemble import _refines
    from wirecoder.records import Size
    assert _refines(Size(100, "about"), Size(95, "exact")) and not _refines(Size(100, "about"), Size(60, "exact"))
    assert not _refines(Size(100, "more_than"), Size(100, "exact")) and _refines(Size(100, "at_most"), Size(90, "exact"))


def test_a_plan_the_text_does_not_date_has_no_date():
    text = ("The leaders signed a truce in Moscow on 9 November 2020, officials said.\n\n"
            "The president said peacekeepers would be deployed along the front line.\n")
    for date in (None, "2020-11-10"):
        plans = [e for e in _events(text, date) if e.modality == "future"]
        assert plans and all(e.date is None for e in plans)
        assert all("plan" in (e.note("date") or "") for e in plans)


def test_a_plan_told_with_a_time_of_day_is_about_the_day_it_is_told():
    text = "Nine trucks of food reached the town on Friday.\n\nMore trucks will follow in the morning, the agency said.\n"
    plans = [e for e in _events(text, "2022-04-02") if e.modality == "future"]
    assert plans and all(e.date is not None and e.date.value == "2022-04-02" for e in plans)


def test_an_act_told_as_now_done_takes_no_date_carried_from_its_paragraph():
    text = ("Gunmen on Saturday night seized 30 travellers on a highway near Gusau. "
            "They have now been freed by soldiers, the police said.\n")
    (freed,) = [e for e in _events(text, "2021-07-26") if e.event_type in ("RETREAT", "AID")]
    assert freed.date is not None and freed.date.value == "2021-07-26"


def test_an_act_told_only_in_a_relative_clause_about_someone_is_not_dated_by_the_publication_day():
    text = ("The council has frozen the assets of six officers over the death of a student "
            "who died in hospital after being detained by the police.\n")
    evs = _events(text, "2022-10-18")
    held = [e for e in evs if e.event_type == "COERCE"]
    assert held and all(e.date is None and "relative clause" in (e.note("date") or "") for e in held)
    assert any(e.event_type == "SANCTION" and e.date is not None and e.date.value == "2022-10-18" for e in evs)


def test_peacekeepers_deployed_in_a_region_are_no_aid_to_its_people():
    text = "Kenyan peacekeepers will be sent to Ituri province next week to patrol the buffer zone, the minister said."
    evs = [e for e in _events(text, "2022-04-02") if e.event_type == "AID"]
    assert evs and all(not e.recipient for e in evs)


def test_the_response_to_an_attack_is_another_event():
    text = ("Gunmen ambushed a bus of traders near the market on Friday night.\n\n"
            "Soldiers of the nearby base engaged the gunmen in a gun battle that lasted two hours.")
    evs = [e for e in _events(text, "2022-04-02") if e.event_type == "ASSAULT"]
    assert len(evs) == 2
    assert {a.sector for e in evs for a in e.actor} == {"REB", "MIL"}


def test_aid_placed_by_the_main_event_goes_to_the_people_of_that_place():
    # the follow-up names no place of its own: it takes the first convoy's town, and with it the
    # people of that town as its recipient, as the convoy's own record does
    evs = _events("A convoy of 40 aid trucks from the World Food Programme arrived in Gao on Tuesday.\n\n"
                  "More trucks and medicine will follow on Wednesday morning, the agency said.", date="2023-03-08")
    aid = [e for e in evs if e.event_type == "AID"]
    assert len(aid) == 2
    for e in aid:
        assert e.location is not None and e.location.country == "MLI"
        assert [(r.country, r.sector) for r in e.recipient] == [("MLI", "CVL")]
        assert "where it went" in e.note("recipient")


def test_an_attack_naming_no_target_in_an_exchange_story_is_aimed_at_the_other_side():
    # the two states that swap prisoners are the warring sides: "Eritrea's invasion" names no
    # target and no place; it is aimed at Ethiopia, on its territory (both noted)
    evs = _events("Ethiopia and Eritrea exchanged 40 prisoners of war on Tuesday in a deal brokered by Kenya.\n\n"
                  "It was the first such exchange since Eritrea's invasion in March.", date="2023-06-14")
    (attack,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert {a.country for a in attack.actor} == {"ERI"}
    assert [r.country for r in attack.recipient] == ["ETH"]
    assert attack.location is not None and (attack.location.country, attack.location.precision) == ("ETH", "country")
    assert "other side" in attack.note("recipient") and attack.note("location")
    # with no exchange in the article, nothing is filled in
    evs = _events("It was the first such meeting since Eritrea's invasion in March.", date="2023-06-14")
    assert all(not e.recipient and e.location is None for e in evs if e.event_type == "ASSAULT")


@pytest.mark.parametrize("text", [
    "Norway assisted in arranging the prisoner swap, the ministry said.",
    "Qatar helped broker the truce between the two sides on Monday."])
def test_helping_to_arrange_a_deal_is_mediation(text):
    (ev,) = [e for e in _events(text) if e.event_type == "CONSULT"]
    assert ev.mode == "third-party" and ev.actor and ev.actor[0].country in ("NOR", "QAT")


def test_announcing_talks_is_an_agreement_apart_from_the_talks():
    evs = _events("The foreign ministry announced new talks with the rebel delegation on Thursday.")
    (agree,) = [e for e in evs if e.event_type == "AGREE"]
    assert {a.sector for a in agree.actor} == {"GOV"}
    # an announced past act is that act, not an agreement
    assert not [e for e in _events("The army announced the release of 40 detainees on Thursday.")
                if e.event_type == "AGREE"]


@pytest.mark.parametrize("text, sector", [
    ("The foreign minister told reporters that the truce was a significant step towards lasting peace.", "GOV"),
    ("The rebel spokesman said on Friday that the arrival of the convoy was a step in the right direction.", "REB")])
def test_calling_an_act_a_good_step_praises_it(text, sector):
    (ev,) = [e for e in _events(text) if e.event_type == "SUPPORT"]
    assert [a.sector for a in ev.actor] == [sector]


def test_a_step_of_a_procedure_is_no_praise():
    assert not [e for e in _events("The first step is to count the ballots, election officials said.")
                if e.event_type == "SUPPORT"]


@pytest.mark.parametrize("text, etype, mode", [
    ("The court said the three former ministers would go on trial in May.", "ACCUSE", "allege"),
    ("Two police officers will stand trial next month over the shooting.", "ACCUSE", "allege"),
    ("The president authorized the armed forces to restore order in the capital on Sunday.", "MOBILIZE", "troops"),
    ("The rebel command said it is committed to a ceasefire in the east.", "AGREE", None)])
def test_trials_authorised_forces_and_commitments(text, etype, mode):
    evs = [e for e in _events(text) if e.event_type == etype]
    assert evs and evs[0].mode == mode


def test_an_organisations_deployment_is_also_done_by_the_states_whose_troops_make_up_its_force():
    text = ("The African Union sent peacekeepers to Somalia on Tuesday, officials said.\n\n"
            "The first of them were Kenyan paratroopers, who landed at the airport, the ministry added.\n")
    (aid,) = [e for e in _events(text, "2023-03-08") if e.event_type == "AID"]
    assert {a.country for a in aid.actor} == {"IGO", "KEN"}
    assert any(n.field == "actor" and "contingent" in n.reason for n in aid.notes)


def test_a_states_troops_sent_at_the_request_made_to_an_organisation_are_also_its_force():
    text = ("The president of Lesotho asked the regional bloc SADC for help on Monday.\n\n"
            "The peacekeeping forces of the Southern African Development Community began their work. "
            "South Africa sent 500 soldiers to Lesotho on Tuesday.\n")
    (aid,) = [e for e in _events(text, "2023-03-08") if e.event_type == "AID"]
    assert {a.country for a in aid.actor} == {"ZAF", "IGO"}


def test_a_states_contingent_of_an_organisations_force_is_that_states():
    text = ("The Ghanaian contingent of the United Nations peacekeeping force arrived in Mali on Monday. "
            "Ghana sent 200 soldiers to Mali after its president asked for help.\n")
    evs = _events(text, "2023-03-08")
    (aid,) = [e for e in evs if e.trigger == "sent"]
    assert {a.country for a in aid.actor} == {"GHA"}


def test_who_announces_a_trial_brings_it():
    (ev,) = [e for e in _events("The separatists said on Monday that the captured pilots would go on trial.")
             if e.event_type == "ACCUSE"]
    assert [a.sector for a in ev.actor] == ["REB"] and ev.note("actor")
def test_a_government_dismissed_by_its_own_president_is_placed_in_its_country():
    # a concession (assembly.yaml home_acts CONCEDE) is placed at home though it is no material act;
    # the main event's town in that country is not taken for it (only material acts take it)
    for text in ("The president of Georgia dismissed the cabinet on Wednesday, his office said.",
                 "Thousands of protesters rallied in Tbilisi on Tuesday over fuel prices.\n\n"
                 "On Wednesday the president of Georgia dismissed the cabinet."):
        (e,) = [e for e in _events(text) if e.event_type == "CONCEDE"]
        assert e.location is not None and e.location.country == "GEO" and e.location.precision == "country"
        assert "own institutions" in e.note("location")


def test_a_place_from_earlier_in_the_paragraph_is_the_finest_of_a_chain_of_places():
    # "near A, B state": the paragraph's last place is the state around A; an act told next with no
    # place of its own took it, and takes A now
    evs = _events("Bandits kidnapped 12 farmers near Birnin Gwari, Kaduna state, on Tuesday. "
                  "The farmers were later freed by police.")
    (freed,) = [e for e in evs if e.event_type == "RETREAT"]
    assert freed.location is not None and freed.location.name == "Birnin Gwari"


def test_a_place_of_the_act_of_a_participant_described_by_the_trigger_is_not_the_triggers():
    # the agreement only describes the students: the march's place is not where it was made
    evs = _events("Hundreds of students angered by the ceasefire agreement marched through the streets "
                  "of Baku on Tuesday.")
    (deal,) = [e for e in evs if e.event_type == "AGREE"]
    assert deal.location is None
    (march,) = [e for e in evs if e.event_type == "PROTEST"]
    assert march.location is not None and march.location.name == "Baku"


def test_a_name_the_gazetteer_lacks_is_placed_where_the_article_places_it_once():
    # "Tonkabati union in Bandarban" places the name once; named alone later, it is the same place
    evs = _events("Heavy gunfire was heard near Tonkabati union in Bandarban on Sunday, residents said.\n\n"
                  "By Monday hundreds of families in Tonkabati had fled to relatives further inland.")
    (fled,) = [e for e in evs if e.event_type == "RETREAT"]
    assert fled.location is not None and fled.location.country == "BGD"
    assert fled.location.text == "Tonkabati"




def test_more_of_them_is_another_act_of_the_kind():
    text = ("Government troops captured the town of Abra on Sunday, the army said.\n\n"
            "The army also said it had captured two more villages in the valley.\n")
    caps = [e for e in _events(text, "2023-03-08") if e.trigger == "captured"]
    assert len(caps) == 2
    # "more than" is a count, not more of them
    text = ("Government troops captured the town of Abra on Sunday, the army said.\n\n"
            "The army said more than 200 soldiers had captured the town.\n")
    assert len([e for e in _events(text, "2023-03-08") if e.trigger == "captured"]) == 1


def test_people_arrested_in_an_article_about_a_plot_against_the_government_are_its_plotters():
    text = ("Police in Ruritania said on Tuesday they had foiled a plot to overthrow the president.\n\n"
            "Fourteen people were arrested in raids across the capital, officials said.\n")
    (arrest,) = [e for e in _events(text, "2023-05-09") if (e.event_type, e.mode) == ("COERCE", "arrest")]
    assert [r.sector for r in arrest.recipient] == ["REB"] and arrest.note("recipient")
    plain = "Fourteen people were arrested in raids across the capital on Tuesday, officials said.\n"
    (arrest,) = [e for e in _events(plain, "2023-05-09") if (e.event_type, e.mode) == ("COERCE", "arrest")]
    assert [r.sector for r in arrest.recipient] == ["CVL"]


def test_a_raid_in_an_article_about_a_plot_is_done_to_the_plotters():
    # a doer and no one named it was done to: the alleged plotters, in the country of the story
    text = ("Police in Portugal said on Tuesday they had uncovered a plot to topple the government.\n\n"
            "Officers raided 40 homes near Lisbon before dawn, a police spokesman said.\n")
    (raid,) = [e for e in _events(text, "2023-05-09") if (e.event_type, e.mode) == ("COERCE", "seize")]
    assert [(r.country, r.sector) for r in raid.recipient] == [("PRT", "REB")] and raid.note("recipient")
    plain = "Officers raided 40 homes near Lisbon before dawn on Tuesday, a police spokesman said.\n"
    (raid,) = [e for e in _events(plain, "2023-05-09") if (e.event_type, e.mode) == ("COERCE", "seize")]
    assert raid.recipient == []


def test_officials_talking_to_the_other_side_are_of_the_country_the_article_is_set_in():
    # the article's actors are mostly Myanmar's, but "we" talk to the Myanmar government: not its own
    # officials; those of the country the article's places are in
    text = ("Forty Myanmar soldiers crossed into Bangladesh on Sunday after Myanmar rebels overran their post, "
            "Myanmar media said.\n\n"
            "They are being held at a school in Teknaf, in Cox's Bazar district, police said.\n\n"
            "The home minister told reporters: \u201cWe are in talks with the Myanmar government about sending "
            "them back.\u201d\n")
    (talks,) = [e for e in _events(text, "2024-02-05") if e.event_type == "CONSULT"]
    assert [(a.country, a.sector) for a in talks.actor] == [("BGD", "GOV")] and talks.note("country")
    assert [(a.country, a.sector) for a in talks.recipient] == [("MMR", "GOV")]


def test_forces_on_alert_are_mobilised():
    text = "The minister said the situation was calm, with the army and the police on high alert along the border."
    (mob,) = [e for e in _events(text) if e.event_type == "MOBILIZE"]
    assert {a.sector for a in mob.actor} == {"MIL", "COP"} and mob.mode == "troops"
    assert not [e for e in _events("The farmers said the villages were calm, with the herders on high alert.")
                if e.event_type == "MOBILIZE"]


def test_a_withdrawal_is_placed_where_the_troops_left():
    (e,) = [e for e in _events("The government said it would withdraw its troops from Iraq by September.")
            if e.event_type == "RETREAT"]
    assert e.location is not None and e.location.country == "IRQ"
    # a destination still outranks the place left behind
    (e,) = [e for e in _events("Forty Malian soldiers fled from their base into Niger on Sunday.")
            if e.event_type == "RETREAT"]
    assert e.location is not None and e.location.country == "NER"


def test_those_who_went_into_a_country_are_not_of_it():
    (e,) = [e for e in _events("Forty soldiers fled into Chad on Sunday.") if e.event_type == "RETREAT"]
    assert e.location is not None and e.location.country == "TCD"
    assert e.actor and e.actor[0].country is None and e.actor[0].sector == "MIL"


def test_aid_delivered_to_a_town_is_placed_there():
    (e,) = [e for e in _events("A relief convoy delivered 90 tonnes of food to the besieged town of Kaya "
                               "in central Burkina Faso on Monday.", "2022-11-08") if e.event_type == "AID"]
    assert e.location is not None and e.location.name == "Kaya" and e.location.country == "BFA"


def test_officials_are_not_placed_in_a_un_agency():
    # the article's actors are mostly a UN agency: a bare government is no "UN government"
    evs = _events("The World Food Programme said its trucks were waiting. The World Food Programme asked "
                  "for access. Officials of the government later agreed to let the convoys pass.", "2022-04-02")
    (e,) = [e for e in evs if e.event_type == "AGREE"]
    assert e.actor and e.actor[0].sector == "GOV" and e.actor[0].country not in ("UNO", "IGO", "NGO")


def test_an_act_told_after_a_sequence_word_or_in_a_relative_clause_is_not_dated_by_the_clause_before():
    # the day of the clause it follows is that clause's act, not the earlier resignation or flight;
    # a year is kept (the act before often falls in it)
    text = ("The new governor took office on Tuesday, following the resignation of the mayor "
            "who fled to the coast amid the floods.\n")
    evs = _events(text, "2023-03-09")
    before = [e for e in evs if e.event_type == "RETREAT"]
    assert before and all(e.date is None for e in before)
    text = "Talks were halted by the mayor in 2017 after a bomb attack on a bus that killed nine people.\n"
    attacks = [e for e in _events(text, "2023-03-09") if e.event_type == "ASSAULT"]
    assert attacks and all(e.date is not None and e.date.value == "2017" for e in attacks)
