"""Re-ingesting stored articles skips them before clean and the NLP (the input-hash check)."""
from __future__ import annotations

import io
from pathlib import Path

from wirecoder.pipeline import process_article
from wirecoder.resume import input_hash
from wirecoder.store import Store, ingest

TEXTS = [
    "Taliban fighters attacked a police post in Kunduz on Monday, killing at least 12 policemen.",
    "Afghan soldiers fled to Pakistan's Chitral district on Sunday, the Pakistani army said.",
    "Protesters gathered in Peshawar on Friday. Police arrested more than 40 people.",
]


class Counting:
    """The real pipeline, counting the articles it is given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, article):
        self.seen.append(article.source)
        return process_article(article)


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for k, t in enumerate(TEXTS):
        p = folder / f"a{k}.txt"
        p.write_text(t + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def _ingest(folder: Path, db: Path, proc: Counting) -> dict[str, int]:
    return ingest([str(folder)], db, date="2021-07-26", process=proc, stream=io.StringIO())


def test_rerun_skips_stored_articles_before_the_pipeline(tmp_path):
    folder, db = tmp_path / "news", tmp_path / "s.duckdb"
    paths = _corpus(folder)
    first = Counting()
    c1 = _ingest(folder, db, first)
    assert c1["new"] == 3 and len(first.seen) == 3
    with Store(db, read_only=True) as s:
        n_events = s.con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert n_events > 0

    again = Counting()
    c2 = _ingest(folder, db, again)
    assert again.seen == [] and c2["unchanged"] == 3 and c2["new"] == 0
    with Store(db, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM events").fetchone()[0] == n_events

    # one input changed: only it goes through the pipeline, and replaces the stored version
    paths[1].write_text(TEXTS[1] + " Officials confirmed it on Monday.\n", encoding="utf-8")
    third = Counting()
    c3 = _ingest(folder, db, third)
    assert len(third.seen) == 1 and third.seen[0].endswith("a1.txt")
    assert c3["unchanged"] == 2 and c3["new"] + c3["replaced"] == 1


def test_article_stored_since_by_another_path_is_processed_again(tmp_path):
    folder, db = tmp_path / "news", tmp_path / "s.duckdb"
    _corpus(folder)
    _ingest(folder, db, Counting())
    with Store(db) as s:
        aid = s.con.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
        s.con.execute("UPDATE articles SET content_hash = 'other version' WHERE id = ?", [aid])
    again = Counting()
    _ingest(folder, db, again)
    assert len(again.seen) == 1      # the row recorded for that id no longer matches the store


def test_input_hash_covers_what_clean_reads():
    from wirecoder.ingest import build_article

    a = build_article("Rebels attacked Kunduz.", source="x", content_type="text", date_option="2021-07-26")
    b = build_article("Rebels attacked Kunduz.", source="y", content_type="text", date_option="2021-07-27")
    c = build_article("Rebels attacked Kunduz!", source="x", content_type="text", date_option="2021-07-26")
    assert input_hash(a) != input_hash(b) and input_hash(a) != input_hash(c)
    assert input_hash(a) == input_hash(build_article("Rebels attacked Kunduz.", source="z",
                                                     content_type="text", date_option="2021-07-26"))
