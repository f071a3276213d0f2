"""Counts of what ingest read and what it skipped, for the CLI's end-of-run summary."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import InputError

# Reasons whose skips mean data the user asked for was lost: the CLI should exit non-zero.
# (``non_html_record`` and ``not_english`` are expected filtering, not failures.)
FILTER_REASONS = frozenset({"non_html_record", "not_english", "http_error_record", "empty_entry"})


@dataclass
class IngestStats:
    """What one :func:`wirecoder.ingest.iter_articles` run did.

    ``read``: articles yielded; ``skipped[reason]``: inputs/records not yielded, per reason
    (``not_english``, ``non_html_record``, ``too_large``, ``empty``, ``binary``, ``undecodable``,
    ``bad_record``, ``missing``, ``truncated``, ``not_a_feed``, ``unreachable``, ``robots``, ...);
    ``errors``: how many of those were reported as :class:`InputError`.

        >>> s = IngestStats(); s.skip("empty"); s.summary()
        'read 0 articles; skipped 1 (empty 1)'
    """

    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: int = 0

    def skip(self, reason: str, n: int = 1) -> None:
        """Count ``n`` skipped items for ``reason``."""
        self.skipped[reason] += n

    def error(self, source: str, problem: str, reason: str) -> InputError:
        """Count a skip for ``reason`` and return the :class:`InputError` to yield for it."""
        self.skip(reason)
        self.errors += 1
        err = InputError(source, problem)
        err.reason = reason  # type: ignore[attr-defined]  # lets callers group errors
        return err

    @property
    def total_skipped(self) -> int:
        """All skipped items, whatever the reason."""
        return sum(self.skipped.values())

    @property
    def failed(self) -> int:
        """Skips that are failures (bad or unreadable input), not expected filtering."""
        return sum(n for reason, n in self.skipped.items() if reason not in FILTER_REASONS)

    def summary(self) -> str:
        """One line: ``read N articles; skipped M (reason n, ...)``."""
        line = f"read {self.read} article{'' if self.read == 1 else 's'}"
        if self.skipped:
            parts = ", ".join(f"{r} {n}" for r, n in sorted(self.skipped.items()))
            line += f"; skipped {self.total_skipped} ({parts})"
        return line
