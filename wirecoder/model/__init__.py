"""The learned event model: a MiniLM sentence encoder run with onnxruntime, and linear heads.

Runs without torch and downloads nothing. A *model directory* holds (format in
``wirecoder/data/model/README.md``):

* ``model.json``    the manifest: format, encoder, tokenizer, maximum length, the heads and their
                    labels, the gates (which rule classes the rules keep) and what it was trained on;
* ``tokenizer.json`` the encoder's WordPiece tokenizer (Hugging Face ``tokenizers`` format);
* ``heads.npz``     one weight matrix per head (features x labels);
* ``encoder.onnx``  the encoder (int8 ONNX). The packaged one is all-MiniLM-L6-v2 fine-tuned with
                    the heads by ``scripts/finetune_event_model.py`` (23 MB). A manifest may instead
                    name a Python package that ships one (``"encoder": {"package": ...}``).

For each candidate mention -- a sentence and the character span of its trigger -- the encoder gives
the token states of the sentence (a window around the trigger when it is longer than ``max_len``
tokens); the features are the mean of all token states and the mean of the trigger's token states
(each scaled to unit length) and a bias. Every head is a softmax over its labels:

* ``is_event``: ``event`` / ``none`` (is this a real event, not a metaphor, generic statement ...);
* ``type``:     the 16 PLOVER types;
* ``quad``:     quad class 0-4;
* ``acled``:    ACLED sub-event type (``Type|Sub-event``) or ``none``.

Source/target attachment scores candidate noun phrases (``span`` head, see :meth:`EventModel.attach`).
"""
from __future__ import annotations

import importlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..datafiles import data_path
from ..errors import DataFileError

FORMAT = 1
NONE = "none"
HEADS = ("is_event", "type", "quad", "acled")
DIM = 384
DECISIONS = ("type", "acled", "confidence", "is_event", "attach")   # what ``gates.encode.decide`` may name


def default_model_dir() -> Path:
    """The packaged model directory (``wirecoder/data/model``)."""
    return data_path("model")


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(n, 1e-9)


def span_tokens(offsets: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indices of the tokens overlapping ``[start, end)``; when none does (the span lies outside
    the window or between tokens), the nearest token."""
    sel = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    if not sel and offsets:
        mid = (start + end) / 2
        sel = [min(range(len(offsets)), key=lambda i: abs(sum(offsets[i]) / 2 - mid))]
    return sel


@dataclass
class Encoded:
    """Token states of one sentence window and each token's character span in the sentence."""

    states: np.ndarray            # tokens x DIM (special tokens removed)
    offsets: list[tuple[int, int]]

    def mean(self, start: Optional[int] = None, end: Optional[int] = None) -> np.ndarray:
        """Mean state of the tokens overlapping ``[start, end)`` (all tokens when None)."""
        if start is None or not len(self.offsets):
            return self.states.mean(axis=0) if len(self.states) else np.zeros(DIM, np.float32)
        return self.states[span_tokens(self.offsets, start, end)].mean(axis=0)

    def token_index(self, pos: int) -> int:
        """Index of the token nearest to character ``pos``."""
        if not self.offsets:
            return 0
        return min(range(len(self.offsets)), key=lambda i: abs(self.offsets[i][0] - pos))


@dataclass
class EventModel:
    """A loaded model directory: the encoder session, the tokenizer and the heads."""

    path: Path
    manifest: dict
    heads: dict[str, np.ndarray]
    labels: dict[str, list[str]]
    gates: dict[str, dict] = field(default_factory=dict)
    _session: object = None
    _tokenizer: object = None
    _cache: "OrderedDict" = field(default_factory=OrderedDict)   # window key -> Encoded, most recent last
    windows_encoded: int = 0      # sentence windows run through the encoder so far (benchmarks read it)

    CACHE_SIZE = 512   # sentence windows kept (a repeated sentence -- a re-run, a syndicated copy -- is not re-encoded)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None) -> "EventModel":
        path = Path(path) if path else default_model_dir()
        mf = path / "model.json"
        try:
            manifest = json.loads(mf.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataFileError(str(mf), "no model here (expected model.json, tokenizer.json, heads.npz); "
                                         "write one with `wirecoder train`") from None
        except (OSError, ValueError) as e:
            raise DataFileError(str(mf), f"not a model manifest ({e})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise DataFileError(str(mf), f"expected a JSON object with \"format\": {FORMAT}")
        labels = manifest.get("labels") or {}
        try:
            with np.load(path / "heads.npz", allow_pickle=False) as z:
                heads = {k: z[k].astype(np.float32) for k in z.files}
        except FileNotFoundError:
            raise DataFileError(str(path / "heads.npz"), "file not found") from None
        except (OSError, ValueError) as e:
            raise DataFileError(str(path / "heads.npz"), f"not a weights file ({e})") from None
        for name, w in heads.items():
            if name.startswith("span_"):
                continue
            if name not in labels or w.shape != (feature_dim(), len(labels[name])):
                raise DataFileError(str(path / "heads.npz"),
                                    f"head {name!r}: weights {w.shape} do not match its labels in model.json")
        gates = manifest.get("gates") or {}
        if not _valid_encode_gate(gates.get("encode", {}), labels):
            raise DataFileError(str(mf), "gates.encode: expected {\"max_rule_confidence\": a number, "
                                         f"\"decide\": a list of {', '.join(DECISIONS)}, "
                                         "\"types\": a list of the type head's labels, "
                                         "\"acled_codes\": a list of the acled head's labels}")
        return cls(path, manifest, heads, {k: list(v) for k, v in labels.items()}, gates)

    def encoder_path(self) -> Path:
        enc = self.manifest.get("encoder") or {}
        if enc.get("file"):
            p = self.path / enc["file"]
            if not p.is_file():
                raise DataFileError(str(p), "encoder file not found")
            return p
        pkg = enc.get("package")
        if not pkg:
            raise DataFileError(str(self.path / "model.json"), "\"encoder\" needs a \"file\" or a \"package\"")
        try:
            mod = importlib.import_module(pkg)
        except ImportError:
            raise DataFileError(str(self.path / "model.json"),
                                f"encoder package {pkg!r} is not installed (pip install wirecoder installs it)") from None
        return Path(mod.model_path())

    @property
    def session(self):
        if self._session is None:
            import onnxruntime as ort

            so = ort.SessionOptions()
            so.intra_op_num_threads = 1        # one thread per process: engines parallelise by process
            so.inter_op_num_threads = 1
            so.log_severity_level = 3
            self._session = ort.InferenceSession(str(self.encoder_path()), so, providers=["CPUExecutionProvider"])
        return self._session

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            p = self.path / self.manifest.get("tokenizer", "tokenizer.json")
            try:
                tok = Tokenizer.from_file(str(p))
            except Exception as e:  # noqa: BLE001 -- tokenizers raises plain Exception
                raise DataFileError(str(p), f"not a tokenizer ({e})") from None
            tok.no_truncation()
            tok.no_padding()
            self._tokenizer = tok
        return self._tokenizer

    @property
    def max_len(self) -> int:
        return int(self.manifest.get("max_len", 128))

    # ------------------------------------------------------------------ encoding
    def tokenize(self, sentences: Sequence[str]) -> list:
        """The tokenizer's encodings (no special tokens) of ``sentences``."""
        return self.tokenizer.encode_batch([s or " " for s in sentences], add_special_tokens=False)

    def windows(self, items: Sequence[tuple[str, int]], encodings: Optional[Sequence] = None
                ) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """Token ids and character offsets (no special tokens) of each ``(sentence, centre
        character)``: the whole sentence, or ``max_len - 2`` tokens around the centre when it is
        longer. Training (``scripts/finetune_event_model.py``) windows exactly the same way.
        ``encodings``: the sentences' encodings when already computed (:meth:`tokenize`)."""
        encs = encodings if encodings is not None else self.tokenize([s for s, _c in items])
        inner = self.max_len - 2
        windows = []
        for (s, c), e in zip(items, encs):
            offs = list(e.offsets)
            ids = list(e.ids)
            if len(ids) > inner:
                k = min(range(len(offs)), key=lambda i: abs(offs[i][0] - c)) if offs else 0
                lo = max(0, min(k - inner // 2, len(ids) - inner))
                ids, offs = ids[lo:lo + inner], offs[lo:lo + inner]
            windows.append((ids, offs))
        return windows

    def encode(self, items: Sequence[tuple[str, int]], batch: int = 32,
               encodings: Optional[Sequence] = None) -> list[Encoded]:
        """Token states of each ``(sentence, centre character)``: the whole sentence, or a window of
        ``max_len`` tokens around the centre when it is longer."""
        windows = self.windows(items, encodings)
        cls_id = self.tokenizer.token_to_id("[CLS]")
        sep_id = self.tokenizer.token_to_id("[SEP]")
        out: list[Optional[Encoded]] = [None] * len(items)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][0]))   # similar lengths together
        sess = self.session
        self.windows_encoded += len(items)
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            n = max(len(windows[i][0]) for i in idx) + 2
            ids = np.zeros((len(idx), n), dtype=np.int64)
            mask = np.zeros((len(idx), n), dtype=np.int64)
            for r, i in enumerate(idx):
                w = [cls_id, *windows[i][0], sep_id]
                ids[r, :len(w)] = w
                mask[r, :len(w)] = 1
            h = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            for r, i in enumerate(idx):
                m = len(windows[i][0])
                out[i] = Encoded(h[r, 1:1 + m].astype(np.float32), windows[i][1])
        return out  # type: ignore[return-value]

    def features(self, mentions: Sequence[tuple[str, tuple[int, int]]]) -> np.ndarray:
        """Feature rows of ``(sentence, (trigger start, trigger end))`` mentions (one encoding per
        distinct sentence window)."""
        return mention_features(self.encode_mentions(mentions), mentions)

    def encode_mentions(self, mentions: Sequence[tuple[str, tuple[int, int]]]) -> list[Encoded]:
        """One :class:`Encoded` per mention; a sentence is encoded once unless it is longer than
        ``max_len`` tokens (then once per trigger window)."""
        sents = list(dict.fromkeys(s for s, _sp in mentions))
        enc = dict(zip(sents, self.tokenize(sents)))    # once per sentence: its length and its windows
        keys = [(s, a if len(enc[s].ids) > self.max_len - 2 else 0) for s, (a, _b) in mentions]
        cache = self._cache
        todo = [k for k in dict.fromkeys(keys) if k not in cache]
        by = dict(zip(todo, self.encode(todo, encodings=[enc[s] for s, _c in todo]))) if todo else {}
        for k in dict.fromkeys(keys):
            if k in by:
                cache[k] = by[k]
            else:
                by[k] = cache[k]
                cache.move_to_end(k)
        while len(cache) > self.CACHE_SIZE:
            cache.popitem(last=False)
        return [by[k] for k in keys]

    # ------------------------------------------------------------------ heads
    def predict(self, mentions: Sequence[tuple[str, tuple[int, int]]], X: Optional[np.ndarray] = None
                ) -> dict[str, np.ndarray]:
        """``{head: probabilities (mentions x labels)}`` for every head of the model."""
        if X is None:
            X = self.features(mentions) if mentions else np.zeros((0, feature_dim()), np.float32)
        return {h: softmax(X @ w) for h, w in self.heads.items() if not h.startswith("span_")}


ENCODE_GATE_KEYS = ("max_rule_confidence", "decide", "types", "acled_codes")


def _valid_encode_gate(g, labels: dict) -> bool:
    if not isinstance(g, dict) or set(g) - set(ENCODE_GATE_KEYS):
        return False
    t, decide = g.get("max_rule_confidence"), g.get("decide", [])

    def names(key: str, allowed) -> bool:
        v = g.get(key)
        return v is None or isinstance(v, list) and all(isinstance(x, str) and x in allowed for x in v)

    return (t is None or isinstance(t, (int, float)) and not isinstance(t, bool)) and \
        isinstance(decide, list) and all(d in DECISIONS for d in decide) and \
        names("types", labels.get("type") or ()) and names("acled_codes", labels.get("acled") or ())


def feature_dim() -> int:
    return 2 * DIM + 1


def mention_features(encs: Sequence[Encoded], mentions: Sequence[tuple[str, tuple[int, int]]]) -> np.ndarray:
    X = np.ones((len(mentions), feature_dim()), dtype=np.float32)
    for k, (e, (_s, (a, b))) in enumerate(zip(encs, mentions)):
        X[k, :DIM] = _unit(e.mean())
        X[k, DIM:2 * DIM] = _unit(e.mean(a, b))
    return X


@lru_cache(maxsize=8)
def load_model(path: Optional[str] = None) -> EventModel:
    """The model in ``path`` (the packaged one when None), loaded once per process."""
    return EventModel.load(path)
