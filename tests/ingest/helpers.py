"""Helpers for ingest tests: small article texts and pages built in the test, never copied data."""
from __future__ import annotations

from typing import Iterable, Optional

from wirecoder.errors import InputError
from wirecoder.ingest import IngestStats, iter_articles
from wirecoder.records import Article

EN_TEXT = (
    "Taliban fighters attacked a police checkpoint in the southern province of Kandahar on Monday, "
    "killing four officers and wounding six others, provincial officials said. The attack came as "
    "government forces tried to retake districts lost in recent weeks."
)
FR_TEXT = (
    "Des combattants talibans ont attaqué un poste de police dans la province de Kandahar lundi, "
    "tuant quatre policiers et en blessant six autres, selon les autorités provinciales. L'attaque "
    "survient alors que les forces gouvernementales tentent de reprendre des districts."
)


def html_page(body: str = EN_TEXT, *, title: str = "Checkpoint attacked", canonical: Optional[str] = None,
              published: Optional[str] = None, charset: Optional[str] = None) -> str:
    head = [f"<title>{title} - Example News</title>"]
    if charset:
        head.insert(0, f'<meta charset="{charset}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head>" + "".join(head) + "</head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>" + title + "</h1>"
        "<p>" + body + "</p><script>var x = 1;</script></article></body></html>"
    )


def run(inputs: Iterable[str], **kw) -> tuple[list[Article], list[InputError], IngestStats]:
    stats = IngestStats()
    items = list(iter_articles(list(inputs), stats=stats, **kw))
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, InputError)]
    assert len(arts) + len(errs) == len(items)
    return arts, errs, stats

