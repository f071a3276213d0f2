"""``wirecoder serve``: an HTTP API and a map-and-timeline page over the event store.

    from wirecoder.serve import ServeConfig, create_app
    app = create_app(ServeConfig(db="events.duckdb"))

See :mod:`wirecoder.serve.app` for the endpoints, :mod:`wirecoder.serve.access` for how reads
and writes share the store, :mod:`wirecoder.serve.auth` for tokens.
"""
from __future__ import annotations

from .app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
