"""``wirecoder train``: refit the heads of the event model from a user's labelled sentences.

Input: JSON Lines, one labelled mention per line (format documented in
``wirecoder/data/model/README.md``)::

    {"sentence": "Police fired tear gas at the marchers in Dhaka.", "trigger": "fired",
     "event_type": "ASSAULT", "quad_class": 4, "acled_subtype": "Excessive force against protesters",
     "is_event": true}

``sentence`` is required; ``trigger`` is the trigger word (its first whole-word occurrence), a
``[start, end]`` character span, or absent (the whole sentence). Every label is optional; a head is
refitted from the lines that carry its label. By default the heads *adapt*: they start from the
base model's weights and are shrunk towards them, so a few hundred lines move the model towards a
desk's news without forgetting what it knew; ``--replace`` fits them from the user's lines alone.
Heads without labelled lines are copied from the base model. The encoder is never retrained here
(no torch needed); the output directory is a complete model directory for ``--model-dir``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Optional

import numpy as np

from ..errors import InputError
from . import NONE, EventModel, feature_dim, mention_features
from .fit import balanced_weights, fit_softmax

MIN_LINES = 2


def read_jsonl(path: str | Path, ontology, acled_codes: list[str]) -> list[dict]:
    """The labelled lines of ``path``, checked; a bad line raises :class:`InputError` naming it."""
    sub_code = {a.split("|", 1)[1]: a for a in acled_codes if a != NONE}
    rows = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    with fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{no}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(where, f"not JSON ({e.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("sentence"), str) or not obj["sentence"].strip():
                raise InputError(where, "expected an object with a non-empty \"sentence\"")
            s = obj["sentence"]
            trig = obj.get("trigger")
            if trig is None:
                span = (0, len(s))
            elif isinstance(trig, str):
                m = re.search(r"(?<!\w)" + re.escape(trig) + r"(?!\w)", s)
                if not m:
                    raise InputError(where, f"trigger {trig!r} is not in the sentence")
                span = (m.start(), m.end())
            elif isinstance(trig, list) and len(trig) == 2 and all(isinstance(x, int) for x in trig) \
                    and 0 <= trig[0] < trig[1] <= len(s):
                span = (trig[0], trig[1])
            else:
                raise InputError(where, "\"trigger\" must be a word of the sentence or [start, end] inside it")
            row = {"sentence": s, "span": span}
            t = obj.get("event_type")
            if t is not None:
                if t not in ontology.types:
                    raise InputError(where, f"unknown PLOVER type {t!r} (one of {', '.join(sorted(ontology.types))})")
                row["type"] = t
            q = obj.get("quad_class", ontology.types[t].quad if t else None)
            if q is not None:
                if q not in (0, 1, 2, 3, 4) or isinstance(q, bool):
                    raise InputError(where, f"\"quad_class\" must be 0-4, not {q!r}")
                row["quad"] = str(q)
            a = obj.get("acled_subtype", "__absent__")
            if a != "__absent__":
                if a in (None, NONE):
                    row["acled"] = NONE
                elif a in sub_code:
                    row["acled"] = sub_code[a]
                else:
                    raise InputError(where, f"unknown ACLED sub-event type {a!r}")
            ev = obj.get("is_event")
            if ev is not None:
                if not isinstance(ev, bool):
                    raise InputError(where, "\"is_event\" must be true or false")
                row["is_event"] = "event" if ev else NONE
            rows.append(row)
    if not rows:
        raise InputError(str(path), "no labelled lines")
    return rows


def train(data: str | Path, out: str | Path, base: Optional[str | Path] = None, replace: bool = False,
          log=None) -> dict:
    """Refit the heads from ``data`` and write a model directory to ``out`` (atomically: a
    temporary directory renamed at the end). Returns ``{head: number of lines used}``."""
    from ..ontology import default_ontology

    onto = default_ontology()
    bm = EventModel.load(base)
    rows = read_jsonl(data, onto, bm.labels.get("acled", [NONE]))
    mentions = [(r["sentence"], r["span"]) for r in rows]
    X = mention_features(bm.encode_mentions(mentions), mentions) if mentions else np.zeros((0, feature_dim()))
    heads = dict(bm.heads)
    used = {}
    for h, labels in bm.labels.items():
        sel = [i for i, r in enumerate(rows) if h in r]
        if len(sel) < MIN_LINES:
            continue
        Y = np.zeros((len(sel), len(labels)), np.float32)
        for k, i in enumerate(sel):
            Y[k, labels.index(rows[i][h])] = 1
        prior = None if replace else bm.heads.get(h)
        heads[h] = fit_softmax(X[sel], Y, weights=balanced_weights(Y), prior=prior,
                               l2=1e-4 if replace else 1e-2)
        used[h] = len(sel)
        if log:
            log(f"head {h}: {len(sel)} lines")
    if not used:
        raise InputError(str(data), f"no head has {MIN_LINES} or more labelled lines")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        manifest = dict(bm.manifest)
        enc = dict(manifest.get("encoder") or {})
        if enc.get("file"):
            shutil.copyfile(bm.path / enc["file"], tmp / enc["file"])
        shutil.copyfile(bm.path / manifest.get("tokenizer", "tokenizer.json"), tmp / manifest.get("tokenizer", "tokenizer.json"))
        np.savez_compressed(tmp / "heads.npz", **{h: w.astype(np.float32) for h, w in heads.items()})
        before = [] if replace else list(manifest.get("trained_on") or [])
        manifest.update({"labels": bm.labels, "gates": {} if replace else bm.gates,
                         "trained_on": [*before, f"{Path(data).name} ({len(rows)} lines; heads {', '.join(sorted(used))})"]})
        manifest.pop("cv", None)        # the base model's scores are not this model's
        manifest.pop("heldout", None)
        (tmp / "model.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return used
