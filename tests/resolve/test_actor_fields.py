"""Actor fields of events: countries and sectors of the doers and the done-to (sentences written
for these tests)."""
from __future__ import annotations

from functools import partial

import wc_helpers
from wc_helpers import codes

from wirecoder.pipeline import PipelineOptions

of_type = partial(wc_helpers.of_type, date="2023-04-12")     # geocoding off unless options are passed third


def test_a_stance_prefix_names_no_country():
    # "pro-Serbian gunmen" back Serbia; they are not Serbia's
    e = of_type("Pro-Serbian gunmen ambushed a ferry crew near the quay at dawn.", "ASSAULT")
    assert "SRB" not in {a.country for a in e.actor}
    e = of_type("Anti-Serbian militants ambushed a ferry crew near the quay at dawn.", "ASSAULT")
    assert "SRB" not in {a.country for a in e.actor}
    # without the prefix the demonym still gives the country
    e = of_type("Serbian gunmen ambushed a ferry crew near the quay at dawn.", "ASSAULT")
    assert "SRB" in {a.country for a in e.actor}


def test_the_infinitive_of_an_event_noun_names_its_recipient():
    # "the refusal to recognise X": X is the one refused
    e = of_type("The split followed Chile's refusal to recognise President Luis Arce of Bolivia.", "REJECT")
    assert "BOL" in {a.country for a in e.recipient}


def test_a_junta_is_the_military():
    e = of_type("Guinea's junta detained two opposition figures in Conakry.", "COERCE")
    assert ("GIN", "MIL") in codes(e.actor)


def test_who_is_held_under_arrest_is_the_recipient():
    e = of_type("Three Kenyan reporters were held under house arrest for a week.", "COERCE")
    assert ("KEN", "MED") in codes(e.recipient)
    # a fight one is drawn "into" has no one done to
    e = of_type("Kenyan police engaged the cattle raiders into a gun duel near the river.", "ASSAULT")
    assert not e.recipient or all(a.sector != "REB" for a in e.recipient)


def test_sectors_of_compound_agent_words():
    # those who lead a protest are protesters
    e = of_type("Riot police detained four protest leaders outside the ministry.", "COERCE")
    assert {a.sector for a in e.recipient} == {"CVL"}
    # a police academy stands for the police, a school for its pupils
    e = of_type("Insurgents bombed a police academy in the northern city.", "ASSAULT")
    assert {a.sector for a in e.recipient} == {"COP"}
    e = of_type("Insurgents bombed a primary school in the northern city.", "ASSAULT")
    assert {a.sector for a in e.recipient} == {"EDU"}
    # a capitalised plural ("Law Enforcement Forces") matches the agent word's singular
    e = of_type("The bloc sanctioned the Law Enforcement Forces of Ruritania over the crackdown.", "SANCTION")
    assert "COP" in {a.sector for a in e.recipient}


def test_meeting_modes_from_place_and_participants():
    placed = PipelineOptions()      # the mode depends on where the talks were held
    # talks held in a state neither side belongs to: a third-party meeting
    e = of_type("Sudan's army and the Rapid Support Forces resumed talks in Jeddah on Tuesday.", "CONSULT", placed)
    assert e.mode == "third-party"
    # talks at home: no mode
    e = of_type("Sudan's army and the Rapid Support Forces resumed talks in Khartoum on Tuesday.", "CONSULT", placed)
    assert e.mode is None
    # the ministers of one intergovernmental body meeting: multilateral
    e = of_type("African Union foreign ministers met in Addis Ababa on Thursday.", "CONSULT", placed)
    assert e.mode == "multilateral"


def test_a_rescue_is_aid_with_no_mode():
    # a rescue by security forces is no humanitarian aid (PLOVER's AID modes: economic, military,
    # humanitarian, asylum); the set codes it AID with no mode
    e = of_type("Police rescued twelve kidnapped farmers from a forest hideout on Sunday.", "AID")
    assert e.mode is None


def test_a_fight_engaged_into_has_both_sides_as_doers():
    e = of_type("The divisional police officer mobilised his men and engaged the kidnappers into a gun duel.",
                "ASSAULT")
    assert {a.sector for a in e.actor} >= {"COP", "REB"}
    assert not e.recipient


def test_generic_victims_beside_named_people_add_no_one():
    e = of_type("Soldiers rescued 40 abducted pupils from a forest on Monday. The army said all the kidnapped "
                "victims were rescued unhurt.", "AID")
    assert {a.sector for a in e.recipient} == {"EDU"}


def test_a_delegation_from_a_named_group_is_of_that_group():
    e = of_type("The army and a delegation from the armed group Arakan Army (AA) will resume talks in Kunming "
                "on Monday.", "CONSULT")
    assert ("MMR", "REB") in codes(e.actor) and "GOV" not in {a.sector for a in e.actor}


def test_a_pronoun_refers_to_the_name_not_its_apposition():
    # the apposition describes the person named; "he" is that person, coded as the name is
    e = of_type("Ilham Aliyev, the head of the delegation, said on Sunday that he signed the accord.", "SUPPORT")
    assert codes(e.actor) == {("AZE", "GOV")}


def test_a_state_sending_troops_on_request_acts_through_its_military():
    e = of_type("Mali's president asked Chad for military help on Monday. Chad sent 300 troops to Mali on "
                "Wednesday.", "AID", PipelineOptions())
    assert ("TCD", "MIL") in codes(e.actor)


def test_a_compound_actor_word_takes_the_demonym_before_it():
    # "opposition" in "Zambian opposition candidates" names the actor; "Zambian" its country
    e = of_type("Riot police detained Zambian opposition candidates outside the court.", "COERCE")
    assert ("ZMB", "OPP") in codes(e.recipient)


def test_recipients_of_a_state_act_at_home_are_of_that_state():
    # placed in Zambia as an act of its own government, so are those it was done to
    e = of_type("The Zambian government banned opposition candidates from the vote.", "COERCE",
                options=PipelineOptions())
    assert e.location is not None and e.location.country == "ZMB"
    assert ("ZMB", "OPP") in codes(e.recipient)
    assert any("recipients without a country" in n.reason for n in e.notes)


def test_a_dative_object_is_the_recipient():
    # "gave Malawi aid" is aid to Malawi
    e = of_type("Zambia gave Malawi two million dollars of aid last year.", "AID")
    assert "MWI" in {a.country for a in e.recipient}


def test_to_names_whom_a_sanction_or_an_ultimatum_is_aimed_at():
    e = of_type("Sweden halted economic aid to Zimbabwe on Friday.", "SANCTION")
    assert "ZWE" in {a.country for a in e.recipient}
    e = of_type("Chad issued an ultimatum to Niger to pull back its troops.", "THREATEN")
    assert "NER" in {a.country for a in e.recipient}


def test_northern_ireland_is_part_of_the_united_kingdom():
    # not the Republic of Ireland, whose name it contains
    e = of_type("Police in Northern Ireland detained two men after a raid on a farm.", "COERCE")
    assert {a.country for a in e.actor} == {"GBR"}


def test_to_names_who_is_refused():
    e = of_type("Togo refused entry to Ghanaian traders at the border post.", "REJECT")
    assert "GHA" in {a.country for a in e.recipient}


def test_police_firing_on_a_crowd_do_it_at_home():
    e = of_type("Malawian police opened fire on the marchers, wounding four people.", "ASSAULT",
                options=PipelineOptions())
    assert e.location is not None and e.location.country == "MWI"
    assert "MWI" in {a.country for a in e.recipient}


def test_people_listed_as_of_several_countries_take_no_earlier_country():
    # "including four Britons and a Swede": mixed nationalities; not the country of the prisoners
    # named in the sentence before
    text = ("Russia freed forty Ukrainian prisoners on Tuesday. Eight prisoners of war including four "
            "Britons and a Swede were also released later that day, the ministry said.")
    released = wc_helpers.events_of_type(text, "RETREAT", date="2023-04-12")
    eight = [a for e in released for a in e.recipient if a.text.startswith("Eight")]
    assert eight and all(a.country is None for a in eight)
    # one named country alone is still not a reason to drop the earlier phrase's
    e = of_type("Ukrainian soldiers and medics including two nurses were freed on Tuesday.", "RETREAT")
    assert "UKR" in {a.country for a in e.recipient}


def test_a_military_government_is_the_military():
    # the armed forces ruling, as a junta is; so the civilian government it ousted stays its target
    e = of_type("The military government seized power from the elected government of Mali in 2020.", "COERCE")
    assert {a.sector for a in e.actor} == {"MIL"}
    assert {a.sector for a in e.recipient} == {"GOV"}
