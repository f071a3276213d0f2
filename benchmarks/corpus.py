"""Real news text for benchmarks, read at run time from the shared gold sets (never copied here).

ECB+ (CAT XML, one token per element) and TimeBank/AQUAINT (TimeML ``<TEXT>``) documents are news
articles; both are turned back into plain text paragraphs.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WIRECODER_SHARED", ROOT.parent / "shared"))


def ecbplus_texts(root: Path | None = None) -> Iterator[tuple[str, str]]:
    """(name, text) of every ECB+ document, sentences joined with spaces, one paragraph each."""
    root = root or SHARED / "gold" / "ecbplus" / "ECB+"
    for path in sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        sents: dict[int, list[str]] = {}
        for tok in ET.parse(path).getroot().iter("token"):
            sents.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
        text = "\n\n".join(_detok(" ".join(words)) for _, words in sorted(sents.items()))
        yield path.name, text


def timebank_texts(root: Path | None = None) -> Iterator[tuple[str, str]]:
    """(name, text) of every TimeBank/AQUAINT document: the ``<TEXT>`` element without markup."""
    root = root or SHARED / "gold" / "tempeval3" / "TBAQ-cleaned"
    for path in sorted(root.glob("*/*.tml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        if m:
            text = re.sub(r"<[^>]+>", "", m.group(1))
            yield path.name, re.sub(r"\n{3,}", "\n\n", text.strip())


def news_corpus(limit: int | None = None) -> list[tuple[str, str]]:
    docs = list(ecbplus_texts()) + list(timebank_texts())
    if not docs:
        raise SystemExit(f"no benchmark corpus under {SHARED / 'gold'} (set WIRECODER_SHARED)")
    return docs[:limit] if limit else docs


def _detok(s: str) -> str:
    s = re.sub(r" ([.,;:!?%)\]}])", r"\1", s)
    s = re.sub(r"([(\[{$]) ", r"\1", s)
    s = s.replace(" n't", "n't").replace(" 's", "'s").replace("`` ", '"').replace(" ''", '"')
    return s
