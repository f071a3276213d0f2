"""After kill -9 and a re-run, the store holds the same articles, events AND the same partition of
events into clusters (and clusters into incidents) as an uninterrupted ingest of the same input.

Uses benchmarks/kill_rerun_bench.py's corpus (several outlets reporting overlapping incidents) and
its deterministic stand-in for the NLP stage; the benchmark runs more articles and kills.
"""
from __future__ import annotations

import importlib.util
import signal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kill_rerun_bench", ROOT / "benchmarks" / "kill_rerun_bench.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)  # type: ignore[union-attr]

N_ARTICLES = 160
KILL_AT = (24, 90, 128)   # articles read when each run is killed


def _run_until(db, inputs, target=None, hash_seed=0):
    proc = bench.run(db, inputs, 8, hash_seed)
    if target is None:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        return
    for line in proc.stderr:
        parts = line.split()
        if len(parts) > 2 and parts[0] == "wirecoder:" and parts[1].isdigit() and int(parts[1]) >= target:
            break
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def test_clusters_after_kills_and_rerun_equal_an_uninterrupted_run(tmp_path):
    (tmp_path / "corpus").mkdir()
    inputs = bench.write_corpus(tmp_path / "corpus", N_ARTICLES, seed=1)
    _run_until(tmp_path / "a.duckdb", inputs, hash_seed=0)
    for k, target in enumerate(KILL_AT):   # each process its own set order, as without a fixed seed
        _run_until(tmp_path / "b.duckdb", inputs, target, hash_seed=k + 1)
    _run_until(tmp_path / "b.duckdb", inputs, hash_seed=len(KILL_AT) + 1)
    a, b = bench.snapshot(tmp_path / "a.duckdb"), bench.snapshot(tmp_path / "b.duckdb")
    assert len(a["articles"]) == N_ARTICLES and len(a["clusters"]) < len(a["events"])
    for key in ("articles", "events", "clusters", "incidents"):
        assert a[key] == b[key], key
