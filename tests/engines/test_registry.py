"""Engines by name, and the ``wirecoder run`` command line."""
from __future__ import annotations

import argparse

import pytest

from wirecoder.engines import RunResult, engine_names, get_engine, register_engine, run
from wirecoder.engines.cli import add_run_parser, cmd_run
from wirecoder.errors import WirecoderError

from .conftest import DATE, read_table


def test_builtin_engines():
    assert {"local", "spark"} <= set(engine_names())
    from wirecoder.engines import local

    assert get_engine("local") is local.run


def test_unknown_engine_names_the_choices():
    with pytest.raises(WirecoderError, match="choose one of .*local.*spark"):
        get_engine("dask")


def test_register_a_third_party_engine(tmp_path):
    calls = []

    def fake(inputs, output, options, **kw):
        calls.append((list(inputs), output, kw))
        return RunResult(str(output), "fake")

    register_engine("fake-test", fake)
    assert run(["x"], tmp_path, engine="fake-test", speed=3).engine == "fake"
    assert calls == [(["x"], tmp_path, {"speed": 3})]


def _parse(argv):
    parser = argparse.ArgumentParser(prog="wirecoder")
    parser.add_argument("-q", "--quiet", action="store_true")
    add_run_parser(parser.add_subparsers(dest="cmd"))
    return parser.parse_args(argv)


def test_cli_args():
    args = _parse(["run", "-i", "a.warc.gz", "b/", "--input", "c.jsonl", "-o", "out", "--engine", "spark",
                   "--master", "local[2]", "--conf", "spark.executor.memory=2g", "--dedupe"])
    assert args.inputs == ["a.warc.gz", "b/", "c.jsonl"]
    assert args.conf == [("spark.executor.memory", "2g")] and args.dedupe and args.workers == 1


def test_cli_bad_conf_is_a_usage_error():
    with pytest.raises(SystemExit):
        _parse(["run", "-i", "x", "-o", "out", "--conf", "no-equals-sign"])


def test_cli_run_exit_status_reports_failed_records(corpus, tmp_path, capsys):
    code = cmd_run(_parse(["run", "-i", corpus[1], "-o", str(tmp_path), "--date", DATE]))
    assert code == 2  # one broken JSON line
    err = capsys.readouterr().err
    assert "2 articles" in err and "1 errors" in err and "errors/" in err
    assert len(read_table(tmp_path, "articles")) == 2
