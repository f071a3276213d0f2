"""Helpers shared by the test folders: the events of one type that a text gives, actors as
comparable codes, and a broken copy of a data file for a loader's error test. Imported by name (``from wc_helpers import codes``), as tests/store/wc_factories.py
is: pytest puts tests/ on the path when it loads the root conftest."""
from __future__ import annotations

import wirecoder
from wirecoder.pipeline import PipelineOptions

NO_GEO = PipelineOptions(geocode=False)


def typed(found, type_):
    """The events of ``found`` of type ``type_``, in order (none is no failure: for tests that an
    event is NOT found)."""
    return [e for e in found if e.event_type == type_]


def extracted_of_type(text, type_, date, **options):
    """The events of type ``type_`` that ``text`` (published on ``date``) gives through
    ``wirecoder.extract`` with ``options`` (default: the pipeline's), in order; possibly none."""
    return typed(wirecoder.extract(text, date=date, **options), type_)


def events_of_type(text, type_, options=NO_GEO, date="2022-03-10"):
    """The events of type ``type_`` that ``text`` (published on ``date``) gives, in order; fails,
    listing what was found, when there are none."""
    found = wirecoder.extract(text, date=date, options=options)
    evs = typed(found, type_)
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


def broken_copy(tmp_path, source, old: str, new: str, name: str | None = None):
    """A copy of the data file ``source`` under ``tmp_path`` (named ``name``, else as the source)
    with the first ``old`` written as ``new``, for a loader's error test; fails when the file holds
    no ``old`` (the test would check nothing)."""
    from pathlib import Path

    text = Path(source).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {source}"
    bad = tmp_path / (name or Path(source).name)
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad
