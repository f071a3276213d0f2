"""An exchange of people that a plan made before proposed ("had earlier proposed swapping X for Y") is no
release of its own, as other overtaken plans are not; an exchange done stays two releases."""
from __future__ import annotations

from wc_helpers import extracted_of_type


def _releases(text: str) -> list:
    return extracted_of_type(text, "RETREAT", "2023-03-14")


def test_an_exchange_an_earlier_plan_proposed_is_no_release():
    assert not _releases("The governor of Doloria had previously proposed swapping the jailed smuggler for "
                         "hostages being held by the river gangs.")


def test_an_exchange_done_is_two_releases():
    assert len(_releases("On Monday the governor of Doloria swapped the jailed smuggler for nine hostages "
                         "held by the river gangs.")) >= 1
