"""The one progress display of wirecoder (extract, ingest, run, the first gazetteer build), on stderr.

On a terminal it is a tqdm bar (count, rate, ETA when the total is known, events so far). Into a
file or a pipe it writes a plain line every ``every`` seconds instead (a bar redrawn with carriage
returns makes a log unreadable), with the same figures:

    wirecoder: 120 articles, 1,204 events, 6.1 articles/s, 40/200 inputs, ETA 0:00:13

The numbers and rate are tqdm's (``tqdm.format_interval`` for times), so both forms agree.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO, Any, Optional, Sequence

from tqdm import tqdm

from .cliargs import plural


class Progress:
    """Count units (articles, steps) and events; show rate and ETA; :meth:`close` returns the summary."""

    def __init__(self, label: str, total: Optional[int] = None, unit: str = "article", *,
                 stream: Optional[IO[str]] = None, enabled: bool = True, every: float = 5.0,
                 total_unit: Optional[str] = None):
        self.label, self.unit, self.total, self.every = label, unit, total, every
        self.total_unit = total_unit          # the total counts something else (inputs) than the unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.done = self.events = 0
        self.of_total = 0                     # progress towards ``total`` when it counts inputs
        self.start = self.last = time.monotonic()
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.bar: Optional[tqdm] = None
        if enabled and tty:
            self.bar = tqdm(total=total, desc=label, unit=total_unit or unit, file=self.stream, leave=False,
                            dynamic_ncols=True, mininterval=0.5)

    def update(self, n: int = 1, events: int = 0, of_total: Optional[int] = None, note: str = "") -> None:
        self.done += n
        self.events += events
        step = n if of_total is None else max(of_total - self.of_total, 0)
        self.of_total = self.of_total + n if of_total is None else of_total
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(step)
            post = ", ".join(x for x in (note, plural(self.events, "event") if self.events else "",
                                         plural(self.done, self.unit) if self.total_unit else "") if x)
            if post:
                self.bar.set_postfix_str(post, refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(f"wirecoder: {self.line(now, note)}\n")
            self.stream.flush()

    def line(self, now: Optional[float] = None, note: str = "") -> str:
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        parts = [plural(self.done, self.unit)]
        if self.events:
            parts.append(plural(self.events, "event"))
        parts.append(f"{self.done / elapsed:.1f} {self.unit}s/s")
        if self.total:
            frac = min(self.of_total / self.total, 1.0)
            if self.total_unit:
                parts.append(f"{self.of_total}/{self.total} {self.total_unit}s")
            if frac > 0:
                parts.append(f"ETA {tqdm.format_interval(elapsed * (1 - frac) / frac)}")
        if note:
            parts.append(note)
        return ", ".join(parts)

    def close(self) -> str:
        """Stop the bar; return the summary line (``label: N articles, M events in Ts (R articles/s)``)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        el = max(time.monotonic() - self.start, 1e-9)
        events = f", {plural(self.events, 'event')}" if self.events or self.unit == "article" else ""
        return (f"{self.label}: {plural(self.done, self.unit)}{events} in {el:.1f}s "
                f"({self.done / el:.1f} {self.unit}s/s)")

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


# what a total of inputs is counted in (ingest, extract)
def input_of(source: str) -> str:
    for sep in ("#", "::"):
        if sep in source:
            return source.split(sep, 1)[0]
    return source


def count_inputs(sources: Sequence[str]) -> Optional[int]:
    """Number of input files (directories walked); None when inputs are URLs or stdin."""
    n = 0
    for s in sources:
        p = Path(s)
        if p.is_file():
            n += 1
        elif p.is_dir():
            n += sum(1 for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            return None
    return n or None
