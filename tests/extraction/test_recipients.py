"""Recipients from objects' owners, prepositions of objects, complements and places; coreference
of "the group" and definite event nominals (sentences written for these tests)."""
from __future__ import annotations

from functools import partial

from wc_helpers import codes, countries, events_of_type

import wirecoder
from wirecoder.pipeline import PipelineOptions

OPTS = PipelineOptions(geocode=False)


def events(text):
    return wirecoder.extract(text, date="2022-03-10", options=OPTS)


of_type = partial(events_of_type, options=OPTS, date="2022-03-10")


def test_preposition_of_the_object_noun():
    e = of_type("The European Union imposed new sanctions on the Malian junta.", "SANCTION")[0]
    assert "MLI" in countries(e.recipient)


def test_owner_of_the_object_is_the_recipient():
    e = of_type("Chile rejected Bolivia's proposal for talks on Tuesday.", "REJECT")[0]
    assert countries(e.recipient) == {"BOL"}
    e = of_type("Nepal rejected renewed calls by Indian officials to reopen the crossing.", "REJECT")[0]
    assert countries(e.recipient) == {"IND"}


def test_complement_clause_object_and_preposition():
    e = of_type("Ghana threatened to break off relations with Togo.", "THREATEN")[0]
    assert countries(e.recipient) == {"TGO"}


def test_subject_of_a_demanded_clause():
    e = of_type("Peru demanded that Ecuador withdraw its troops from the border.", "REQUEST")[0]
    assert countries(e.recipient) == {"ECU"}


def test_titled_names_get_country_and_sector_from_the_title():
    e = of_type("Finnish Prime Minister Anna Lindqvist hosted Estonian President Mart Tamm.", "CONSULT")[0]
    assert codes(e.actor) == {("FIN", "GOV")}
    assert codes(e.recipient) == {("EST", "GOV")}


def test_recipient_description_is_not_the_actor():
    e = of_type("The Zambian finance minister met union leaders in Lusaka on Friday.", "CONSULT")[0]
    assert codes(e.actor) == {("ZMB", "GOV")}
    assert codes(e.recipient) == {(None, "LAB")}


def test_place_country_is_the_target_of_a_material_event():
    e = of_type("Serbia lifted the night curfew in Montenegro on Sunday.", "CONCEDE")[0]
    assert countries(e.recipient) == {"MNE"}


def test_one_recipient_per_coding():
    e = of_type("Gunmen ambushed a Malian army convoy, killing 11 soldiers.", "ASSAULT")
    assert len(e) == 1
    assert sorted(codes(e[0].recipient)) == [("MLI", "MIL")]


def test_the_group_refers_to_the_last_named_organisation():
    text = ("Al-Shabaab fighters attacked a base near Kismayo on Monday. "
            "The group has captured three villages since June.")
    e = [x for x in events(text) if x.trigger == "captured"][0]
    assert e.actor and e.actor[0].sector == "REB" and e.actor[0].name


def test_definite_event_nominal_refers_back_and_adds_no_event():
    text = ("Boko Haram militants attacked a village in Borno state on Monday, killing 12 people. "
            "The army did not comment on the attack.")
    assert len([e for e in events(text) if e.event_type == "ASSAULT"]) == 1


def test_passive_without_agent_takes_the_doer_of_the_same_nominal_event():
    text = ("Nigerian troops repelled the insurgents with the help of air strikes on Sunday. "
            "Dozens of Boko Haram fighters were killed in the air strikes.")
    e = [x for x in events(text) if "Dozens" in x.sentence and x.event_type == "ASSAULT"][0]
    assert codes(e.actor) == {("NGA", "MIL")}
    assert e.mode == "aerial"


def test_officers_are_police_after_police_mentions():
    text = ("Police arrested 20 protesters outside parliament, a police spokesman said. "
            "Witnesses said officers fired tear gas at the crowd.")
    e = of_type(text, "ASSAULT")[0]
    assert {a.sector for a in e.actor} == {"COP"}


def test_a_month_in_a_dateline_is_not_a_march():
    assert not [e for e in events("NAIROBI, March 14, 2023 - Kenya's parliament passed the budget.")
                if e.trigger == "March"]


def test_a_state_of_emergency_is_a_measure_not_a_recipient():
    (e,) = of_type("On Monday, the Peruvian President introduced a state of emergency across the nation.", "COERCE")
    assert codes(e.actor) == {("PER", "GOV")} and e.recipient == []
    (e,) = of_type("A state of emergency has now been introduced across the region.", "COERCE")
    assert e.recipient == [] and e.actor == []
    # the state itself still acts
    (e,) = of_type("The state arrested 20 protesters in the capital.", "COERCE")
    assert ("GOV" in {a.sector for a in e.actor})


def test_a_country_that_attacks_acts_through_its_armed_forces():
    (e,) = of_type("Russia attacked Ukraine in February.", "ASSAULT")
    assert codes(e.actor) == {("RUS", "MIL")}
    # a statement by the country stays its government's; a named government stays GOV
    (e,) = of_type("Russia condemned the attack on its embassy.", "ACCUSE")
    assert codes(e.actor) == {("RUS", "GOV")}
    (e,) = of_type("The Russian government attacked the opposition's offices.", "ASSAULT")
    assert codes(e.actor) == {("RUS", "GOV")}


def test_the_target_of_an_attack_noun_is_what_its_verb_acts_upon():
    (attack,) = of_type("As many as four French soldiers were wounded in a blast near the base.", "ASSAULT")
    assert codes(attack.recipient) == {("FRA", "MIL")}


def test_a_request_goes_to_whom_it_is_turned_to():
    (req,) = of_type("Late last year, Tshisekedi turned to the African Union for help against the rebels.", "REQUEST")
    assert codes(req.recipient) == {("IGO", "IGO")}


def test_a_participle_after_a_verb_acts_on_that_verbs_subject():
    evs = of_type("Demonstrations spread over the death of a young Iranian woman who died after being "
                  "arrested by the religious police.", "COERCE")
    assert codes(evs[0].recipient) == {("IRN", "CVL")}


def test_a_person_introduced_with_a_country_keeps_it_when_named_again_by_surname():
    text = ("Moldova got 15 detainees back in exchange for Andrei Lupu, Moldova's best-known "
            "pro-Kremlin politician. Lupu was arrested in May.")
    (arrest,) = [e for e in of_type(text, "COERCE") if e.trigger == "arrested"]
    assert countries(arrest.recipient) == {"MDA"}


def test_the_owner_named_before_a_facility_is_its_target():
    (attack,) = of_type("Gunmen attacked a police station in Kano on Sunday.", "ASSAULT")
    assert {a.sector for a in attack.recipient} == {"COP"}


def test_a_clash_retyped_as_a_riot_keeps_whom_the_rioters_clashed_with():
    (riot,) = of_type("Protesters clashed with security forces in the capital on Tuesday.", "PROTEST")
    assert riot.mode == "riot" and {a.sector for a in riot.recipient} == {"MIL"}


def test_territory_taken_is_no_target():
    (seize,) = of_type("The militia took control of the entire country within a month.", "COERCE")
    assert seize.recipient == []


def test_an_act_naming_no_target_is_done_to_those_of_its_own_kind_under_the_same_verb():
    # the raids' targets are the people arrested in them
    evs = events("Kenyan police carried out a wave of raids in Mombasa on Tuesday, arresting 14 suspected smugglers.")
    raid = next(e for e in evs if e.trigger == "raids")
    arrest = next(e for e in evs if e.trigger == "arresting")
    assert raid.recipient and {r.text for r in raid.recipient} == {r.text for r in arrest.recipient}
    # another kind of act under the same verb lends it nothing
    evs = events("Kenyan police carried out a wave of raids in Mombasa on Tuesday, angering local leaders.")
    assert not next(e for e in evs if e.trigger == "raids").recipient


def test_the_country_a_force_withdraws_from_is_a_place_not_a_recipient():
    evs = events("Fighting continued in Mali. French troops withdrew from the country on Friday.")
    e = next(e for e in evs if e.event_type == "RETREAT")
    assert countries(e.actor) == {"FRA"} and not e.recipient


def test_a_mobilisation_is_aimed_at_whom_it_sets_out_to_arrest():
    (e,) = of_type("Soldiers were patrolling the valley with a view to capturing the fleeing insurgents.", "MOBILIZE")
    assert {a.sector for a in e.recipient} == {"REB"}
    # an act in a clause that only describes the place is not the purpose
    (e,) = of_type("The army deployed troops to the area where rebels abducted 20 villagers.", "MOBILIZE")
    assert not e.recipient


def test_school_pupils_and_armed_men_are_coded_by_their_kind():
    # written for this test: armed men are an armed group, pupils and a school the education sector
    e = of_type("Armed men stormed a boarding school in Kaduna State and abducted dozens of pupils.", "ASSAULT")[0]
    assert {a.sector for a in e.actor} == {"REB"}
    assert "EDU" in {a.sector for a in e.recipient}
    e = of_type("Police rescued 40 kidnapped schoolgirls in Zamfara State on Sunday.", "AID")[0]
    assert {a.sector for a in e.recipient} == {"EDU"}


def test_a_group_named_inside_the_targets_is_a_target_too():
    e = of_type("A suicide bomber killed dozens of people, including 9 Turkish soldiers, in Idlib on Monday.",
                "ASSAULT")[0]
    assert ("TUR", "MIL") in codes(e.recipient)
    assert any(a.sector == "CVL" for a in e.recipient)


def test_whom_a_request_asks_the_thing_from():
    e = of_type("The Malian government asked for help from the African Union on Tuesday.", "REQUEST")[0]
    assert "IGO" in countries(e.recipient)


def test_an_objects_modifier_names_its_kind_for_the_lexicon():
    e = of_type("The African Union sent a peacekeeping contingent to Somalia on Monday.", "AID")[0]
    assert e.mode == "peacekeeping"


def test_the_regime_after_an_intergovernmental_body_is_a_states_and_several_are_those_just_named():
    evs = events("African Union ministers met in Addis Ababa on Monday to discuss Sudan, with several "
                 "condemning the regime's violent crackdown on protests.")
    (acc,) = [e for e in evs if e.event_type == "ACCUSE"]
    assert {a.country for a in acc.actor} == {"IGO"}
    assert "IGO" not in {a.country for a in acc.recipient}


def test_a_crackdown_on_protests_is_done_to_the_protesters():
    e = of_type("Security forces in Tehran launched a violent crackdown on protests on Saturday.", "COERCE")[0]
    assert {a.sector for a in e.recipient} == {"CVL"}
    assert "protest" in e.note("recipient")


def test_give_is_a_light_verb_for_the_event_noun_it_takes():
    e = of_type("Chad's president said on Sunday that he gave his agreement to the peace plan.", "AGREE")[0]
    assert countries(e.actor) == {"TCD"}


def test_the_participle_phrase_of_the_object_names_whom_it_is_aimed_at():
    # "sanctions imposed on X", "warrants issued against X": lifting them is done to X
    e = of_type("Brazil's government eased the sanctions imposed on Venezuelan officials last year.", "CONCEDE")[0]
    assert ("VEN", "GOV") in codes(e.recipient)
    e = of_type("The Peruvian court suspended two warrants previously issued against the leaders of the Shining Path.",
                "CONCEDE")[0]
    assert countries(e.recipient) == {"PER"}


def test_the_of_phrase_of_an_event_noun_that_takes_an_object_is_its_target():
    e = of_type("Parents gathered a week after the release of 120 pupils of a Nigerian boarding school.",
                "RETREAT")[0]
    assert ("NGA", "EDU") in codes(e.recipient)
    e = of_type("The abduction of 30 Nigerian farmers on Sunday drew condemnation.", "ASSAULT")[0]
    assert ("NGA", "CVL") in codes(e.recipient)
    # not for nouns whose "of" phrase is the doer
    e = of_type("The withdrawal of Kenyan troops began on Monday.", "RETREAT")[0]
    assert not e.recipient and countries(e.actor) == {"KEN"}


def test_we_in_a_quote_is_its_speaker():
    e = of_type("“We have detained eleven smugglers near the port,” the police chief said.", "COERCE")[0]
    assert e.actor and e.actor[0].text == "We" and e.actor[0].sector in ("MIL", "COP")
    # a quote that goes on in the next paragraph keeps its speaker
    text = ("Asked about the camps, Minister of Interior Affairs Jane Roe said, “The border is calm.”\n\n"
            "“We are talking with the Ruritanian government about the refugees.”")
    e = of_type(text, "CONSULT")[0]
    assert {a.sector for a in e.actor} == {"GOV"} and e.actor[0].text == "We"


def test_we_outside_quotes_or_far_from_a_speaker_is_not_coded():
    text = ("Asked about the camps, Minister of Interior Affairs Jane Roe said, “The border is calm.”\n\n" + "Trade fell again. " * 60
            + "\n\n“We are talking with the Ruritanian government about the refugees.”")
    assert all(not e.actor for e in of_type(text, "CONSULT"))
    assert all(not e.actor for e in of_type("We are talking with the Ruritanian government.", "CONSULT"))


def test_the_republic_refers_back_to_the_country_named_before():
    text = ("Floods hit the north of Malawi on Monday, officials said. "
            "Zambia sent food and medicine to the republic on Wednesday.")
    (aid,) = [e for e in wirecoder.extract(text, date="2023-03-09") if e.event_type == "AID"]
    assert [(r.country, r.text) for r in aid.recipient] == [("MWI", "the republic")]


def test_power_seized_from_a_government_is_seized_from_it():
    text = "Army officers seized power from the civilian government in a coup on Tuesday, witnesses said."
    evs = [e for e in wirecoder.extract(text, date="2023-03-09") if e.event_type == "COERCE"]
    assert evs and [r.sector for r in evs[0].recipient] == ["GOV"]


def test_people_who_may_have_been_caught_in_an_attack_are_not_its_named_targets():
    text = ("Officials gave no figure for civilians who might have been hurt in the explosion "
            "at the market in Gao on Friday.")
    evs = [e for e in wirecoder.extract(text, date="2023-03-11") if e.event_type == "ASSAULT"]
    assert evs and all(not e.recipient for e in evs)
    sure = "Four civilians were hurt in the explosion at the market in Gao on Friday, officials said."
    evs = [e for e in wirecoder.extract(sure, date="2023-03-11") if e.event_type == "ASSAULT"]
    assert evs and [r.sector for r in evs[0].recipient] == ["CVL"]



def test_threat_is_aimed_at_whom_its_condition_binds():
    e = of_type("Chile threatened to recall its ambassador unless Peru withdrew the new tariffs.", "THREATEN")[0]
    assert countries(e.recipient) == {"PER"}
    e = of_type("Finland threatened sanctions if Sweden joined the pact.", "THREATEN")[0]
    assert countries(e.recipient) == {"SWE"}


def test_whose_the_prepositional_object_is():
    e = of_type("The president finally yielded to fresh demands from UNITA over the elections.", "CONCEDE")[0]
    assert countries(e.recipient) == {"AGO"}


def test_capital_as_the_by_agent_is_its_government():
    e = of_type("Lithuania demanded compensation by Moscow for the damage.", "REQUEST")[0]
    assert countries(e.recipient) == {"RUS"}


def test_parties_of_a_mediation_are_its_recipients():
    e = of_type("Norway's mediation between Chile and Bolivia resumed on Monday.", "CONSULT")[0]
    assert countries(e.recipient) == {"CHL", "BOL"}


def test_spelling_variants_of_country_names():
    e = of_type("Kazakhstan held talks with Afganistan on Monday.", "CONSULT")[0]
    assert countries(e.recipient) == {"AFG"}
    e = of_type("Thailand held talks with Kampuchean officials on Monday.", "CONSULT")[0]
    assert countries(e.recipient) == {"KHM"}


def test_ethnic_demonym_gives_no_country():
    e = of_type("Police arrested five ethnic Hungarians in a village near Cluj on Monday.", "COERCE")[0]
    assert "HUN" not in countries(e.recipient)


def test_threatened_act_in_a_capital_targets_its_country():
    e = of_type("The governor threatened to impose a curfew in Nairobi after the riots.", "THREATEN")[0]
    assert countries(e.recipient) == {"KEN"}


def test_material_event_in_a_province_a_country_names():
    e = of_type("The ministry relaxed the emergency rules in Kosovo province on Sunday.", "CONCEDE")[0]
    assert countries(e.recipient) == {"XKX"}
    e = of_type("A US drone strike in Kabul province killed two militants.", "ASSAULT")[0]
    assert "USA" not in countries(e.recipient)


def test_investigation_into_acts_by_someone():
    e = of_type("Prosecutors opened an investigation into killings committed by Ugandan soldiers.", "ACCUSE")[0]
    assert countries(e.recipient) == {"UGA"}


def test_demand_noun_with_its_that_clause():
    e = of_type("The union repeated its demand that Chile lift the export ban.", "REQUEST")[0]
    assert countries(e.recipient) == {"CHL"}


def test_whom_a_protest_is_against_when_told_as_its_reason():
    e = of_type("Hundreds of miners went on hunger strike to protest against Chile's new mining law.", "PROTEST")[0]
    assert countries(e.recipient) == {"CHL"}
    e = of_type("Thousands of farmers rallied in Lima in defiance of Peruvian police on Monday.", "PROTEST")[0]
    assert countries(e.recipient) == {"PER"}


def test_a_visit_told_with_its_verb_targets_the_place():
    e = of_type("The Kenyan president arrived in Kampala on a two-day visit.", "CONSULT")[0]
    assert countries(e.recipient) == {"UGA"}


def test_refuge_sought_in_a_country_is_asked_of_it():
    e = of_type("Thousands of Somalis sought refuge in Kenya in March.", "REQUEST")[0]
    assert countries(e.recipient) == {"KEN"}


def test_possessive_pronoun_does_not_override_a_named_organisation():
    e = of_type("Chile asked its European Union partners to lift the tariffs.", "REQUEST")[0]
    assert countries(e.recipient) == {"IGO"}


def test_prepositions_of_the_noun_a_trigger_modifies():
    e = of_type("Norway made a fresh mediation bid between Chile and Bolivia on Monday.", "CONSULT")[0]
    assert countries(e.recipient) == {"CHL", "BOL"}
