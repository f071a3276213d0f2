"""``wirecoder serve``: an HTTP API and a map-and-timeline page over the event store.

    from wirecoder.serve import ServeConfig, create_app
    app = create_app(ServeConfig(db="events.duckdb"))

See :mod:`wirecoder.serve.app` for the endpoints, :mod:`wirecoder.serve.access` for how reads
and writes share the store, :mod:`wirecoder.serve.auth` for tokens.
"""
from __future__ import annotations

from typing import Any

__all__ = ["ServeConfig", "create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI is imported on first use, so registering `wirecoder serve` in the CLI stays cheap.
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
