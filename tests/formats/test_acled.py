"""ACLED-style CSV by ACLED's codebook, checked by tests/formats/acled_checker.py."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from wc_factories import PLACES, make_article, make_event  # noqa: E402

from tests.formats.acled_checker import check_file  # noqa: E402
from wirecoder.export import export  # noqa: E402
from wirecoder.query import query  # noqa: E402
from wirecoder.store import Store  # noqa: E402

PLACES.setdefault("nairobi", dict(text="Nairobi", name="Nairobi", geonameid=184745, lat=-1.28, lon=36.82,
                                  country="KEN", admin1="Nairobi", precision="town"))
PLACES.setdefault("mombasa", dict(text="Mombasa", name="Mombasa", geonameid=186301, lat=-4.05, lon=39.67,
                                  country="KEN", admin1="Mombasa", precision="town"))


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "e.duckdb")
    a = make_article("https://nation.africa/kenya/news/a", "x", published="2023-03-21")
    b = make_article("https://www.reuters.com/world/africa/b", "y", published="2023-03-21")
    c = make_article("https://dawn.com/c", "z")
    s.add(a, [
        make_event(a, "Hundreds of protesters marched in Nairobi; police fired tear gas.", "PROTEST",
                   actor=("protesters", "KEN", "CVL"), recipient=("police", "KEN", "COP"), place="nairobi",
                   day="2023-03-20", people=300, qualifier="at_least",
                   acled=("Protests", "Excessive force against protesters")),
        make_event(a, "Gunmen killed 4 villagers near Nairobi.", "ASSAULT", actor=("gunmen", None, "UAF"),
                   recipient=("villagers", "KEN", "CVL"), place="nairobi", day="2023-03-19", dead=4,
                   acled=("Violence against civilians", "Attack")),
        make_event(a, "Rioters torched shops in Nairobi.", "PROTEST", actor=("rioters", "KEN", "CVL"),
                   recipient=None, place="mombasa", day="2023-02-01", acled=("Riots", "Violent demonstration")),
        make_event(a, "Police will arrest the organisers.", "COERCE", actor=("police", "KEN", "COP"),
                   place="nairobi", modality="future", acled=("Strategic developments", "Arrests")),
        make_event(a, "Clashes continued during 2022.", "ASSAULT", place="nairobi", day="2022",
                   precision="year", acled=("Battles", "Armed clash")),
        make_event(a, "Police raided a camp in March.", "SANCTION", actor=("police", "PAK", "COP"),
                   recipient=None, place="lahore", day="2023-03", precision="month",
                   acled=("Strategic developments", "Arrests")),
    ])
    s.add(b, [make_event(b, "Gunmen killed four villagers near Nairobi.", "ASSAULT", actor=("gunmen", None, "UAF"),
                         recipient=("villagers", "KEN", "CVL"), place="nairobi", day="2023-03-19", dead=4,
                         acled=("Violence against civilians", "Attack"))])
    s.add(c, [make_event(c, "Militants killed 3 police in Karachi.", "ASSAULT", actor=("militants", None, "REB"),
                         recipient=("police", "PAK", "COP"), place="karachi", dead=3, acled=("Battles", "Armed clash")),
              make_event(c, "Afghan troops crossed at Arundu.", place="arundu",
                         acled=("Strategic developments", "Non-violent transfer of territory")),
              make_event(c, "Talks were held.", "CONSULT", place=None)])
    yield s
    s.close()


def _rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8", newline="")))


def test_export_passes_the_codebook_checker(store, tmp_path):
    out = tmp_path / "e.acled.csv"
    n = export(store, out)
    assert check_file(out) == []
    rows = _rows(out)
    assert n == len(rows) == 6  # the future arrests, the year-dated clash and the consultation are not ACLED rows
    by_sub = {r["sub_event_type"]: r for r in rows}
    protest = by_sub["Excessive force against protesters"]
    assert protest["actor1"] == "Protesters (Kenya)" and protest["inter1"] == "6"
    assert protest["actor2"] == "Police Forces of Kenya" and protest["inter2"] == "1" and protest["interaction"] == "16"
    assert protest["disorder_type"] == "Political violence; Demonstrations"
    assert protest["tags"] == "crowd size=at least 300"
    assert protest["iso"] == "404" and protest["region"] == "Eastern Africa" and protest["country"] == "Kenya"
    assert protest["source"] == "Daily Nation" and protest["source_scale"] == "National"
    riot = by_sub["Violent demonstration"]
    assert riot["actor1"] == "Rioters (Kenya)" and riot["inter1"] == "5" and riot["interaction"] == "50"
    assert riot["tags"] == "crowd size=no report"
    attack = by_sub["Attack"]
    assert attack["actor1"] == "Unidentified Armed Group (Kenya)" and attack["actor2"] == "Civilians (Kenya)"
    assert attack["interaction"] == "37" and attack["civilian_targeting"] == "Civilian targeting"
    assert set(attack["source"].split("; ")) == {"Daily Nation", "Reuters"}
    assert attack["source_scale"] == "National-International" and attack["fatalities"] == "4"
    month = by_sub["Arrests"]
    assert month["event_date"] == "2023-03-15" and month["time_precision"] == "3"
    battle = by_sub["Armed clash"]
    assert battle["actor2"] == "Police Forces of Pakistan" and battle["interaction"] == "13"
    assert battle["iso"] == "586" and battle["region"] == "South Asia" and battle["civilian_targeting"] == ""
    assert battle["event_id_cnty"].startswith("PAK")


def test_filtered_event_export_has_one_row_per_cluster(store, tmp_path):
    """Exporting an events query (two reports of one attack) gives one ACLED row per cluster."""
    out = tmp_path / "f.acled.csv"
    export(store, out, relation=query(store, type="ASSAULT"))
    rows = _rows(out)
    assert check_file(out) == []
    assert len(rows) == len({r["event_id_cnty"] for r in rows}) == 2


def test_checker_catches_a_bad_row(tmp_path):
    from tests.formats.acled_checker import COLUMNS, check_row
    row = dict.fromkeys(COLUMNS, "")
    row.update(event_id_cnty="XXX1", event_date="2023-03-20", year="2023", time_precision="1",
               disorder_type="Political violence", event_type="Protests", sub_event_type="Peaceful protest",
               actor1="Protesters (Kenya)", inter1="6", inter2="0", interaction="6", iso="KEN", region="Africa",
               country="Kenya", geo_precision="1", fatalities="0", source="https://x.org/a")
    problems = " | ".join(check_row(row))
    for want in ("disorder_type", "interaction", "iso", "region", "source", "tags"):
        assert want in problems
