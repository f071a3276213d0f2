"""The store stays queryable while served: a server without writes opens it read-only, so
`wirecoder query` from another process works meanwhile; a writable server holds the write lock,
and the CLI then says so in one line (no traceback)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from serve_helpers import TOKEN, build_store

from wirecoder.serve import ServeConfig, create_app

ROOT = Path(__file__).resolve().parents[2]


def _query(db: Path) -> subprocess.CompletedProcess:
    code = ("import sys; from wirecoder.cli import main; "
            f"sys.exit(main(['query', '--db', {str(db)!r}, '--type', 'RETREAT']))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_cli_queries_while_a_read_only_server_runs(tmp_path):
    db = tmp_path / "events.duckdb"
    build_store(db)
    with TestClient(create_app(ServeConfig(db=db))) as c:       # no token: writes disabled
        assert c.get("/health").json()["events"] > 0
        proc = _query(db)
        assert proc.returncode == 0, proc.stderr
        assert "crossed the border into Chitral" in proc.stdout
        assert c.get("/events").status_code == 200


def test_a_missing_store_is_created_then_served_read_only(tmp_path):
    db = tmp_path / "new" / "events.duckdb"
    with TestClient(create_app(ServeConfig(db=db))) as c:
        assert c.get("/health").json()["events"] == 0
        assert c.app.state.access.store.read_only
        assert _query(db).returncode == 0


def test_a_writable_server_holds_the_lock_and_the_cli_says_so(tmp_path):
    db = tmp_path / "events.duckdb"
    build_store(db)
    with TestClient(create_app(ServeConfig(db=db, token=TOKEN))):
        proc = _query(db)
    assert proc.returncode == 2 and "in use by another wirecoder process" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
