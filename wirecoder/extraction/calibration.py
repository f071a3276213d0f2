"""Calibrated event confidence: a logistic model over the lexicon prior and a few parse features.

``Event.confidence`` should read as "how often an event like this is right". The lexicon's prior
(``conf`` column) is a hand-set guess; :class:`Calibrator` maps it and the features below through
a logistic function whose coefficients live in ``data/calibration.json``, fitted on the development
sets by ``scripts/fit_calibration.py`` (see its docstring for the command and the measured ECE).

Features (all in [0, 1] except the logit):
    logit(prior), has actor, actor coded (country or sector), has recipient, nominal trigger,
    not asserted, embedded under another event, short sentence (< 6 tokens)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from ..datafiles import data_path
from ..errors import DataFileError

FEATURES = ("bias", "logit_prior", "has_actor", "actor_coded", "has_recipient", "nominal", "not_asserted",
            "embedded", "short")


def features(prior: float, has_actor: bool, actor_coded: bool, has_recipient: bool, nominal: bool,
             not_asserted: bool, embedded: bool, short: bool) -> list[float]:
    """The feature vector of one event, in the order of ``FEATURES``."""
    p = min(max(prior, 0.01), 0.99)
    return [1.0, math.log(p / (1 - p)), float(has_actor), float(actor_coded), float(has_recipient),
            float(nominal), float(not_asserted), float(embedded), float(short)]


@dataclass(frozen=True)
class Calibrator:
    weights: tuple[float, ...]

    def __call__(self, x: Sequence[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Calibrator":
        path = Path(path) if path else data_path("calibration.json")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataFileError(str(path), "file not found") from None
        except json.JSONDecodeError as e:
            raise DataFileError(str(path), f"not JSON ({e.msg} at line {e.lineno})") from None
        names = raw.get("features") if isinstance(raw, dict) else None
        if names != list(FEATURES):
            raise DataFileError(str(path), f"features must be {list(FEATURES)}; refit with scripts/fit_calibration.py")
        w = raw.get("weights")
        if not isinstance(w, list) or len(w) != len(FEATURES) or not all(isinstance(x, (int, float)) for x in w):
            raise DataFileError(str(path), f"weights must be {len(FEATURES)} numbers")
        return cls(tuple(float(x) for x in w))


@lru_cache(maxsize=None)
def default_calibrator() -> Optional[Calibrator]:
    """The packaged calibrator, or None when ``calibration.json`` is not shipped (raw priors are used)."""
    try:
        return Calibrator.load()
    except DataFileError as e:
        if "packaged data file is missing" in str(e):
            return None
        raise
