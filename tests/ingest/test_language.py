"""Language detection and the not-English skip."""
from __future__ import annotations

import logging

from wirecoder.ingest.language import detect_language

from .helpers import EN_TEXT, FR_TEXT, html_page, run


def test_detect_language():
    assert detect_language(EN_TEXT)[0] == "en" and detect_language(EN_TEXT)[1] > 0.9
    assert detect_language(FR_TEXT)[0] == "fr"
    assert detect_language("   ") == ("und", 0.0)


def test_non_english_skipped_and_logged(write, caplog):
    fr = write("fr.txt", FR_TEXT)
    fr_html = write("fr.html", html_page(FR_TEXT))
    en = write("en.txt", EN_TEXT)
    with caplog.at_level(logging.WARNING, logger="wirecoder.ingest"):
        arts, errs, stats = run([str(fr), str(fr_html), str(en)])
    assert [a.source for a in arts] == [str(en)] and errs == []
    assert stats.skipped["not_english"] == 2 and stats.failed == 0
    assert any(str(fr) in r.getMessage() and "fr" in r.getMessage() for r in caplog.records)


def test_short_text_never_rejected(write):
    (a,), _, stats = run([str(write("short.txt", "Kaboul: quatre morts."))])
    assert stats.skipped["not_english"] == 0 and a.raw == "Kaboul: quatre morts."


def test_languages_option(write):
    (a,), _, _ = run([str(write("fr.txt", FR_TEXT))], languages=("en", "fr"))
    assert a.language == "fr"
    (b,), _, _ = run([str(write("fr2.txt", FR_TEXT))], languages=None)
    assert b.language == "fr"
