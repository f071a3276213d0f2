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
WARC_PAGES = [
    ("https://example.org/2021/07/24/mozambique-cabo-delgado",
     "<html><head><title>Troops retake port in Cabo Delgado</title></head><body><article>"
     "<h1>Troops retake port in Cabo Delgado</h1>"
     "<p>Rwandan and Mozambican troops recaptured the port town of Mocimboa da Praia in Cabo Delgado province "
     "on Saturday, two weeks after insurgents seized it, the Rwandan army said.</p></article></body></html>"),
]
PARQUET_ROWS = [
    {"id": "pq-1", "url": "https://example.org/news/mali", "title": "Mali talks", "date": "2021-07-19",
     "text": "Mali's interim government met with rebel leaders in Algiers on Monday to discuss a peace deal."},
    {"id": "pq-2", "url": None, "title": "Empty", "date": None, "text": "   "},
]


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    """A gzipped WARC with one HTTP response record per (url, html) and a request record before each."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                          http_headers=headers))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[str]:
    """Inputs for a run: a folder of .txt/.html, a JSON Lines file with one broken line, a Parquet
    file of articles with one empty row, a glob of two WARC.gz files (one cut off in the middle of
    a record), and the seed article when present."""
    root = tmp_path_factory.mktemp("corpus")
    docs = root / "docs"
    docs.mkdir()
    (docs / "kunduz.txt").write_text(KUNDUZ, encoding="utf-8")
    (docs / "kunduz-other.html").write_text(KUNDUZ_OTHER, encoding="utf-8")
    lines = [json.dumps(DHAKA), '{"url": "https://example.org/news/broken", "text": broken', json.dumps(SINDH)]
    (root / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(PARQUET_ROWS), root / "articles.parquet")
    warcs = root / "crawl"
    warcs.mkdir()
    write_warc(warcs / "cc-news-1.warc.gz", WARC_PAGES)
    write_warc(warcs / "cc-news-2.warc.gz", [(u + "-2", h.replace("Saturday", "Sunday")) for u, h in WARC_PAGES])
    whole = (warcs / "cc-news-2.warc.gz").read_bytes()
    (warcs / "cc-news-2.warc.gz").write_bytes(whole[: len(whole) - 60])  # the last record is cut off
    inputs = [str(docs), str(root / "news.jsonl"), str(root / "articles.parquet"), str(warcs / "*.warc.gz")]
    if SEED.exists():
        inputs.append(str(SEED))
    return inputs


def read_table(folder: Path, name: str) -> list[dict]:
    """All rows of one output table (every part file)."""
    return pq.read_table(folder / name).to_pylist()


def by_id(rows: list[dict], key: str = "id") -> dict[str, dict]:
    return {r[key]: r for r in rows}
