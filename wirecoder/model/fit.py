"""Fitting the heads of the event model (numpy only: no torch).

Each head is a softmax regression over the mention features of :mod:`wirecoder.model`, fitted with
partial labels (a row may allow several labels, e.g. every type of a CAMEO sentence's quad class;
its likelihood is the allowed mass), L2 penalty, full-batch Adam steps; deterministic.
"""
from __future__ import annotations

import numpy as np

from . import softmax

PARAMS = {"l2": 1e-4, "iters": 300, "lr": 0.05}


def fit_softmax(X: np.ndarray, allowed: np.ndarray, l2: float = PARAMS["l2"], iters: int = PARAMS["iters"],
                lr: float = PARAMS["lr"], weights: np.ndarray | None = None,
                prior: np.ndarray | None = None) -> np.ndarray:
    """Weights (d x k) of a softmax regression; ``allowed[i, j]`` is 1 when class j is a correct
    answer for row i; ``weights`` weigh rows (default 1). ``prior`` (d x k): start from these
    weights and shrink towards them instead of towards zero (adapting a trained head)."""
    n, d = X.shape
    k = allowed.shape[1]
    X = X.astype(np.float32)
    A = allowed.astype(np.float32)
    w = np.ones((n, 1), np.float32) if weights is None else weights.reshape(-1, 1).astype(np.float32)
    wsum = float(w.sum())
    W0 = np.zeros((d, k), np.float32) if prior is None else prior.astype(np.float32)
    W = W0.copy()
    m = np.zeros_like(W)
    v = np.zeros_like(W)
    for t in range(1, iters + 1):
        P = softmax(X @ W)
        mass = (P * A).sum(axis=1, keepdims=True)
        G = X.T @ (w * (P - P * A / np.maximum(mass, 1e-12))) / wsum + l2 * (W - W0)
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G * G
        W -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return W


def balanced_weights(allowed: np.ndarray) -> np.ndarray:
    """Row weights that give every single-label class the same total weight (rows with several
    allowed labels weigh 1)."""
    single = allowed.sum(axis=1) == 1
    w = np.ones(len(allowed), np.float32)
    if single.any():
        cls = allowed[single].argmax(axis=1)
        counts = np.bincount(cls, minlength=allowed.shape[1]).astype(np.float32)
        mean = counts[counts > 0].mean()
        w[single] = mean / counts[cls]
    return np.sqrt(w)
