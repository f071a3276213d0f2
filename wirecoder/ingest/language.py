"""Language identification with py3langid (pinned, model shipped inside the package).

    >>> detect_language("The Taliban attacked a checkpoint in Kabul on Monday, killing four soldiers.")[0]
    'en'
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_CHARS = 100            # below this, a guess is too unreliable to reject an article on
MAX_CHARS = 5_000          # the first few thousand characters decide; more only costs time
REJECT_CONFIDENCE = 0.80   # reject a non-English article only when the model is this sure


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, probability 0..1)`` for ``text``; ``("und", 0.0)`` when there is no text.

    Only the first ``MAX_CHARS`` characters are read. Scores on texts shorter than
    ``MIN_CHARS`` are unreliable: see :func:`is_rejectable`.
    """
    sample = " ".join(text[:MAX_CHARS].split())
    if not sample:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def is_rejectable(n_chars: int, lang: str, prob: float, accept: tuple[str, ...] = ("en",)) -> bool:
    """True when a text of ``n_chars`` characters detected as ``lang`` with probability ``prob`` is
    confidently outside ``accept`` and long enough to tell (short texts are never rejected)."""
    return lang not in accept and lang != "und" and prob >= REJECT_CONFIDENCE and n_chars >= MIN_CHARS
