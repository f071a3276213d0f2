"""Fixtures for the serve tests: the store of serve_helpers.build_store and app clients."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from serve_helpers import TOKEN, build_store

from wirecoder.serve import ServeConfig, create_app


@pytest.fixture(scope="module")
def store_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "events.duckdb"
    ids = build_store(db)
    return db, ids


@pytest.fixture(scope="module")
def ids(store_db):
    return store_db[1]


@pytest.fixture(scope="module")
def client(store_db):
    """Open reads, writes with :data:`TOKEN`, over a read-only copy of the module's store."""
    app = create_app(ServeConfig(db=store_db[0], token=TOKEN, read_only=True))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def writable(tmp_path):
    """A client over a fresh store built like the module one, which tests may write to."""
    db = tmp_path / "events.duckdb"
    ids = build_store(db)
    app = create_app(ServeConfig(db=db, token=TOKEN))
    with TestClient(app) as c:
        c.ids = ids  # type: ignore[attr-defined]
        yield c
