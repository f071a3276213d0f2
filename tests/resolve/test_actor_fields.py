"""Actor fields of events: countries and sectors of the doers and the done-to (sentences written
for these tests)."""
from __future__ import annotations

import wirecoder
from wirecoder.pipeline import PipelineOptions

OPTS = PipelineOptions(geocode=False)


def of_type(text, type_):
    evs = [e for e in wirecoder.extract(text, date="2023-04-12", options=OPTS) if e.event_type == type_]
    assert evs, f"no {type_} in {text!r}"
    return evs[0]


def codes(actors):
    return {(a.country, a.sector) for a in actors}


def test_a_stance_prefix_names_no_country():
    # "pro-Serbian gunmen" back Serbia; they are not Serbia's
    e = of_type("Pro-Serbian gunmen ambushed a ferry crew near the quay at dawn.", "ASSAULT")
    assert "SRB" not in {a.country for a in e.actor}
    e = of_type("Anti-Serbian militants ambushed a ferry crew near the quay at dawn.", "ASSAULT")
    assert "SRB" not in {a.country for a in e.actor}
    # without the prefix the demonym still gives the country
    e = of_type("Serbian gunmen ambushed a ferry crew near the quay at dawn.", "ASSAULT")
    assert "SRB" in {a.country for a in e.actor}
