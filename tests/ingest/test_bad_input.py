"""Every kind of bad input gives one InputError naming the input and the problem; the run goes on."""
from __future__ import annotations

import gzip
import random

from .helpers import EN_TEXT, run


def _one_error(errs, path, words):
    assert len(errs) == 1, errs
    msg = str(errs[0])
    assert "\n" not in msg
    assert msg.startswith(str(path)), msg
    assert any(w in msg for w in words), msg


def test_missing_path_and_others_go_on(write, tmp_path):
    good = write("good.txt", EN_TEXT)
    arts, errs, stats = run([str(tmp_path / "nope.txt"), str(good)])
    _one_error(errs, tmp_path / "nope.txt", ["no such file"])
    assert len(arts) == 1 and stats.skipped["missing"] == 1 and stats.failed == 1


def test_empty_file(write):
    p = write("empty.txt", "")
    arts, errs, stats = run([str(p)])
    _one_error(errs, p, ["empty"])
    assert stats.skipped["empty"] == 1
    p2 = write("blank.txt", "  \n\n\t ")
    _one_error(run([str(p2)])[1], p2, ["empty"])


def test_empty_folder_and_only_hidden(tmp_path, write):
    d = tmp_path / "emptydir"
    d.mkdir()
    _, errs, stats = run([str(d)])
    _one_error(errs, d, ["no readable files"])
    write("h/.x.txt", EN_TEXT)
    _, errs, _ = run([str(tmp_path / "h")])
    _one_error(errs, tmp_path / "h", ["no readable files (1 hidden)"])
    write("e/a.txt", EN_TEXT)
    _, errs, _ = run([str(tmp_path / "e")], exclude=["*.txt"])
    _one_error(errs, tmp_path / "e", ["excluded"])


def test_binary_files(write):
    for name, data in [("nul.txt", b"Hello\x00world" * 50),
                       ("ctrl.txt", bytes([1, 2, 3, 4, 5, 6, 65]) * 100),
                       ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
                       ("img.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))]:
        p = write(name, data)
        arts, errs, stats = run([str(p)])
        _one_error(errs, p, ["binary"])
        assert arts == [] and stats.skipped["binary"] == 1


def test_undecodable(write):
    rnd = random.Random(1)
    data = bytes(rnd.randrange(0x80, 0x100) for _ in range(3000))
    p = write("mojibake.txt", data)
    _, errs, stats = run([str(p)])
    _one_error(errs, p, ["undecodable"])
    assert stats.skipped["undecodable"] == 1


def test_too_large_rejected_without_reading(write, tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.write((EN_TEXT + "\n").encode() * 1000)
        f.truncate(50 * 1024 * 1024)  # 50 MB; the tail is a hole of NULs that is never read
    arts, errs, stats = run([str(p)], max_bytes=20_000_000)
    _one_error(errs, p, ["over the 20,000,000-byte limit"])
    assert stats.skipped["too_large"] == 1
    small = write("small.txt", EN_TEXT)
    _one_error(run([str(small)], max_bytes=100)[1], small, ["limit"])


def test_gzip_bomb_limited(write):
    p = write("big.txt.gz", gzip.compress((EN_TEXT + "\n").encode() * 2000))
    _one_error(run([str(p)], max_bytes=10_000)[1], p, ["limit"])


def test_truncated_gzip_document(write):
    data = gzip.compress(random.Random(2).randbytes(20000).hex().encode())
    p = write("cut.txt.gz", data[: len(data) // 2])
    _, errs, stats = run([str(p)])
    _one_error(errs, p, ["truncated"])
    assert stats.skipped["truncated"] == 1
