"""Resume before the NLP: an article the store already holds from the same input is skipped
before it is cleaned or parsed, so re-ingesting a stored corpus costs reading and hashing only.

The store's ``articles.content_hash`` is a hash of the *clean* text, known only after clean; the
check here runs on the *ingested* article (:func:`input_hash`: its raw input, title, publication
date, URL and the clean settings), recorded per article id in the table ``article_inputs``::

    article_inputs (article_id VARCHAR, input_hash VARCHAR, content_hash VARCHAR)

An article is skipped only when its id has a row with the same input hash AND the stored article
still has the content hash recorded with it (a newer version stored since, by any path, makes the
row stale and the article is processed again). The table is created on first write and is
optional: a store without it (older wirecoder) just has nothing to skip yet.
"""
from __future__ import annotations

import hashlib
import logging
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence

from .records import Article

log = logging.getLogger("wirecoder.resume")

TABLE = "article_inputs"
DDL = f"CREATE TABLE IF NOT EXISTS {TABLE} (article_id VARCHAR, input_hash VARCHAR, content_hash VARCHAR)"
LOOKAHEAD = 64   # articles read ahead and looked up in one query


def input_hash(article: Article, settings: str = "") -> str:
    """Hash of an ingested (not yet cleaned) article: everything clean reads, plus ``settings``."""
    if not settings:
        from .clean import CleanOptions

        settings = repr(CleanOptions())
    h = hashlib.sha1()
    for part in (article.raw, article.text, article.title or "", article.published or "",
                 article.url or "", article.content_type, settings):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


class Resume:
    """Skips stored articles from an input stream and records what was stored (see the module)."""

    def __init__(self, store: Any, settings: str = "") -> None:
        self.store = store
        self.settings = settings
        self.skipped = 0
        self.enabled = not getattr(store, "read_only", False)
        if self.enabled:
            store.con.execute(DDL)

    def hash(self, article: Article) -> str:
        return input_hash(article, self.settings)

    def filter(self, items: Iterable[Any]) -> Iterator[Any]:
        """``items`` (Articles and anything else, e.g. input errors) without the stored articles."""
        it = iter(items)
        while True:
            chunk = list(islice(it, LOOKAHEAD))
            if not chunk:
                return
            arts = [x for x in chunk if isinstance(x, Article)]
            known = self._known([a.id for a in arts]) if self.enabled and arts else {}
            for x in chunk:
                if isinstance(x, Article) and x.id in known and known[x.id] == self.hash(x):
                    self.skipped += 1
                    continue
                yield x

    def _known(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self.store.con.execute(
            f"SELECT i.article_id, i.input_hash FROM {TABLE} i JOIN articles a "
            "ON a.id = i.article_id AND a.content_hash = i.content_hash "
            "WHERE i.article_id IN (SELECT unnest(?))", [list(ids)]).fetchall()
        return dict(rows)

    def record(self, stored: Sequence[tuple[str, Article]]) -> None:
        """Remember ``(input hash, stored clean article)`` pairs (after their batch committed)."""
        if not self.enabled or not stored:
            return
        from .store.schema import content_hash

        last: dict[str, tuple[str, str]] = {}
        for ih, art in stored:
            last[art.id] = (ih, content_hash(art))
        rows = [(aid, ih, ch) for aid, (ih, ch) in last.items()]
        con = self.store.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"DELETE FROM {TABLE} WHERE article_id IN (SELECT unnest(?))", [list(last)])
            con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?)", rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
