"""find_timexes: recognition and normalisation of time expressions; event_date: choosing one."""
from __future__ import annotations

import datetime as dt

import pytest

from wirecoder.records import EventDate
from wirecoder.resolve.dates import Timex, event_date, find_timexes, to_calendar

REF = dt.date(2021, 7, 26)  # a Monday


def only(text: str, prefer: str = "past", ref: dt.date = REF) -> Timex:
    found = find_timexes(text, ref, prefer=prefer)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text
    return t


@pytest.mark.parametrize("sentence, span, value, typ, precision", [
    ("The attack took place on July 1.", "July 1", "2021-07-01", "DATE", "day"),
    ("Gunmen struck on Sunday evening near the border.", "Sunday evening", "2021-07-25TEV", "TIME", "day"),
    ("Police said the protest began Sunday.", "Sunday", "2021-07-25", "DATE", "day"),
    ("Clashes erupted earlier in July.", "July", "2021-07", "DATE", "month"),
    ("Talks collapsed last week.", "last week", "2021-W29", "DATE", "week"),
    ("Elections were held in September.", "September", "2020-09", "DATE", "month"),
    ("Troops arrived two days ago.", "two days ago", "2021-07-24", "DATE", "day"),
    ("The minister resigned yesterday.", "yesterday", "2021-07-25", "DATE", "day"),
    ("Prices have risen this year.", "this year", "2021", "DATE", "year"),
    ("The law was passed in 2019.", "2019", "2019", "DATE", "year"),
    ("The deal was signed on July 26, 2021.", "July 26, 2021", "2021-07-26", "DATE", "day"),
    ("The deal was signed on 26/07/2021.", "26/07/2021", "2021-07-26", "DATE", "day"),
    ("The deal was signed on 3 March 2020.", "3 March 2020", "2020-03-03", "DATE", "day"),
    ("The deal was signed on 2020-03-03.", "2020-03-03", "2020-03-03", "DATE", "day"),
    ("Officials will meet next month.", "next month", "2021-08", "DATE", "month"),
    ("Fighting continued over the past three days.", "the past three days", "P3D", "DURATION", None),
    ("Rockets hit the city Monday night.", "Monday night", "2021-07-26TNI", "TIME", "day"),
    ("Floods hit the region in mid-July.", "mid-July", "2021-07", "DATE", "month"),
    ("The company collapsed in late 2020.", "late 2020", "2020", "DATE", "year"),
    ("The war began in the 1990s.", "1990s", "199", "DATE", None),
    ("The group has recently expanded.", "recently", "PAST_REF", "DATE", None),
    ("It is now clear.", "now", "PRESENT_REF", "DATE", None),
    ("Sales fell last year.", "last year", "2020", "DATE", "year"),
    ("Sales fell in the third quarter.", "the third quarter", "2021-Q3", "DATE", "year"),
    ("The office closed last Friday.", "last Friday", "2021-07-23", "DATE", "day"),
    ("The office closed Friday, July 23.", "Friday, July 23", "2021-07-23", "DATE", "day"),
    ("The blast happened at 10:35 a.m. Saturday.", "10:35 a.m. Saturday", "2021-07-24T10:35", "TIME", "day"),
    ("Rebels held the town for six months.", "six months", "P6M", "DURATION", None),
    ("The 24-hour curfew ended.", "24-hour", "PT24H", "DURATION", None),
    ("Trains ran daily.", "daily", "P1D", "SET", None),
    ("Camps were set up a decade ago.", "a decade ago", "201", "DATE", None),
    ("The border stayed shut for weeks.", "weeks", "PXW", "DURATION", None),
    ("Fighting resumed over the weekend.", "the weekend", "2021-W29-WE", "DATE", "week"),
    ("It rained in the summer of 2019.", "the summer of 2019", "2019-SU", "DATE", "year"),
    ("The empire fell in the 18th century.", "the 18th century", "17", "DATE", None),
    ("Markets were calm in fiscal 2020.", "fiscal 2020", "2020", "DATE", "year"),
])
def test_expression(sentence, span, value, typ, precision):
    t = only(sentence)
    assert (t.text, t.value, t.type, t.precision) == (span, value, typ, precision)


@pytest.mark.parametrize("sentence, past, future", [
    ("A meeting on Sunday.", "2021-07-25", "2021-08-01"),
    ("A meeting on Monday.", "2021-07-26", "2021-07-26"),     # ref itself is a Monday
    ("A meeting in November.", "2020-11", "2021-11"),
    ("A meeting in July.", "2021-07", "2021-07"),             # the ref month is both
    ("A meeting on Oct. 3.", "2020-10-03", "2021-10-03"),
    ("A meeting on July 4.", "2021-07-04", "2022-07-04"),
])
def test_preference(sentence, past, future):
    assert only(sentence, "past").value == past
    assert only(sentence, "future").value == future


@pytest.mark.parametrize("sentence, value", [
    ("They met on Sunday.", "2021-07-25"),                  # a past-tense verb: past, whatever the preference
    ("The talks were postponed until Saturday.", "2021-07-31"),   # postponing points forward
    ("The vote will be held in May.", "2022-05"),
    ("The rebels, who would later retreat, announced Wednesday a truce.", "2021-07-21"),
    ("An aid convoy is due in September.", "2021-09"),      # a bare month up to two months ahead
    ("Clashes erupted in September.", "2020-09"),           # ... unless a past-tense verb says otherwise
    # "since" names a starting point before the time of writing, whatever future cue comes first
    ("The ship, which will return to port soon, has been at sea since March.", "2021-03"),
])
def test_direction_from_tense_and_preposition(sentence, value):
    assert only(sentence, "past").value == value
    assert only(sentence, "future").value == value


def test_month_day_soon_after_ref_is_the_coming_one():
    # past reading a year back, future reading 8 days ahead: the coming date
    assert only("The vote is on Aug. 3.").value == "2021-08-03"
    assert only("The vote is on Aug. 3.", ref=dt.date(2021, 9, 1)).value == "2021-08-03"


def test_other_reading_is_kept():
    t = only("They met on Sunday.")
    assert (t.value, t.alt_value) == ("2021-07-25", "2021-08-01")
    assert only("They met last week.").alt_value is None


@pytest.mark.parametrize("sentence, value", [
    ("The United States announced it would withdraw its troops from Afghanistan by September.", "2021-09"),
    ("The government plans to hold a vote on Sunday.", "2021-08-01"),
    ("Talks are scheduled to resume in March.", "2022-03"),
])
def test_future_cue_flips_preference(sentence, value):
    assert only(sentence).value == value


@pytest.mark.parametrize("sentence", [
    "Theresa May said the plan may change.",
    "He will march to the capital.",
    "More than 2000 troops arrived.",
    "The 16-year-old was detained.",
    "Protesters came to the capital.",
    "The second man was released.",
])
def test_not_time_expressions(sentence):
    assert find_timexes(sentence, REF) == []


def test_anchored_to_previous_date():
    text = "The siege began on March 3, 2020. Two days later the town fell, and the next day the army left."
    vals = [(t.text, t.value) for t in find_timexes(text, REF)]
    assert vals == [("March 3, 2020", "2020-03-03"), ("Two days later", "2020-03-05"), ("the next day", "2020-03-06")]


def test_numeric_ambiguity_rule():
    # both numbers <= 12: slash is read as the nearer of the two readings to the reference date
    # (5 July is 21 days before 26 July 2021, 7 May 80), dot day-first; otherwise the impossible reading loses
    assert only("Signed 05/07/2021.").value == "2021-07-05"
    assert only("Signed 05/07/2021.", ref=dt.date(2021, 5, 10)).value == "2021-05-07"
    assert only("Signed 05.07.2021.").value == "2021-07-05"
    assert only("Signed 7/26/2021.").value == "2021-07-26"


def test_offsets_and_order():
    text = "On Monday, Oct. 26, rebels attacked; two days later, in November, they withdrew."
    found = find_timexes(text, dt.date(2020, 11, 30))
    assert [t.text for t in found] == ["Monday, Oct. 26", "two days later", "November"]
    assert all(text[t.start:t.end] == t.text for t in found)
    assert found[0].value == "2020-10-26"


def test_prefer_validated():
    with pytest.raises(ValueError):
        find_timexes("Sunday", REF, prefer="sideways")


@pytest.mark.parametrize("value, expected", [
    ("2021-07-25", ("2021-07-25", "day")),
    ("2021-07-25TEV", ("2021-07-25", "day")),
    ("2021-07-25T10:35", ("2021-07-25", "day")),
    ("2021-W29", ("2021-07-19", "week")),
    ("2021-W29-WE", ("2021-07-19", "week")),
    ("2021-07", ("2021-07", "month")),
    ("2021-Q3", ("2021", "year")),
    ("2021", ("2021", "year")),
    ("199", None), ("P3D", None), ("PRESENT_REF", None), (None, None),
])
def test_to_calendar(value, expected):
    assert to_calendar(value) == expected


def _ev(text: str, trigger: str, modality: str = "asserted", ref: dt.date = REF, **kw) -> EventDate:
    ts = find_timexes(text, ref)
    return event_date(ts, 0, len(text), text.index(trigger), ref, modality, text=text, **kw)


def test_event_date_in_sentence():
    assert _ev("Militants attacked a checkpoint on Sunday.", "attacked") == \
        EventDate("2021-07-25", "day", "Sunday")


def test_event_date_nearest_to_trigger():
    text = "Militants attacked a checkpoint on Thursday, officials said on Saturday."
    assert _ev(text, "attacked").text == "Thursday"
    assert _ev(text, "said").text == "Saturday"


def test_event_date_prefers_same_clause():
    text = "Police arrested six men in June; the riots had started in May."
    assert _ev(text, "started").text == "May"
    assert _ev(text, "arrested").text == "June"


def test_event_date_ignores_durations_and_refs():
    assert _ev("Rebels have recently shelled the town for three days.", "shelled") == \
        EventDate("2021-07-26", "publication", None)


def test_event_date_no_date_is_publication():
    assert _ev("Rebels shelled the town.", "shelled") == EventDate("2021-07-26", "publication", None)


def test_event_date_week_is_monday():
    assert _ev("Rebels shelled the town last week.", "shelled") == EventDate("2021-07-19", "week", "last week")


def test_event_date_future_modality_takes_future_reading():
    text = "The two sides are to sign a truce in November."
    assert _ev(text, "sign", "future") == EventDate("2021-11", "month", "November")
    assert _ev(text, "sign", "asserted") == EventDate("2020-11", "month", "November")


def test_event_date_asserted_event_not_after_publication():
    text = "The United States announced it would withdraw its troops by September."
    assert _ev(text, "withdraw", "future") == EventDate("2021-09", "month", "September")
    assert _ev(text, "announced", "asserted").precision == "publication"


def test_event_date_carry_over_only_with_paragraph():
    text = "Rebels attacked the base on Sunday. They burned two trucks."
    ts = find_timexes(text, REF)
    s2 = text.index("They")
    trig = text.index("burned")
    assert event_date(ts, s2, len(text), trig, REF).precision == "publication"
    assert event_date(ts, s2, len(text), trig, REF, para_start=0) == EventDate("2021-07-25", "day", "Sunday")


def test_event_date_coarse_dates_not_carried():
    text = "Violence rose this year. Rebels burned two trucks."
    ts = find_timexes(text, REF)
    s2 = text.index("Rebels")
    assert event_date(ts, s2, len(text), text.index("burned"), REF, para_start=0).precision == "publication"


def test_year_ranges_are_two_years():
    ts = find_timexes("The 2009-2010 drought and the 1957-58 flu.", REF)
    assert [(t.text, t.value) for t in ts] == [("2009", "2009"), ("2010", "2010"), ("1957", "1957"), ("58", "1958")]


def test_year_after_a_determiner_modifies_a_noun():
    assert only("A 2009 analysis found it.").value == "2009"
    assert find_timexes("Some 2000 troops arrived.", REF) == []


@pytest.mark.parametrize("sentence, value", [
    ("January nineteen ninety-seven was cold.", "1997-01"),
    ("Plans for the year two thousand.", "2000"),
    ("By twenty twelve it had grown.", "2012"),
    ("Music of the nineties.", "199"),
])
def test_spelled_out_years_and_decades(sentence, value):
    assert only(sentence).value == value


@pytest.mark.parametrize("sentence, value", [
    ("Shops closed on Good Friday.", "2021-04-02"),          # Easter 2021 is April 4
    ("Fighting paused for Eid al-Fitr.", "2021-05-13"),
    ("Parades on Memorial Day.", "2021-05-31"),
    ("Turkeys sold before Thanksgiving.", "2020-11-26"),
    ("Last Christmas was quiet.", "2020-12-25"),
    ("Easter 2019 was early.", "2019-04-21"),
])
def test_holidays_from_the_table(sentence, value):
    assert only(sentence).value == value


def test_holiday_table_rules_and_errors(tmp_path):
    from wirecoder.errors import DataFileError
    from wirecoder.resolve.dates import holiday_date, load_holidays
    table = load_holidays()
    assert table["thanksgiving"] == "11-TH-4" and table["good friday"] == "easter-2"
    assert holiday_date("easter+0", 2000) == dt.date(2000, 4, 23)
    assert holiday_date(table["eid al-adha"], 1990) is None      # a lunar date not in the table: nothing
    bad = tmp_path / "holidays.tsv"
    bad.write_text("name\trule\nflag day\tjune 14\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="holidays.tsv:2"):
        load_holidays(bad)


def test_year_ago_after_a_quarter_is_that_quarter_a_year_before():
    text = "Third-quarter net rose to $5 million from $3 million a year earlier."
    ts = find_timexes("In the third quarter, net rose to $5 million from $3 million a year earlier.", REF)
    assert [(t.text, t.value) for t in ts] == [("the third quarter", "2021-Q3"), ("a year earlier", "2020-Q3")]
    assert [t.value for t in find_timexes(text.replace("Third-quarter net", "Net"), REF)] == ["2020"]


def test_an_initial_or_a_title_does_not_end_the_sentence_for_direction():
    # "will" before "Robert J. Milne" still points forward: February of the coming year
    t = find_timexes("Ms. Okafor will replace Robert J. Milne Feb. 1, the bank said.", dt.date(1989, 10, 26))
    assert [(x.text, x.value) for x in t if x.text == "Feb. 1"] == [("Feb. 1", "1990-02-01")]


def test_payable_and_effective_dates_are_coming_ones():
    t = find_timexes("The coupon is payable Jan. 9 to bondholders registered on Dec. 20.", dt.date(1989, 11, 2))
    assert t[0].value == "1990-01-09"


@pytest.mark.parametrize("text, ref, value", [
    # day/month or month/day: the reading nearer the reference date (a day after it counts thrice)
    ("Yesterday, 09/10/2021 at around 19:15hrs, gunmen raided a market.", dt.date(2021, 10, 10), "2021-10-09"),
    ("The vote on 11/12/2020 was close.", dt.date(2020, 11, 14), "2020-11-12"),
    ("The report of 12/05/1998 says so.", dt.date(1998, 12, 5), "1998-12-05"),
    ("The report of 12/05/1998 says so.", dt.date(1998, 5, 20), "1998-05-12"),
    ("Troops left on 03/04/2021.", dt.date(2021, 3, 5), "2021-03-04"),
    # unambiguous ones are what they say; with dots, day.month as before
    ("Troops left on 13/04/2021.", dt.date(2021, 3, 5), "2021-04-13"),
    ("Troops left on 04.03.2021.", dt.date(2021, 5, 5), "2021-03-04"),
])
def test_an_ambiguous_numeric_date_takes_the_reading_nearer_the_reference(text, ref, value):
    (t,) = [t for t in find_timexes(text, ref) if "/" in t.text or "." in t.text[1:-1]]
    assert t.value == value


@pytest.mark.parametrize("text, value", [
    # the date after a superlative's "since" is a point of comparison, not the event's date
    ("The bombing was the bloodiest day for the French army in Mali since 2013.", None),
    ("The biggest swap since 2019 took place on Monday.", "2021-08-23"),
    # a state that began with the event keeps its start ("held under arrest since May 2021")
    ("The opposition leader had been kept under house arrest since March of 2020.", "2020-03"),
])
def test_a_superlatives_since_date_does_not_date_the_event(text, value):
    ref = dt.date(2021, 8, 27)
    d = event_date(find_timexes(text, ref), 0, len(text), 5, ref, text=text)
    assert (d.value if d.precision != "publication" else None) == value


@pytest.mark.parametrize("text, value", [
    ("The standoff lasted about 5 1/2 hours.", "PT5H30M"),          # a fraction in the next smaller unit
    ("He served 2 1/2 years in prison.", "P2Y6M"),
    ("It could take a couple of years.", "P2Y"),
    ("The talks need two more weeks.", "P2W"),
    ("Output fell over the past decade.", "P10Y"),                 # decades as years, as TimeBank writes them
    ("Profit rose from the 1988 second quarter.", "1988-Q2"),
    ("Sales should pick up in next year's first quarter.", "2022-Q1"),
    ("Earnings fell in the last half of 2020.", "2020-H2"),
    ("Attacks have grown in recent years.", "PXY"),
    ("Talks are expected in the coming weeks.", "PXW"),
    ("Profit for the current fiscal year rose.", "2021"),
    ("Three attacks in the last twenty four hours.", "PT24H"),
])
def test_durations_quarters_and_vague_spans(text, value):
    assert only(text).value == value


def test_direction_of_near_dates():
    # a future cue elsewhere in the sentence does not move a month-day of last week a year ahead
    assert only("Officials hoped she would bring aid to Kenya, where the July 20 blasts killed 200.").value == "2021-07-20"
    # ... but the caller's own preference for the future still takes the coming one
    assert only("A meeting on July 20.", "future").value == "2022-07-20"
    # "until" with no past verb before it points forward
    assert only("The landlord gave the tenants until 10 a.m. Tuesday to leave.").value == "2021-07-27T10:00"
    assert only("It expires at 5 p.m. EST, Aug. 2.").value == "2021-08-02T17:00"


@pytest.mark.parametrize("text", [
    "Mr. Reupke, 52 years old, will succeed him.",           # an age
    "Egypt buys roughly three-quarters of its wheat abroad.",  # a share, not three quarters of a year
    "Pension funds hold more than a quarter of the shares.",
])
def test_ages_and_fractions_are_not_time_expressions(text):
    assert find_timexes(text, REF) == []


@pytest.mark.parametrize("text, span, value, typ", [
    ("Net income for the year ended March 31 rose.", "the year", "P1Y", "DURATION"),
    ("In the fiscal year ended Sept. 30, profit fell.", "the fiscal year", "P1Y", "DURATION"),
    ("For the year, volume was flat.", "the year", "2021", "DATE"),
    ("For the week, the benchmark gained 1.2%.", "the week", "2021-WXX", "DATE"),
])
def test_the_year_and_the_week_without_a_relative_word(text, span, value, typ):
    t = [x for x in find_timexes(text, REF) if x.text == span]
    assert t and t[0].value == value and t[0].type == typ, find_timexes(text, REF)


def test_election_day_is_the_tuesday_after_the_first_monday_of_november():
    t = [x for x in find_timexes("Abortion will be a theme from now to Election Day.", dt.date(1998, 10, 26))
         if x.text == "Election Day"]
    assert t and t[0].value == "1998-11-03"
    # 2022: November 1 is a Tuesday, so Election Day is the 8th, not the 1st
    assert find_timexes("Voters go to the polls on Election Day.", dt.date(2022, 10, 20), prefer="future")[0].value == "2022-11-08"


@pytest.mark.parametrize("text, span, value", [
    ("Orangemen march each July from their church.", "each July", "XXXX-07"),
    ("It pays $100 million in interest every quarter.", "every quarter", "P1Q"),
])
def test_sets_of_months_and_quarters(text, span, value):
    t = only(text)
    assert (t.text, t.value, t.type) == (span, value, "SET")


def test_a_past_verb_after_the_future_cue_dates_the_expression_in_its_clause():
    # "will start" is about the future, but "was pulled ... in late November" is past
    text = ("The agency said that it will start moving the boy from the cousins who have looked after "
            "him since he was pulled from the sea near Key West in late November.")
    assert only(text, ref=dt.date(2000, 4, 5)).value == "1999-11"
    # with no past verb after it, the future cue still points forward
    assert only("The agency said it will start the move in late November.", ref=dt.date(2000, 4, 5)).value == "2000-11"


@pytest.mark.parametrize("text, span, value", [
    ("Sales reached $4 million in 2017, a record for the firm that year.", "that year", "2017"),
    ("The mayor left office in June 2015 and died later that year.", "later that year", "2015"),
    ("The plant closed in March 2019. The following month, its owner sold the site.", "The following month", "2019-04"),
    # with no earlier year, the article's own
    ("Turnout rose sharply that year.", "that year", "2021"),
])
def test_that_year_and_the_following_month_refer_to_the_last_year_or_month_named(text, span, value):
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found[span] == value, found


@pytest.mark.parametrize("text, span, value", [
    ("Workers began a day-long strike.", "day-long", "P1D"),
    ("They ended a week-long siege.", "week-long", "P1W"),
    ("Shares fell for five trading days in a row.", "five trading days", "P5D"),
])
def test_unit_long_adjectives_and_trading_days_are_durations(text, span, value):
    found = [(t.value, t.type) for t in find_timexes(text, REF) if span in t.text]
    assert found == [(value, "DURATION")], found


def test_a_trading_day_alone_is_no_duration():
    assert all(t.type != "DURATION" for t in find_timexes("It was a busy trading day.", REF)
               if "trading" in t.text)


def test_that_day_needs_a_date_named_before_it():
    # anchored on the last date the text names
    found = {t.text: t.value for t in find_timexes("The plant closed on March 3, 2019. Workers protested that day.", REF)}
    assert found["that day"] == "2019-03-03", found
    # with none named, "that day" is generic (no date), not the article's day; "the next day" is
    # still the day after the article's date
    text = "Market makers can suffer huge losses on trades made that day, analysts said."
    assert not [t for t in find_timexes(text, REF) if "that day" in t.text]
    assert [t.value for t in find_timexes("Talks resume the next day.", REF) if t.text == "the next day"] == [
        (REF + dt.timedelta(days=1)).isoformat()]


@pytest.mark.parametrize("text, span, value", [
    # the reporting period just ended: the quarter the text last named, else the one before the reference's
    ("Net for the fiscal second quarter rose 5%. The latest period includes a gain.", "The latest period", "2021-Q2"),
    ("Revenue in the latest period was $920 million.", "the latest period", "2021-Q2"),
    ("Bookings recovered from the weak pace of the early summer.", "the early summer", "2021-SU"),
    ("The new tariffs ought to take effect by year's end.", "year's end", "2021"),
    ("The loan may be extended for an additional year.", "an additional year", "P1Y"),
    ("The March accession will let them sign the documents.", "March", "2021-03"),
    ("The convoy will depart at 4 in the morning.", "4 in the morning", "2021-07-26T04:00"),
    ("Polls close at 8 in the evening.", "8 in the evening", "2021-07-26T20:00"),
])
def test_periods_seasons_year_end_and_clock_times_in_words(text, span, value):
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found.get(span) == value, found


@pytest.mark.parametrize("text", [
    "The March on Washington drew thousands.",   # a name, not the month
    "They may march on the capital.",
])
def test_a_month_name_used_otherwise_is_no_date(text):
    assert not [t for t in find_timexes(text, REF) if "arch" in t.text.lower()], find_timexes(text, REF)


def test_earlier_in_the_day_is_the_narratives_day():
    text = ("Prisoners were released on Wednesday. Putin had announced a mobilisation earlier in the day, "
            "escalating the conflict that began in February.")
    found = find_timexes(text, REF)
    assert {t.text: t.value for t in found}["earlier in the day"] == "2021-07-21"
    s = text.index("Putin")
    assert event_date(found, s, len(text), text.index("announced"), REF, text=text).value == "2021-07-21"
    # with no day named before it, the article's day
    assert [t.value for t in find_timexes("Late in the day, lawyers emerged.", REF)] == ["2021-07-26"]


def test_a_statements_date_gives_way_to_the_reported_events_own_date():
    text = ("The rebel front said in a communique Monday that its fighters had attacked three army posts "
            "and seized one of the posts on Sunday.")
    found = find_timexes(text, REF)
    d = event_date(found, 0, len(text), text.index("attacked"), REF, text=text)
    assert (d.value, d.text) == ("2021-07-25", "Sunday")
    # with no other date in the clause, the statement's date stays the event's
    text = "Police said Saturday that gunmen attacked the village."
    d = event_date(find_timexes(text, REF), 0, len(text), text.index("attacked"), REF, text=text)
    assert d.value == "2021-07-24"


@pytest.mark.parametrize("text, trigger, value", [
    # another verb's date after a verbal trigger, or across a clause boundary, does not date it
    ("Talks will resume in Caracas, which have been suspended since 2019.", "resume", None),
    ("The bloc imposed sanctions over protests that erupted last month.", "imposed", None),
    # a noun trigger's own predicate keeps its date; a reporting verb's date stays the fallback
    ("The first relief convoy in six weeks reached the besieged town on Friday.", "convoy", "2021-07-23"),
    ("Gunmen attacked the village, police said on Saturday.", "attacked", "2021-07-24"),
])
def test_a_date_of_another_verb_after_the_trigger(text, trigger, value):
    d = event_date(find_timexes(text, REF), 0, len(text), text.index(trigger), REF, text=text)
    assert (d.value if d.precision != "publication" else None) == value, d


@pytest.mark.parametrize("text, span, value", [
    ("It was the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
    ("Hearings are set for the week of March 6, 2000.", "the week of March 6, 2000", "2000-W10"),
    ("They met during the week of July 12.", "the week of July 12", "2021-W28"),
])
def test_a_season_of_a_spelled_year_and_the_week_of_a_day(text, span, value):
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found.get(span) == value, found


@pytest.mark.parametrize("text, span, value", [
    ("He died the day before yesterday.", "the day before yesterday", "2021-07-24"),
    ("Talks open the day after tomorrow.", "the day after tomorrow", "2021-07-28"),
    # the narrative's current week: the last day named, else the article's
    ("They met earlier in the week.", "earlier in the week", "2021-W30"),
    ("Talks began on July 2; later in the week, the deal fell apart.", "later in the week", "2021-W26"),
])
def test_news_relative_days_and_weeks(text, span, value):
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found.get(span) == value, found


@pytest.mark.parametrize("text, span, value", [
    # a month (or month-day) with a relative year is one expression, in that year
    ("The deal was signed in March last year.", "March last year", "2020-03"),
    ("Elections are due in April next year.", "April next year", "2022-04"),
    ("Parliament voted in early February this year.", "early February this year", "2021-02"),
    ("He was arrested on May 5 last year.", "May 5 last year", "2020-05-05"),
    # a year-ago quarter named by its number, and "the quarter a year ago"
    ("Net fell from the year-earlier second quarter.", "the year-earlier second quarter", "2020-Q2"),
    ("For the quarter a year ago, it lost $2 million.", "the quarter a year ago", "2020-Q2"),
])
def test_a_month_in_a_relative_year_and_a_year_ago_quarter_are_one_expression(text, span, value):
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found.get(span) == value and len(found) == 1, found


@pytest.mark.parametrize("text, span, value", [
    # "and a half" after a number or a unit
    ("The siege lasted two and a half years.", "two and a half years", "P2Y6M"),
    ("The talks ran for an hour and a half.", "an hour and a half", "PT1H30M"),
    ("He left a year and a half ago.", "a year and a half ago", "2020"),
    ("She was freed two and a half years ago.", "two and a half years ago", "2019"),
    # hours and minutes later: the length, the direction word outside the span
    ("Just over an hour later, he died.", "over an hour", "PT1H"),
    ("Two minutes earlier, a shot rang out.", "Two minutes", "PT2M"),
    ("Three days later, he died.", "Three days later", "2021-07-29"),
])
def test_a_half_and_hours_later(text, span, value):
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found.get(span) == value and len(found) == 1, found


def test_an_event_in_a_clause_n_days_after_another_is_dated_from_that_clause():
    ref = dt.date(2020, 11, 10)
    text = "The army said on Monday it had retaken several villages, a day after declaring a truce."
    found = find_timexes(text, ref)
    assert event_date(found, 0, len(text), text.index("declaring"), ref, text=text).value == "2020-11-08"
    # the main clause keeps its own date
    assert event_date(found, 0, len(text), text.index("retaken"), ref, text=text).value == "2020-11-09"
    # a date inside the clause is the trigger's own
    text = "The raid came a day after the vote on Sunday."
    d = event_date(find_timexes(text, ref), 0, len(text), text.index("vote"), ref, text=text)
    assert d.value == "2020-11-08"
    # the clause's base from the paragraph when the sentence names none
    text = "Bandits kidnapped 30 traders on Saturday. It came two days after the release of 120 hostages."
    s = text.index("It came")
    d = event_date(find_timexes(text, ref), s, len(text), text.index("release"), ref, text=text, para_start=0)
    assert (d.value, d.precision) == ("2020-11-05", "day")
    # with no base in the text, the main clause is the news of about the publication day: the
    # offset from it, given to the week (2020-11-10 + 5 days is in the week of Monday 2020-11-09)
    text = "The attack came five days before the deadline for withdrawal."
    d = event_date(find_timexes(text, ref), 0, len(text), text.index("deadline"), ref, "future", text=text)
    assert (d.value, d.precision, d.text) == ("2020-11-09", "week", "five days before")
    # a short bracketed name in the clause breaks nothing
    text = "Aid arrived a week after the rebel front (RF) and the government agreed to a truce."
    d = event_date(find_timexes(text, ref), 0, len(text), text.index("agreed"), ref, text=text)
    assert (d.value, d.precision) == ("2020-11-02", "week")
    # no publication date (the reference is no day of the article's): no date
    d = event_date(find_timexes(text, ref), 0, len(text), text.index("agreed"), ref, text=text,
                   ref_is_publication=False)
    assert d.precision == "publication"


def test_a_year_after_pre_or_post_is_tagged_but_dates_no_event():
    text = "The post-1959 politics split families, he said on Sunday."
    found = find_timexes(text, REF)
    assert {t.text: t.value for t in found}.get("post-1959") == "1959", found
    d = event_date(found, 0, len(text), text.index("split"), REF, text=text)
    assert d.value == "2021-07-25", d


@pytest.mark.parametrize("text, trigger, value", [
    # a bare year after "<noun> of" dates that noun, not the event the sentence reports
    ("The group plotted to restore the kingdom of 1815, prosecutors alleged.", "plotted", None),
    ("Veterans of the war of 1999 marched in the capital on Sunday.", "marched", "2021-07-25"),
    # the trigger itself is the noun: its own year; a month "of" a year is one expression
    ("The elections of 2018 were disputed.", "elections", "2018"),
    ("He was arrested in May of 2020.", "arrested", "2020-05"),
])
def test_a_year_after_another_nouns_of_does_not_date_the_event(text, trigger, value):
    d = _ev(text, trigger)
    assert (d.value if d.precision != "publication" else None) == value


def test_a_planned_event_keeps_the_reading_the_articles_dates_agree_on_when_the_other_is_unknown():
    # no publication date: "June 2" settled by the article's own dates, its other reading unknown
    text = "Troops will leave before the June 2 deadline."
    start = text.index("June 2")
    t = Timex(start, start + 6, "June 2", "2023-06-02", "DATE", "day", "XXXX")
    d = event_date([t], 0, len(text), text.index("leave"), dt.date(9999, 12, 31), "future", text=text,
                   ref_is_publication=False)
    assert (d.value, d.precision) == ("2023-06-02", "day")


@pytest.mark.parametrize("text, trigger, value", [
    # a participle with its agent after the date: a passive hanging on the noun, not its predicate
    ("Delegates marked the return to negotiations suspended in 2019 by the former cabinet.", "negotiations", None),
    # a noun trigger's own predicate keeps its date
    ("The first food convoy arrived on Friday in the regional capital.", "convoy", "2021-07-23"),
])
def test_a_passive_participle_after_a_noun_trigger_keeps_its_own_date(text, trigger, value):
    d = _ev(text, trigger)
    assert (d.value if d.precision != "publication" else None) == value


def test_a_bare_clock_time_does_not_date_an_event():
    from wirecoder.resolve.dates import event_date, find_timexes
    ref = dt.date(2020, 12, 12)
    text = "Gunmen stormed the town around 10:06pm, residents said."
    d = event_date(find_timexes(text, ref), 0, len(text), 7, ref)
    assert d.precision == "publication"
    text = "Gunmen stormed the town at 10pm on Thursday, residents said."
    d = event_date(find_timexes(text, ref), 0, len(text), 7, ref)
    assert d.value == "2020-12-10"


@pytest.mark.parametrize("sentence, span, value", [
    ("Revenue for the full year rose 9%.", "the full year", "2021"),
    ("Analysts think the port will one day be the largest in the region.", "one day", "FUTURE_REF"),
    ("The strike lasted one day.", "one day", "P1D"),
    ("The bank must repay the loan by February.", "February", "2022-02"),
    ("Exports had fallen by February.", "February", "2021-02"),
    ("Just last month the mayor resigned.", "last month", "2021-06"),
    ("A few days later the mayor resigned.", "A few days", "PXD"),
    ("The firm will raise capital at a later date.", "a later date", "FUTURE_REF"),
    ("Prices may rise in the short term.", "the short term", "FUTURE_REF"),
    ("Investors expect losses in the months ahead.", "the months ahead", "PXM"),
])
def test_round_eleven_expressions(sentence, span, value):
    t = only(sentence)
    assert (t.text, t.value) == (span, value)


@pytest.mark.parametrize("sentence", [
    "The minister spoke on the broadcaster's \"This Week\" programme.",
    "He told USA Today that he would run.",
    "The fund sold the short term debt it held.",
    "The fund has kept secrets for two thousand years.",
])
def test_round_eleven_non_times(sentence):
    assert find_timexes(sentence, REF) == []


def test_the_full_year_ended_is_a_length():
    assert find_timexes("The full year ended June 30 was weak.", REF)[0].value == "P1Y"


def test_the_day_before_after_a_date_is_that_date():
    ts = find_timexes("She was last seen on July 3, the day before the police opened the file.", REF)
    assert [(t.text, t.value) for t in ts] == [("July 3", "2021-07-03"), ("the day before", "2021-07-03")]


def test_time_refs_table_and_errors(tmp_path):
    from wirecoder.errors import DataFileError
    from wirecoder.resolve.dates import load_time_refs
    refs = load_time_refs()
    assert refs["now"] == ("PRESENT_REF", ()) and "account" in refs["current"][1]
    bad = tmp_path / "time_refs.tsv"
    bad.write_text("phrase\tvalue\nsoon\tSOON_REF\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="time_refs.tsv:2"):
        load_time_refs(bad)


# ---- round 12 (issue 14, helper 50)

def test_the_quarter_is_the_quarter_last_named():
    text = ("The retailer's fiscal first quarter ended in July. Sales in the quarter rose 4%, "
            "while the quarter's margins narrowed.")
    ts = find_timexes(text, REF)
    assert [t.value for t in ts if "quarter" in t.text] == ["2021-Q1", "2021-Q1", "2021-Q1"]
    # with no quarter named, the one before the reference date's
    assert only("Profit fell in the quarter.").value == "2021-Q2"


def test_or_so_before_a_direction_word():
    t = only("The ceasefire collapsed a week or so ago.")
    assert (t.text, t.value) == ("a week or so ago", "2021-W29")


@pytest.mark.parametrize("sentence,days", [
    ("The ministers will meet on Oct. 12 and 13 in Geneva.", ["2021-10-12", "2021-10-13"]),
    ("The vote is set for Sept. 8 or 9, officials said.", ["2021-09-08", "2021-09-09"]),
    ("Sales on March 3 and 25 percent of orders were lost.", ["2021-03-03"]),
])
def test_second_day_of_a_month_day(sentence, days):
    assert [t.value for t in find_timexes(sentence, REF)] == days


@pytest.mark.parametrize("sentence,span,value", [
    ("The day before last Thursday's hearing, the lawyers met.", "The day before last Thursday", "2021-07-21"),
    ("The envoy left the day after Friday.", "the day after Friday", "2021-07-24"),
    ("Traffic was heavy in Christmas week.", "Christmas week", "2020-W52"),
    ("Output may slow over roughly the first two quarters of 2022.", "roughly the first two quarters of 2022", "2022-H1"),
])
def test_round_twelve_spans(sentence, span, value):
    t = only(sentence)
    assert (t.text, t.value) == (span, value)


def test_the_last_two_quarters_without_a_year_stay_a_length():
    assert only("Sales fell in the last two quarters.").value == "P2Q"


def test_a_passive_participles_date_after_its_agent_is_not_the_triggers():
    from wirecoder.resolve.dates import _other_verbs_date
    text = "Officials freed the crews held by the navy since March."
    assert _other_verbs_date(text, 0, text.index("freed"), text.index("March"))
    text = "Officials freed the crews on Friday."
    assert not _other_verbs_date(text, 0, text.index("freed"), text.index("Friday"))
