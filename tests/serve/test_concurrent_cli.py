"""The store stays queryable while served: a server without writes opens it read-only, so
`wirecoder query` from another process works meanwhile; a writable server holds the write lock,
announces itself beside the store, and CLI reads from other processes go through a snapshot it
makes (they see every committed write); without an announcement the CLI says in one line that
the store is in use (no traceback)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from serve_helpers import TOKEN, build_store, free_port, serve_in_thread

from wirecoder.serve import ServeConfig, create_app

ROOT = Path(__file__).resolve().parents[2]


def _query(db: Path, *args: str) -> subprocess.CompletedProcess:
    argv = list(args) or ["query", "--db", str(db), "--type", "RETREAT"]
    code = f"import sys; from wirecoder.cli import main; sys.exit(main({argv!r}))"
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


def test_cli_reads_a_store_a_writable_server_holds(tmp_path):
    import httpx

    from wirecoder.serve.local import announcement_path, snapshot_path

    db = tmp_path / "events.duckdb"
    build_store(db)
    app = create_app(ServeConfig(db=db, token=TOKEN))
    port = free_port()
    with serve_in_thread(app, port) as url:
        ann = app.state.snapshots.announce(url)
        assert ann == announcement_path(db) and oct(ann.stat().st_mode & 0o777) == "0o600"
        proc = _query(db)
        assert proc.returncode == 0, proc.stderr
        assert "crossed the border into Chitral" in proc.stdout and "Traceback" not in proc.stderr
        # a write, then the CLI sees it: a new snapshot is made after every write
        r = httpx.post(url + "/articles", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120,
                       json={"text": "Protesters marched through Quetta on Monday demanding the release "
                                     "of detained activists, police said.", "date": "2021-07-27"})
        assert r.status_code == 201, r.text
        proc = _query(db, "query", "--db", str(db), "--type", "PROTEST")
        assert proc.returncode == 0 and "Quetta" in proc.stdout, proc.stderr
        out = tmp_path / "out.jsonl"
        proc = _query(db, "query", "--db", str(db), "-o", str(out))
        assert proc.returncode == 0 and out.read_text().count("\n") >= 2, proc.stderr
        for cmd in (["stats", "--db", str(db)], ["info", "--db", str(db)], ["incidents", "--db", str(db)]):
            proc = _query(db, *cmd)
            assert proc.returncode == 0, (cmd, proc.stderr)
        # an ingest cannot share the write lock: one line that says where to post instead
        art = tmp_path / "a.txt"
        art.write_text("Rebels attacked a convoy near Herat on Sunday, officials said.")
        proc = _query(db, "ingest", "--db", str(db), str(art))
        assert proc.returncode == 2 and f"POST {url}/articles" in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
        # the snapshot endpoint wants the key of the announcement
        assert httpx.post(url + "/local/snapshot").status_code == 403
        assert httpx.post(url + "/local/snapshot", headers={"X-Wirecoder-Local-Key": "x" * 43}).status_code == 403
        # reads of the page go on meanwhile
        assert httpx.get(url + "/events").status_code == 200
    assert not announcement_path(db).exists() and not snapshot_path(db).exists()


def test_a_stale_announcement_is_ignored(tmp_path):
    import json

    from wirecoder.serve.local import announcement_path, find_server

    db = tmp_path / "events.duckdb"
    build_store(db)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    announcement_path(db).write_text(json.dumps({"pid": int(dead.stdout), "url": "http://127.0.0.1:9", "key": "k"}))
    assert find_server(db) is None
    assert _query(db).returncode == 0          # nothing holds the store: read directly
