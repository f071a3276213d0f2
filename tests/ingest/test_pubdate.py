"""Publication dates: page metadata, else a dateline, else the record date or the --date option."""
from __future__ import annotations

import pytest

from wirecoder.ingest.pubdate import date_from_dateline, normalise_date, publication_date

from .helpers import EN_TEXT, html_page, run


@pytest.mark.parametrize("line, reference, expected", [
    ("KABUL, July 26 (Reuters) - Taliban fighters attacked", "2021-08-01", "2021-07-26"),
    ("KABUL, July 26 (Reuters) - Taliban fighters attacked", None, None),          # year unknown
    ("KABUL, Dec. 30 (Reuters) - Fighting went on", "2022-01-02", "2021-12-30"),     # year before
    ("July 26, 2021 — Taliban fighters attacked", None, "2021-07-26"),
    ("WASHINGTON, D.C., Monday, July 26, 2021 - The president said", None, "2021-07-26"),
    ("26 July 2021 - The army said", None, "2021-07-26"),
    ("Published 26 Jul 2021", None, "2021-07-26"),
    ("Published: Sept. 3, 2020 at 10:00", None, "2020-09-03"),
    ("Posted on 2019-11-19 by staff", None, "2019-11-19"),
    ("July 26, 2021", None, "2021-07-26"),
    ("July 26 was a hot day in Kabul.", "2021-08-01", None),                          # a sentence, not a dateline
    ("The attack on July 26, 2021 - officials said", None, None),                     # not at the start
    ("KABUL, Feb 30 (Reuters) - impossible date", "2021-08-01", None),
])
def test_dateline(line, reference, expected):
    assert date_from_dateline([line], reference=reference) == expected


def test_dateline_on_later_line():
    assert date_from_dateline(["Four killed in Kandahar", "By Staff", "KABUL, July 26 (Reuters) - ..."],
                              reference="2021-07-30") == "2021-07-26"


@pytest.mark.parametrize("value, expected", [
    ("2021-07-26T10:00:00Z", "2021-07-26"),
    ("Mon, 26 Jul 2021 10:00:00 +0000", "2021-07-26"),
    ("July 26, 2021", "2021-07-26"),
    ("26 July 2021", "2021-07-26"),
    ("yesterday-ish", None),
    ("", None),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_precedence():
    assert publication_date(metadata="2021-07-20", lead=["July 26, 2021 - x"], option="2021-08-01") == ("2021-07-20", "metadata")
    assert publication_date(lead=["July 26, 2021 - x"], option="2021-08-01") == ("2021-07-26", "dateline")
    assert publication_date(lead=["No date here"], option="2021-08-01") == ("2021-08-01", "option")
    assert publication_date(lead=["No date here"]) == (None, None)
    # a crawl date yields to the page, a record's publication date does not
    assert publication_date(lead=["July 26, 2021 - x"], record_date="2021-07-28T00:00:00Z",
                            record_date_is_publication=False) == ("2021-07-26", "dateline")
    assert publication_date(metadata="2021-07-20", record_date="2021-07-28") == ("2021-07-28", "metadata")


def test_dates_through_iter_articles(write):
    meta = write("m.html", html_page(published="2021-07-20T09:00:00+00:00"))
    dl_text = write("d.txt", "Four killed in Kandahar\n\nKABUL, July 26 (Reuters) - " + EN_TEXT)
    dl_html = write("d.html", html_page("KABUL, July 25 (Reuters) - " + EN_TEXT))
    none = write("n.txt", EN_TEXT)
    a, b, c, d = run([str(meta), str(dl_text), str(dl_html), str(none)], date="2021-08-01")[0]
    assert (a.published, a.published_source) == ("2021-07-20", "metadata")
    assert (b.published, b.published_source) == ("2021-07-26", "dateline")
    assert (c.published, c.published_source) == ("2021-07-25", "dateline")
    assert (d.published, d.published_source) == ("2021-08-01", "option")
    (e,) = run([str(none)])[0]
    assert e.published is None and e.published_source is None


def test_the_users_date_beats_a_date_in_the_page_header():
    # a line that is only a date is page furniture (often the capture day): --date wins over it
    lead = ["Monday, 30 November 2026", "Taliban fighters attacked a police post on Sunday."]
    assert publication_date(lead=lead, option="2021-07-26") == ("2021-07-26", "option")
    assert publication_date(lead=lead) == ("2026-11-30", "header")
    # a real dateline, and page metadata, still beat the user's fallback date
    assert publication_date(lead=["KABUL, July 25, 2021 (Reuters) - Taliban fighters ..."],
                            option="2021-07-26") == ("2021-07-25", "dateline")
    assert publication_date(metadata="2021-07-24", lead=lead, option="2021-07-26") == ("2021-07-24", "metadata")
