"""Opening a store: not-DuckDB files, foreign databases and schema versions are refused clearly."""
from __future__ import annotations

import duckdb
import pytest

from wirecoder.store import SCHEMA_VERSION, Store, StoreError, default_db_path


def test_not_a_duckdb_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_bytes(b"these are my notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store(path)
    assert "not a DuckDB database" in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == before


def test_foreign_duckdb_database_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    with pytest.raises(StoreError, match="not a wirecoder store"):
        Store(path)
    con = duckdb.connect(str(path))
    assert con.execute("SELECT * FROM t").fetchall() == [(1,)]
    con.close()


@pytest.mark.parametrize("version,message", [(0, "older"), (SCHEMA_VERSION + 1, "newer")])
def test_other_schema_version_is_refused(tmp_path, version, message):
    path = tmp_path / "events.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    con.close()
    with pytest.raises(StoreError, match=message) as err:
        Store(path)
    assert "\n" not in str(err.value)


def test_older_schema_is_migrated_when_a_migration_exists(tmp_path, monkeypatch):
    from wirecoder import store as store_mod
    path = tmp_path / "events.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    calls = []
    monkeypatch.setitem(store_mod.MIGRATIONS, 0, lambda c: calls.append(c.execute("SELECT 1").fetchone()))
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    assert calls == [(1,)]


def test_read_only_missing_store(tmp_path):
    with pytest.raises(StoreError, match="no store here yet"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_default_path_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("WIRECODER_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("WIRECODER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "wirecoder" / "events.duckdb"


def test_a_writer_bounds_its_duckdb_memory(tmp_path, monkeypatch):
    path = tmp_path / "events.duckdb"
    with Store(path) as store:  # default: 1 GB, whatever the machine has
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"  # 1 GB
    monkeypatch.setenv("WIRECODER_MEMORY", "512MB")
    with Store(path) as store:
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "488.2 MiB"
    monkeypatch.setenv("WIRECODER_MEMORY", "lots")
    with pytest.raises(StoreError) as err:
        Store(path)
    assert "WIRECODER_MEMORY" in str(err.value) and "\n" not in str(err.value)
