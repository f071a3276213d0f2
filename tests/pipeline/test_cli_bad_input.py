"""Bad input: one line naming the file and the problem, exit status 2, the other files still processed."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from wirecoder.cli import main

GOOD = "Rebels attacked an army base in Kunduz province on Sunday, the defence ministry said.\n"


@pytest.fixture
def inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20)
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes(b"Soldiers \x81\x8d\x8f\x90\x9d crossed " * 5 + b"\x81\x8d\x8f\x90\x9d")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)      # a 50 MB file (sparse: no need to write 50 MB)
    nothing = tmp_path / "no-articles"
    nothing.mkdir()
    (nothing / ".hidden.txt").write_text("hidden")
    return {"good": good, "empty": empty, "binary": binary, "undecodable": undecodable, "big": big,
            "nothing": nothing, "missing": tmp_path / "missing.txt"}


def test_each_bad_input_is_one_line_and_the_good_file_still_runs(inputs, capsys):
    order = ["missing", "nothing", "empty", "binary", "undecodable", "big", "good"]
    code = main(["extract", "--date", "2021-07-26", *[str(inputs[k]) for k in order]])
    out, err = capsys.readouterr()
    assert code == 2
    events = [json.loads(line) for line in out.splitlines()]
    assert events and all(e["sentence"].startswith("Rebels attacked") for e in events)
    lines = [line for line in err.splitlines() if line.startswith("wirecoder: ") and "read " not in line]
    for key in ["missing", "nothing", "empty", "binary", "big"]:
        mine = [line for line in lines if str(inputs[key]) in line]
        assert len(mine) == 1, (key, err)
    assert "Traceback" not in err


def test_undecodable_bytes_are_reported_or_decoded(inputs, capsys):
    code = main(["extract", "-q", str(inputs["undecodable"])])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code in (0, 2)
    if code == 2:
        assert str(inputs["undecodable"]) in err and len(err.strip().splitlines()) == 1


def test_real_process_exit_status_and_no_traceback(inputs):
    proc = subprocess.run([sys.executable, "-m", "wirecoder.cli", "extract", "-q", str(inputs["missing"])],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert str(inputs["missing"]) in proc.stderr


def test_unwritable_output_is_an_error_not_a_traceback(inputs, tmp_path, capsys):
    code = main(["extract", "-q", str(inputs["good"]), "-o", str(tmp_path / "no" / "such" / "dir.jsonl")])
    _, err = capsys.readouterr()
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_parquet_to_stdout_is_refused(inputs, capsys):
    code = main(["extract", "-q", str(inputs["good"]), "--format", "parquet"])
    _, err = capsys.readouterr()
    assert code == 1 and "-o" in err
