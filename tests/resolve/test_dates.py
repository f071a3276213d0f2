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
    ("They met on Sunday.", "2021-07-25", "2021-08-01"),
    ("They met on Monday.", "2021-07-26", "2021-07-26"),     # ref itself is a Monday
    ("They met in September.", "2020-09", "2021-09"),
    ("They met in July.", "2021-07", "2021-07"),             # the ref month is both
    ("They met on Oct. 3.", "2020-10-03", "2021-10-03"),
    ("They met on July 4.", "2021-07-04", "2022-07-04"),
])
def test_preference(sentence, past, future):
    assert only(sentence, "past").value == past
    assert only(sentence, "future").value == future


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
    # both numbers <= 12: slash is read month-first, dot day-first; otherwise the impossible reading loses
    assert only("Signed 05/07/2021.").value == "2021-05-07"
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
    text = "The two sides are to sign a truce in September."
    assert _ev(text, "sign", "future") == EventDate("2021-09", "month", "September")
    assert _ev(text, "sign", "asserted") == EventDate("2020-09", "month", "September")


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
