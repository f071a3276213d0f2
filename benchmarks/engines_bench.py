"""Engines benchmark: articles/s of the local engine (1 and 2 processes) and Spark (local[1], local[2]).

The corpus is the text of ECB+ documents (tokens of ``../shared/gold/ecbplus/ECB+/*/*.xml`` joined
back into sentences), read at run time and written to a temporary folder as JSON Lines files (one
per ECB+ topic, so Spark has several input files to spread). Nothing is copied into the repo.

Every configuration runs in its own subprocess, so its peak RSS (``ru_maxrss`` of the largest
process it started: the driver, a worker, or Spark's JVM) is its own. For Spark, the run is
repeated in the same session ("warm": executors already hold the models), which is the
throughput a long job sees; the cold run includes JVM and Python-worker start-up and model loading.

    .venv/bin/python benchmarks/engines_bench.py                  # 160 documents
    .venv/bin/python benchmarks/engines_bench.py --docs 0         # all 772 documents
    .venv/bin/python benchmarks/engines_bench.py --configs local:1,local:2
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WIRECODER_SHARED", ROOT.parent / "shared"))
ECB = SHARED / "gold" / "ecbplus" / "ECB+"
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "'s", "n't", "%", "''", "'"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def ecb_documents(limit: int) -> list[tuple[str, str, str]]:
    """``(topic, doc name, text)`` of ECB+ documents in a fixed order; ``limit`` 0 = all."""
    import xml.etree.ElementTree as ET

    if not ECB.is_dir():
        sys.exit(f"engines_bench: ECB+ not found at {ECB} (set WIRECODER_SHARED)")
    files = sorted(ECB.glob("*/*.xml"), key=lambda p: (int(p.parent.name) if p.parent.name.isdigit() else 0, p.name))
    # round-robin over topics so a small sample still has every topic
    by_topic: dict[str, list[Path]] = {}
    for f in files:
        by_topic.setdefault(f.parent.name, []).append(f)
    order = [v[i] for i in range(max(len(v) for v in by_topic.values())) for v in by_topic.values() if i < len(v)]
    docs = []
    for f in order[: limit or None]:
        sents: dict[int, list[str]] = {}
        for tok in ET.parse(f).getroot().iter("token"):
            sents.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
        lines = []
        for _, toks in sorted(sents.items()):
            out = ""
            for t in toks:
                if out and t not in NO_SPACE_BEFORE and out[-1:] not in NO_SPACE_AFTER and not out.endswith("``"):
                    out += " "
                out += t
            lines.append(out.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"'))
        while lines and lines[0].startswith("http"):
            lines.pop(0)  # ECB+ (plus) documents start with their URL, tokenised
        if not lines:
            continue
        # the first sentence is the headline (sometimes a date line): keep it as its own paragraph
        docs.append((f.parent.name, f.name, lines[0] + "\n\n" + " ".join(lines[1:])))
    return docs


def write_corpus(folder: Path, docs: list[tuple[str, str, str]]) -> tuple[int, int]:
    """One JSON Lines file per topic; returns (documents, words)."""
    words = 0
    handles: dict[str, object] = {}
    for topic, name, text in docs:
        fh = handles.get(topic) or open(folder / f"ecb-{int(topic):02d}.jsonl", "w", encoding="utf-8")
        handles[topic] = fh
        fh.write(json.dumps({"url": f"https://ecbplus.example/{topic}/{name}", "title": None, "text": text}) + "\n")
        words += len(text.split())
    for fh in handles.values():
        fh.close()
    return len(docs), words


class TreeRss:
    """Polls (every ``every`` s) the summed RSS of this process and all its descendants (Linux /proc):
    with workers and a JVM, the footprint of the whole run, not only of its largest process."""

    def __init__(self, every: float = 0.5):
        import threading

        self.every, self.peak_mb = every, 0.0
        self.cpu_ticks: dict[int, int] = {}   # per process: the largest utime+stime seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.sample())
            self._stop.wait(self.every)

    @property
    def cpu_s(self) -> float:
        """CPU seconds used by the process tree (processes that lived at least one poll)."""
        return sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")

    def sample(self) -> float:
        parent: dict[int, int] = {}
        rss: dict[int, int] = {}
        cpu: dict[int, int] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parent[int(d)] = int(fields[1])
                rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
                cpu[int(d)] = int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
        me, total, todo = os.getpid(), 0, [os.getpid()]
        seen = {me}
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), cpu.get(pid, 0))
            for child, par in parent.items():
                if par == pid and child not in seen:
                    seen.add(child)
                    todo.append(child)
        return total / 2**20


def one(config: str, corpus: str, out: str, date: str) -> dict:
    """Run one configuration here; the numbers as a dict (printed as JSON for the parent)."""
    from wirecoder.engines import RunOptions, get_engine

    engine, _, n = config.partition(":")
    opts = RunOptions(date=date, overwrite=True)
    res: dict = {"config": config}
    with TreeRss() as tree:
        _one(engine, int(n), corpus, out, opts, res, tree)
    res["tree_rss_mb"] = tree.peak_mb
    res["cpu_s"] = tree.cpu_s
    res["self_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return res


def _one(engine: str, n: int, corpus: str, out: str, opts, res: dict, tree: TreeRss) -> None:
    from wirecoder.engines import get_engine

    t0 = time.perf_counter()
    if engine == "local":
        r = get_engine("local")([corpus], out, opts, workers=n)
        res.update(articles=r.articles, events=r.events, cold_s=time.perf_counter() - t0)
    else:
        from wirecoder.engines.spark import get_session

        session = get_session(f"local[{n}]")
        res["startup_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        r = get_engine("spark")([corpus], out, opts, spark=session, partitions=16)
        res.update(articles=r.articles, events=r.events, cold_s=time.perf_counter() - t1)
        tree.sample()
        c2, t2 = tree.cpu_s, time.perf_counter()
        get_engine("spark")([corpus], out, opts, spark=session, partitions=16)
        res["warm_s"] = time.perf_counter() - t2
        tree.sample()
        res["warm_cpu_s"] = tree.cpu_s - c2
        session.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=160, help="ECB+ documents (0 = all)")
    ap.add_argument("--configs", default="local:1,local:2,spark:1,spark:2")
    ap.add_argument("--date", default="2015-01-01", help="publication date for the documents")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print("RESULT " + json.dumps(one(args.one, args.corpus, args.out, args.date)), flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="wc-engines-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n_docs, n_words = write_corpus(corpus, ecb_documents(args.docs))
        print(f"corpus: {n_docs} ECB+ documents, {n_words} words, {len(list(corpus.iterdir()))} JSONL files; "
              f"{os.cpu_count()} cores (shared: numbers vary with load)")
        rows = []
        for config in args.configs.split(","):
            proc = subprocess.run([sys.executable, __file__, "--one", config, "--corpus", str(corpus),
                                   "--out", str(Path(tmp) / config.replace(":", "-")), "--date", args.date],
                                  capture_output=True, text=True)
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
            if proc.returncode != 0 or not lines:
                print(f"{config}: failed (exit {proc.returncode})\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            r = json.loads(lines[-1][7:])
            rows.append(r)
            rate = r["articles"] / r["cold_s"]
            line = (f"{config:8s} {r['articles']:5d} articles {r['events']:6d} events  cold {r['cold_s']:7.1f}s "
                    f"{rate:6.2f} articles/s")
            if "warm_s" in r:
                line += (f"  warm {r['warm_s']:6.1f}s {r['articles'] / r['warm_s']:6.2f} articles/s "
                         f"(session start {r['startup_s']:.1f}s)")
            done = r['articles'] * (2 if 'warm_s' in r else 1)  # spark: cold + warm run
            line += f"  {done / r['cpu_s']:.2f} articles/CPU-s (all processes, start-up included"
            line += f"; warm run {r['articles'] / r['warm_cpu_s']:.2f})" if r.get("warm_cpu_s") else ")"
            line += (f"  peak RSS: driver {r['self_maxrss_mb']:.0f} MB, all processes {r['tree_rss_mb']:.0f} MB")
            print(line, flush=True)
        rates = {r["config"]: r["articles"] / r.get("warm_s", r["cold_s"]) for r in rows}
        for eng in ("local", "spark"):
            if f"{eng}:1" in rates and f"{eng}:2" in rates:
                print(f"scaling {eng} 2 vs 1: x{rates[f'{eng}:2'] / rates[f'{eng}:1']:.2f}"
                      + (" (warm runs)" if eng == "spark" else ""))
        if "local:1" in rates and "spark:1" in rates:
            print(f"spark local[1] warm vs local 1 process: x{rates['spark:1'] / rates['local:1']:.2f}")


if __name__ == "__main__":
    main()
