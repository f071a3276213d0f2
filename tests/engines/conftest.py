"""A small mixed corpus (text, HTML, JSON Lines, Parquet, the seed article) and a local Spark session."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

SHARED = Path(os.environ.get("WIRECODER_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
SEED = SHARED / "samples" / "chitral-border-refuge.txt"
DATE = "2021-07-26"

KUNDUZ = ("KUNDUZ, July 25 (Reuters) - Taliban fighters attacked a police checkpoint in Kunduz province on "
          "Sunday, killing four officers, a provincial spokesman said.\n\n"
          "The government sent reinforcements to the area on Monday.\n")
KUNDUZ_OTHER = ("<html><head><title>Police post attacked in Kunduz</title></head><body><article>"
                "<h1>Police post attacked in Kunduz</h1>"
                "<p>Taliban insurgents stormed a police checkpoint in the northern province of Kunduz on Sunday "
                "and killed four policemen, local officials said.</p>"
                "<p>Afghan forces later launched an operation to retake the area.</p>"
                "</article></body></html>")
DHAKA = {"url": "https://example.org/news/dhaka-protest", "title": "Garment workers protest in Dhaka",
         "date": "2021-07-20",
         "text": "Thousands of garment workers protested in Dhaka on Tuesday, demanding higher wages. "
                 "Police fired tear gas to disperse the crowd and arrested 12 people."}
SINDH = {"url": "https://example.org/news/sindh-aid", "title": "Flood aid", "date": "2021-07-22",
         "text": "The United Nations delivered food aid to flood victims in Sindh province on Wednesday. "
                 "Pakistan's government thanked the agency."}
PARQUET_ROWS = [
    {"id": "pq-1", "url": "https://example.org/news/mali", "title": "Mali talks", "date": "2021-07-19",
     "text": "Mali's interim government met with rebel leaders in Algiers on Monday to discuss a peace deal."},
    {"id": "pq-2", "url": None, "title": "Empty", "date": None, "text": "   "},
]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[str]:
    """Inputs for a run: a folder of .txt/.html, a JSON Lines file with one broken line, a Parquet
    file of articles with one empty row, and the seed article when present."""
    root = tmp_path_factory.mktemp("corpus")
    docs = root / "docs"
    docs.mkdir()
    (docs / "kunduz.txt").write_text(KUNDUZ, encoding="utf-8")
    (docs / "kunduz-other.html").write_text(KUNDUZ_OTHER, encoding="utf-8")
    lines = [json.dumps(DHAKA), '{"url": "https://example.org/news/broken", "text": broken', json.dumps(SINDH)]
    (root / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(PARQUET_ROWS), root / "articles.parquet")
    inputs = [str(docs), str(root / "news.jsonl"), str(root / "articles.parquet")]
    if SEED.exists():
        inputs.append(str(SEED))
    return inputs


def read_table(folder: Path, name: str) -> list[dict]:
    """All rows of one output table (every part file)."""
    return pq.read_table(folder / name).to_pylist()


def by_id(rows: list[dict], key: str = "id") -> dict[str, dict]:
    return {r[key]: r for r in rows}
