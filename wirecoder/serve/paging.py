"""Opaque cursors for keyset paging over a sorted relation.

A cursor is URL-safe base64 of ``{"v": 1, "s": sort, "k": [key, id], "f": fingerprint}``: the
sort key and id of the last row sent, and a hash of the filters it was made for. The next page
is "rows after that key in the same order", so a page costs the same at any depth (no OFFSET),
and rows added meanwhile never shift a page; a cursor reused with other filters is refused.

Sorts (a column, its direction, NULLs last, then ``id`` ascending as the tie-break):
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Optional

from .errors import ApiError


@dataclass(frozen=True)
class Sort:
    column: str
    descending: bool
    kind: str  # "date" | "number" | "text"

    @property
    def order_by(self) -> str:
        return f"{self.column} {'DESC' if self.descending else 'ASC'} NULLS LAST, id ASC"


# ``sort`` parameter -> key; "-date" is newest first by the end of an event's date window. Each
# one is the order :data:`wirecoder.query.SORTS` gives the same name (the page relies on it).
EVENT_SORTS = {
    "-date": Sort("date_hi", True, "date"),
    "date": Sort("date_lo", False, "date"),
    "-confidence": Sort("confidence", True, "number"),
}
INCIDENT_SORTS = {"-date": Sort("end_date", True, "date"), "date": Sort("start_date", False, "date")}

__doc__ += "\n".join(f"``{k}``  {s.order_by}" for k, s in EVENT_SORTS.items())

_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def fingerprint(filters: Mapping[str, Any]) -> str:
    """A short hash of the filters (None values left out) a cursor belongs to."""
    norm = json.dumps({k: v for k, v in sorted(filters.items()) if v not in (None, "", [])},
                      sort_keys=True, default=str)
    return hashlib.sha1(norm.encode()).hexdigest()[:12]


def encode(sort: str, key: Any, row_id: str, fp: str) -> str:
    """The cursor that continues after the row with ``key`` and ``row_id``."""
    if isinstance(key, date):
        key = key.isoformat()
    raw = json.dumps({"v": 1, "s": sort, "k": [key, row_id], "f": fp}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, sort: str, sorts: Mapping[str, Sort], fp: str) -> tuple[Any, str]:
    """(key, id) of a cursor; :class:`ApiError` 400 when it is malformed or made for other filters."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        d = json.loads(raw)
        key, row_id = d["k"]
        if d.get("v") != 1 or not isinstance(row_id, str):
            raise ValueError
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ApiError(400, "malformed cursor; pass the 'next' value of a previous page unchanged") from None
    if d.get("s") != sort or d.get("f") != fp:
        raise ApiError(400, "this cursor belongs to a query with other filters or sort; "
                            "start again without a cursor")
    s = sorts[sort]
    ok_key = key is None or (_real_date(key) if s.kind == "date" else
                             s.kind == "number" and _finite(key))
    if not ok_key or not _ID.match(row_id):
        raise ApiError(400, "malformed cursor; pass the 'next' value of a previous page unchanged")
    return key, row_id


def _real_date(key: Any) -> bool:
    """A ``YYYY-MM-DD`` string that is a date (not ``9999-99-99``)."""
    if not isinstance(key, str) or not _DATE.match(key):
        return False
    try:
        date.fromisoformat(key)
    except ValueError:
        return False
    return True


def _finite(key: Any) -> bool:
    """A number SQL can compare with: not a bool, not NaN/Infinity, not beyond a float (``1e999``)."""
    if isinstance(key, bool) or not isinstance(key, (int, float)):
        return False
    try:
        return math.isfinite(float(key))
    except OverflowError:
        return False


def after(sort: Sort, key: Any, row_id: str) -> str:
    """SQL condition "row comes after (key, row_id)" in ``sort`` order (values checked by decode)."""
    col, rid = sort.column, f"'{row_id}'"
    if key is None:
        return f"({col} IS NULL AND id > {rid})"
    lit = f"DATE '{key}'" if sort.kind == "date" else repr(float(key))
    op = "<" if sort.descending else ">"
    return f"({col} {op} {lit} OR ({col} = {lit} AND id > {rid}) OR {col} IS NULL)"


def next_cursor(rows: list[dict[str, Any]], limit: int, sort_name: str, sort: Sort,
                fp: str) -> Optional[str]:
    """The cursor of the page after ``rows`` (fetched with ``limit + 1``), or None at the end."""
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode(sort_name, last.get(sort.column), str(last["id"]), fp)
