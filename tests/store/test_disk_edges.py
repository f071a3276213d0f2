"""A full disk and a truncated store file are one line each (StoreError), never a traceback."""
from __future__ import annotations

import io

import duckdb
import pytest

from wirecoder.pipeline import process_article
from wirecoder.store import Store, StoreError, ingest


def test_truncated_store_file_is_one_clear_error(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db):
        pass
    data = db.read_bytes()
    bad = tmp_path / "t.duckdb"
    bad.write_bytes(data[:20_000])
    with pytest.raises(StoreError, match="is truncated or damaged"):
        Store(bad, read_only=True)


def test_full_disk_stops_the_ingest_with_one_line_and_keeps_what_was_committed(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    for k in range(3):
        (folder / f"a{k}.txt").write_text(f"Police arrested {k + 3} protesters in Karachi on Monday.\n")
    db = tmp_path / "s.duckdb"
    real = Store.add_many
    calls = {"n": 0}

    def add_many(self, items):
        calls["n"] += 1
        if calls["n"] > 1:
            raise duckdb.IOException('Could not write file "s.duckdb.wal": No space left on device')
        return real(self, items)
    monkeypatch.setattr(Store, "add_many", add_many)
    with pytest.raises(StoreError, match="the disk is full"):
        ingest([str(folder)], db, date="2021-07-26", batch_size=1, process=process_article, stream=io.StringIO())
    monkeypatch.setattr(Store, "add_many", real)
    with Store(db, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
