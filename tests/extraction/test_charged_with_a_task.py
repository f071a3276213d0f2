""""Charged with" a task ("charged with achieving a settlement", "charged with the task of ...") is no
arrest; "charged with" an offence stays one (lexicon.tsv)."""
from __future__ import annotations

from wc_helpers import extracted_of_type


def _arrests(text: str) -> list:
    return extracted_of_type(text, "COERCE", "2023-03-14")


def test_charged_with_a_task_is_no_arrest():
    assert not _arrests("The envoys, who have been charged with achieving a settlement, met in Doloria on Monday.")
    assert not _arrests("A new panel was charged with the task of rebuilding the bridge at Velora.")


def test_charged_with_an_offence_is_an_arrest():
    assert _arrests("Two men were charged with murder in Doloria on Monday.")
