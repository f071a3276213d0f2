"""Helpers shared by the test folders: the events of one type that a text gives, and actors as
comparable codes. Imported by name (``from wc_helpers import codes``), as tests/store/wc_factories.py
is: pytest puts tests/ on the path when it loads the root conftest."""
from __future__ import annotations

import wirecoder
from wirecoder.pipeline import PipelineOptions

NO_GEO = PipelineOptions(geocode=False)


def events_of_type(text, type_, options=NO_GEO, date="2022-03-10"):
    """The events of type ``type_`` that ``text`` (published on ``date``) gives, in order; fails,
    listing what was found, when there are none."""
    found = wirecoder.extract(text, date=date, options=options)
    evs = [e for e in found if e.event_type == type_]
    assert evs, f"no {type_} in {text!r}: {[(e.event_type, e.trigger) for e in found]}"
    return evs


def of_type(text, type_, options=NO_GEO, date="2022-03-10"):
    """The first event of type ``type_`` that ``text`` gives (see events_of_type)."""
    return events_of_type(text, type_, options, date)[0]


def codes(actors):
    """Actors as a set of (country, sector)."""
    return {(a.country, a.sector) for a in actors}


def countries(actors):
    """Actors' countries as a set."""
    return {a.country for a in actors}
