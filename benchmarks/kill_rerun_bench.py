"""kill -9 at random points, then re-run: are articles, events and the cluster partition the same
as an uninterrupted run's?

    python benchmarks/kill_rerun_bench.py [--articles 240] [--kills 10] [--seed 1] [--batch-size 8]

Writes a corpus of generated articles (several outlets reporting overlapping incidents: types,
towns, actors and days drawn from small pools, so that clustering has real decisions to make),
ingests it once without interruption, then ingests it into a second store that is killed with
SIGKILL ``--kills`` times at random moments (each run resuming the last) and finally run to the
end. Prints, per kill, how far the run had got, then whether the two stores hold the same
articles, the same events (ids and content) and the same partition of events into clusters (and
of clusters into incidents). The NLP stage is replaced by a deterministic processor that turns
each sentence into one event, so the benchmark measures the store and its dedupe, not spaCy.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import duckdb

ROOT = Path(__file__).resolve().parents[1]

TOWNS = [("Chitral", 35.85, 71.79, "PAK"), ("Peshawar", 34.01, 71.58, "PAK"), ("Kunduz", 36.73, 68.86, "AFG"),
         ("Herat", 34.35, 62.20, "AFG"), ("Kandahar", 31.61, 65.71, "AFG"), ("Quetta", 30.18, 66.97, "PAK")]
ACTORS = [("Taliban", "AFG", "REB"), ("Afghan soldiers", "AFG", "MIL"), ("Pakistani army", "PAK", "MIL"),
          ("police", "PAK", "COP"), ("protesters", "PAK", "CVL"), ("aid agency", None, "NGO")]
VERBS = {"ASSAULT": ["attacked", "stormed", "shelled"], "RETREAT": ["fled", "withdrew from", "crossed out of"],
         "AID": ["delivered food to", "sheltered", "gave aid to"], "PROTEST": ["marched in", "rallied in"],
         "ARREST": ["detained people in", "arrested men in"]}

DRIVER = r'''
import sys
from wirecoder.records import Actor, Event, EventDate, Location, stable_id
from wirecoder.store import ingest

TOWNS = %(towns)r
ACTORS = %(actors)r
VERBS = %(verbs)r

def process(article):
    events, start = [], 0
    for i, sent in enumerate(s for s in article.text.split("\n") if s.strip()):
        start = article.text.find(sent, start)
        kind, actor, town, day, verb = sent.split("|")[0].split(",")
        a, t = ACTORS[int(actor)], TOWNS[int(town)]
        events.append(Event(
            id=stable_id(article.id, i), article_id=article.id, event_type=kind, mode=None, context=[],
            quad_class=4, cameo_root=None, modality="asserted",
            actor=[Actor(text=a[0], name=a[0], country=a[1], sector=a[2])], recipient=[],
            date=EventDate(day, "day", day), trigger=VERBS[kind][int(verb)].split()[0],
            location=Location(text=t[0], name=t[0], lat=t[1], lon=t[2], country=t[3], precision="town"),
            size=None, sentence=sent.split("|", 1)[1], span=(start, start + len(sent)), confidence=0.7))
    return article, events

ingest(sys.argv[3:], sys.argv[1], date="2021-07-26", batch_size=int(sys.argv[2]), progress_every=0.0,
       process=process)
''' % {"towns": TOWNS, "actors": ACTORS, "verbs": VERBS}


def write_corpus(folder: Path, n: int, seed: int) -> list[str]:
    """``n`` articles; each 2-5 sentences; incidents (type, actor, town, day) recur across outlets."""
    rng = random.Random(seed)
    incidents = []
    for _ in range(max(8, n // 3)):
        kind = rng.choice(sorted(VERBS))
        incidents.append((kind, rng.randrange(len(ACTORS)), rng.randrange(len(TOWNS)),
                          f"2021-{rng.randint(6, 8):02d}-{rng.randint(1, 28):02d}"))
    paths = []
    for i in range(n):
        lines = []
        for _ in range(rng.randint(2, 5)):
            kind, actor, town, day = rng.choice(incidents)
            if rng.random() < 0.2:   # a report a day off, or of another town nearby
                day = day[:-2] + f"{max(1, min(28, int(day[-2:]) + rng.choice((-1, 1)))):02d}"
            verb = rng.randrange(len(VERBS[kind]))
            extra = rng.choice(["", " officials said", " on Sunday", " according to witnesses",
                                " in the early morning", " for the second time this week"])
            sentence = (f"{ACTORS[actor][0].capitalize()} {VERBS[kind][verb]} {TOWNS[town][0]}"
                        f"{extra} (report {i}).")
            lines.append(f"{kind},{actor},{town},{day},{verb}|{sentence}")
        p = folder / f"outlet{i % 7}_{i:05d}.txt"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(p))
    return paths


def run(db: Path, inputs: list[str], batch: int, hash_seed: Optional[int] = None) -> subprocess.Popen:
    """An ingest process; ``hash_seed`` fixes its PYTHONHASHSEED (set order differs between seeds,
    as it does between any two processes by default)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = str(hash_seed)
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(db), str(batch), *inputs],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)


def snapshot(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    out = {
        "articles": sorted(r[0] for r in q("SELECT id FROM articles")),
        "events": sorted(q("SELECT id, event_type, sentence, date_lo, date_hi FROM events")),
        "clusters": sorted(tuple(r[0]) for r in q("SELECT list(id ORDER BY id) FROM events GROUP BY cluster_id")),
        "incidents": sorted(tuple(sorted(r[0])) for r in q(
            "SELECT list(e.id) FROM events e JOIN clusters c USING (cluster_id) "
            "WHERE c.incident_id IS NOT NULL GROUP BY c.incident_id")),
    }
    con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=240)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--keep", help="folder to keep the corpus and stores in")
    args = ap.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="wc-kill-"))
    (tmp / "corpus").mkdir(parents=True, exist_ok=True)
    inputs = write_corpus(tmp / "corpus", args.articles, args.seed)
    a_db, b_db = tmp / "uninterrupted.duckdb", tmp / "killed.duckdb"
    for p in (a_db, b_db):
        for f in (p, Path(str(p) + ".wal")):
            f.unlink(missing_ok=True)
    t0 = time.monotonic()
    proc = run(a_db, inputs, args.batch_size)
    _, err = proc.communicate()
    full = time.monotonic() - t0
    assert proc.returncode == 0, err[-2000:]
    print(f"uninterrupted: {args.articles} articles in {full:.1f}s; {err.strip().splitlines()[-1]}", flush=True)
    rng = random.Random(args.seed * 7919)
    # kill points: articles done (of the input, stored or skipped as stored), spread over the run
    targets = sorted(rng.sample(range(1, args.articles), args.kills))
    for k, target in enumerate(targets):
        proc = run(b_db, inputs, args.batch_size)
        assert proc.stderr is not None
        for line in proc.stderr:   # progress: "wirecoder: N articles, ..."
            parts = line.split()
            if len(parts) > 2 and parts[0] == "wirecoder:" and parts[2].startswith("article") and parts[1].isdigit():
                if int(parts[1]) >= target:
                    break
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        con = duckdb.connect(str(b_db), read_only=True)
        n = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        con.close()
        print(f"kill {k + 1}: at ~{target} articles read, {n} stored", flush=True)
    proc = run(b_db, inputs, args.batch_size)
    _, err = proc.communicate()
    assert proc.returncode == 0, err[-2000:]
    print(f"final re-run: {err.strip().splitlines()[-1]}", flush=True)
    a, b = snapshot(a_db), snapshot(b_db)
    same = True
    for key in ("articles", "events", "clusters", "incidents"):
        ok = a[key] == b[key]
        same &= ok
        print(f"{key:10} uninterrupted {len(a[key]):6}  after {args.kills} kills {len(b[key]):6}  "
              f"{'identical' if ok else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
