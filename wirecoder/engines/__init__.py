"""Engines run the pipeline over many inputs and write the results as Parquet tables.

An engine is a function ``run(inputs, output, options, **engine_options) -> RunResult`` registered
by name; the stages never know which engine runs them. Built in:

``local``  a pool of processes on this machine (:mod:`wirecoder.engines.local`)
``spark``  Apache Spark, local mode or a cluster (:mod:`wirecoder.engines.spark`)

    >>> from wirecoder.engines import RunOptions, get_engine
    >>> get_engine("local")(["news/"], "out/", RunOptions(dedupe=True), workers=2)   # doctest: +SKIP

Third parties add their own with :func:`register_engine` (a callable, or ``"module:function"``
imported on first use, so that ``pyspark`` is only imported when the Spark engine runs).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Union

from ..errors import WirecoderError

if TYPE_CHECKING:
    from .common import RunOptions, RunResult

Engine = Callable[..., "RunResult"]
_COMMON = ("ARTICLE_SCHEMA", "ERROR_SCHEMA", "RunOptions", "RunResult", "WorkUnit", "plan_inputs")


def __getattr__(name: str) -> Any:
    # The shared pieces import the pipeline (spaCy); load them on first use so that
    # `wirecoder --help` and registering the CLI stay fast.
    if name in _COMMON:
        return getattr(importlib.import_module(".common", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_ENGINES: dict[str, Union[str, Engine]] = {
    "local": "wirecoder.engines.local:run",
    "spark": "wirecoder.engines.spark:run",
}


def register_engine(name: str, engine: Union[str, Engine]) -> None:
    """Make ``engine`` (a callable or ``"module:function"``) available as ``name``."""
    _ENGINES[name] = engine


def engine_names() -> list[str]:
    """Names of the registered engines."""
    return sorted(_ENGINES)


def get_engine(name: str) -> Engine:
    """The engine registered as ``name``; :class:`WirecoderError` naming the choices if unknown."""
    target = _ENGINES.get(name)
    if target is None:
        raise WirecoderError(f"unknown engine {name!r}; choose one of {', '.join(engine_names())}")
    if isinstance(target, str):
        mod, _, attr = target.partition(":")
        target = getattr(importlib.import_module(mod), attr)
        _ENGINES[name] = target
    return target


def run(inputs: Any, output: Any, options: "RunOptions | None" = None, *, engine: str = "local",
        **engine_options: Any) -> "RunResult":
    """Run the pipeline over ``inputs`` with the engine named ``engine``; write tables to ``output``."""
    return get_engine(engine)(inputs, output, options, **engine_options)


__all__ = ["ARTICLE_SCHEMA", "ERROR_SCHEMA", "RunOptions", "RunResult", "WorkUnit", "engine_names",
           "get_engine", "plan_inputs", "register_engine", "run"]
