"""A real ingest subprocess killed with SIGKILL leaves a consistent store; a re-run completes it.

The subprocess runs :func:`wirecoder.store.ingest` over real text files (read by
``wirecoder.ingest.iter_articles``); the NLP pipeline is replaced by a small deterministic
processor (one event per sentence) so the test does not depend on the models.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from wirecoder.store import Store

N_ARTICLES = 300
SENTENCES = 4  # sentences per generated article, one event each

DRIVER = textwrap.dedent('''
    import sys, time
    from wirecoder.records import Actor, Event, EventDate, Location, stable_id
    from wirecoder.store import ingest

    def process(article):
        time.sleep(0.02)   # stand-in for the NLP pipeline's cost, so the kill lands mid-way
        events = []
        start = 0
        for i, sent in enumerate(s for s in article.text.split(". ") if s.strip()):
            start = article.text.find(sent, start)
            n = int(article.source.rsplit("_", 1)[1].split(".")[0])
            events.append(Event(
                id=stable_id(article.id, i), article_id=article.id, event_type=("AID", "RETREAT", "ASSAULT")[i % 3],
                mode=None, context=[], quad_class=2, cameo_root=None, modality="asserted",
                actor=[Actor(text="Pakistan army", name="Pakistan army", country="PAK", sector="MIL")],
                recipient=[Actor(text="Afghan soldiers", name="Afghan soldiers", country="AFG", sector="MIL")],
                date=EventDate(f"2021-{1 + n % 12:02d}-{1 + n % 28:02d}", "day", "on that day"),
                location=Location(text="Chitral", name="Chitral", lat=35.85 + (n % 50) * 0.3, lon=71.79,
                                  country="PAK", precision="town"),
                size=None, sentence=sent, span=(start, start + len(sent)), confidence=0.7))
        return article, events

    ingest(sys.argv[2:], sys.argv[1], date="2021-07-26", batch_size=4, progress_every=0.0, process=process)
''')


def _write_articles(folder: Path) -> list[str]:
    paths = []
    for n in range(N_ARTICLES):
        p = folder / f"article_{n:04d}.txt"
        p.write_text(
            f"Report number {n} from the border region of northern Pakistan. "
            f"The Pakistani army gave food and shelter to {n + 3} Afghan soldiers in the district of Chitral. "
            f"Soldiers from Afghanistan crossed the international border after losing {n % 7 + 1} posts. "
            f"Militants attacked a checkpoint near the town on Sunday evening, officials said.\n",
            encoding="utf-8")
        paths.append(str(p))
    return paths


def _run(db: Path, inputs: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(db), *inputs], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, env=env)


def _check_consistent(store: Store) -> dict[str, int]:
    q = lambda sql: store.con.execute(sql).fetchone()[0]  # noqa: E731
    assert q("SELECT count(*) - count(DISTINCT id) FROM articles") == 0
    assert q("SELECT count(*) - count(DISTINCT id) FROM events") == 0
    assert q("SELECT count(*) - count(DISTINCT cluster_id) FROM clusters") == 0
    assert q("SELECT count(*) FROM events e ANTI JOIN articles a ON a.id = e.article_id") == 0
    assert q("SELECT count(*) FROM events e ANTI JOIN clusters c USING (cluster_id)") == 0
    assert q("SELECT count(*) FROM articles a JOIN (SELECT article_id, count(*) n FROM events GROUP BY 1) e "
             "ON e.article_id = a.id WHERE e.n <> a.num_events") == 0
    assert q("SELECT count(*) FROM clusters c JOIN (SELECT cluster_id, count(*) n FROM events GROUP BY 1) e "
             "USING (cluster_id) WHERE e.n <> c.num_events") == 0
    assert q("SELECT count(*) FROM event_actors x ANTI JOIN events e ON e.id = x.event_id") == 0
    return {"articles": q("SELECT count(*) FROM articles"), "events": q("SELECT count(*) FROM events")}


def test_sigkill_mid_ingest_then_rerun(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    inputs = _write_articles(folder)
    db = tmp_path / "events.duckdb"

    proc = _run(db, inputs)
    done = 0
    deadline = time.monotonic() + 240
    for line in proc.stderr:  # progress lines: "wirecoder: N articles, ..."
        if line.startswith("wirecoder: ") and " articles, " in line:
            done = int(line.split()[1])
            if done >= N_ARTICLES // 4:
                break
        if time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert 0 < done < N_ARTICLES, "the kill must land mid-way"

    with Store(db) as store:
        partial = _check_consistent(store)
    assert 0 < partial["articles"] < N_ARTICLES
    assert partial["events"] == partial["articles"] * SENTENCES

    proc = _run(db, inputs)
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-2000:]
    with Store(db) as store:
        final = _check_consistent(store)
    assert final == {"articles": N_ARTICLES, "events": N_ARTICLES * SENTENCES}
    summary = err.strip().splitlines()[-1]
    assert f"{partial['articles']} unchanged" in summary
    assert f"{N_ARTICLES - partial['articles']} new" in summary
