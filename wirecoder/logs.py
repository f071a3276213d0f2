"""Library log records routed through wirecoder's logging, at wirecoder's levels.

trafilatura, htmldate, courlan, justext, charset_normalizer and other libraries log about the
one page they were handed ("parsed tree length: 0", "discarding data: None"), at WARNING and
ERROR. Printed as they are, they read as wirecoder's own warnings about the run. Routed, each goes
to the logger ``wirecoder.lib.<library>`` with its text prefixed by the library name, and a
library's INFO..ERROR become DEBUG (shown with ``-vv``): when a page yields nothing, wirecoder
reports that itself, once, naming the file. CRITICAL stays WARNING.

    >>> route_library_logs()            # done by the CLI at start-up      # doctest: +SKIP
"""
from __future__ import annotations

import logging

LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer",
             "lxml", "urllib3", "filelock", "langid", "dateparser", "py4j", "pyspark", "numba",
             "httpx", "httpcore", "spacy", "thinc")


def level_for(levelno: int) -> int:
    """Our level for a library record of level ``levelno``."""
    return logging.WARNING if levelno >= logging.CRITICAL else logging.DEBUG


class _Relay(logging.Handler):
    """Re-emits a library's records into ``wirecoder.lib.<library>`` at :func:`level_for`."""

    def __init__(self, library: str):
        super().__init__(logging.NOTSET)
        self.library = library
        self.target = logging.getLogger(f"wirecoder.lib.{library}")

    def emit(self, record: logging.LogRecord) -> None:
        level = level_for(record.levelno)
        if not self.target.isEnabledFor(level):
            return
        try:
            msg = record.getMessage()
        except Exception:  # noqa: BLE001 - a library's bad format string is not our crash
            msg = str(record.msg)
        self.target.log(level, "%s: %s", self.library, msg.splitlines()[0] if msg else msg)


def route_library_logs(libraries: tuple[str, ...] = LIBRARIES) -> None:
    """Route every library of ``libraries`` (and its child loggers) through wirecoder's logging."""
    for name in libraries:
        lib = logging.getLogger(name)
        if any(isinstance(h, _Relay) for h in lib.handlers):
            continue
        for h in list(lib.handlers):
            lib.removeHandler(h)
        lib.addHandler(_Relay(name))
        lib.propagate = False
        lib.setLevel(logging.DEBUG if logging.getLogger("wirecoder").isEnabledFor(logging.DEBUG)
                     else logging.CRITICAL)
