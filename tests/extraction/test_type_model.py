"""The optional embedding type classifier: loads offline, relabels consistently, fails clearly."""
from __future__ import annotations

import numpy as np
import pytest

from wirecoder import nlp
from wirecoder.errors import DataFileError
from wirecoder.extraction.classifier import TypeModel, default_type_model, fit_softmax, softmax
from wirecoder.extraction import extract_events
from wirecoder.ontology import default_ontology
from wirecoder.records import Article
from wirecoder.pipeline import PipelineOptions

TEXT = "Rebels shelled the town of Kidal on Monday, killing four soldiers."


def test_packaged_model_loads_and_matches_the_ontology():
    m = default_type_model()
    onto = default_ontology()
    assert set(m.type_labels) - {"none"} == set(onto.types)
    assert m.w_type.shape[1] == len(m.type_labels)


def test_type_model_keeps_roles_and_consistent_codes():
    art = Article(id="t", text=TEXT)
    doc = nlp.parse(TEXT, PipelineOptions().model)
    plain = extract_events(art, doc)
    tm = extract_events(art, doc, type_model=True)
    onto = default_ontology()
    assert len(plain) == len(tm)
    for a, b in zip(plain, tm):
        assert [x.text for x in a.actor] == [x.text for x in b.actor]
        assert [x.text for x in a.recipient] == [x.text for x in b.recipient]
        assert b.quad_class == onto.types[b.event_type].quad
        assert b.mode is None or b.mode in onto.types[b.event_type].modes
        assert 0.0 <= b.confidence <= 1.0


def test_partial_label_softmax_learns_a_separable_problem():
    rng = np.random.default_rng(1)
    X = np.hstack([rng.normal(size=(200, 2)), np.ones((200, 1))])
    y = (X[:, 0] > 0).astype(int)
    allowed = np.zeros((200, 3))
    allowed[np.arange(200), y] = 1
    allowed[y == 1, 2] = 1          # class 1 rows may also be class 2: a partial label
    W = fit_softmax(X, allowed, iters=300)
    P = softmax(X @ W)
    assert ((P[:, 1] + P[:, 2] > 0.5) == (y == 1)).mean() > 0.95


def test_bad_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "type_model.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataFileError, match="type_model.npz"):
        TypeModel.load(bad)
    with pytest.raises(DataFileError, match="train_type_model"):
        TypeModel.load(tmp_path / "missing.npz")
