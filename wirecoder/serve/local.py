"""The CLI reads a store that a writable server holds: through a snapshot the server makes.

DuckDB lets one process hold a file for writing, and then no other process may open it, not even
to read. A writable ``wirecoder serve`` therefore announces itself in a small file beside the
store, ``<store>.serve.json`` (mode 0600: its process id, a loopback URL and a random key made at
start), and removes it when it stops. A CLI read (``query``, ``stats``, ``info``, ``incidents``)
that finds the store locked reads that file and asks the server (``POST /local/snapshot`` with the
key) for a snapshot: under its write lock -- writes wait, reads go on -- the server checkpoints and
copies the store to ``<store>.snapshot`` (with its WAL, if any), or hands back the last copy when
nothing was written since. The CLI opens the copy read-only and runs exactly the code it runs on the
store itself, so its output is what the store held at that moment. Only a process of the user who
can read the announcement (the store's owner) can ask.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional

log = logging.getLogger("wirecoder.serve")

KEY_HEADER = "X-Wirecoder-Local-Key"


def announcement_path(db: str | os.PathLike[str]) -> Path:
    return Path(str(db) + ".serve.json")


def snapshot_path(db: str | os.PathLike[str]) -> Path:
    return Path(str(db) + ".snapshot")


class Snapshots:
    """The server side: the key, the announcement and the snapshot copies of one store."""

    def __init__(self, db: str | os.PathLike[str]):
        self.db = Path(db)
        self.key = secrets.token_urlsafe(32)
        self.generation = 0          # store writes so far; a snapshot is remade only after one
        self._made: Optional[int] = None
        self._lock = threading.Lock()
        self._announced: Optional[Path] = None

    def wrote(self) -> None:
        self.generation += 1

    def announce(self, url: str) -> Path:
        """Write ``<store>.serve.json`` (atomically, mode 0600)."""
        path = announcement_path(self.db)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"pid": os.getpid(), "url": url.rstrip("/"), "key": self.key, "db": str(self.db)}, f)
        os.replace(tmp, path)
        self._announced = path
        return path

    def close(self) -> None:
        """Remove the announcement (if it is still this server's) and the snapshot."""
        path = self._announced
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                if json.loads(path.read_text(encoding="utf-8")).get("key") == self.key:
                    path.unlink()
        for p in (snapshot_path(self.db), Path(str(snapshot_path(self.db)) + ".wal")):
            with contextlib.suppress(OSError):
                p.unlink()

    def make(self, access: Any) -> Path:
        """A consistent copy of the store as committed now (see the module docstring)."""
        snap = snapshot_path(self.db)
        with self._lock:
            if self._made == self.generation and snap.exists():
                return snap
            with access.writer() as store:
                store.con.execute("CHECKPOINT")
                gen = self.generation
                tmp = snap.with_name(snap.name + f".{os.getpid()}.tmp")
                _copy(self.db, tmp)
                wal = Path(str(self.db) + ".wal")
                if wal.exists():         # a checkpoint that could not run: the WAL completes the copy
                    _copy(wal, Path(str(snap) + ".wal"))
                else:
                    with contextlib.suppress(OSError):
                        Path(str(snap) + ".wal").unlink()
                os.replace(tmp, snap)
            self._made = gen
            return snap


def _copy(src: Path, dst: Path) -> None:
    """Copy ``src`` in a child process. DuckDB's lock on the store is a POSIX record lock, and
    the kernel drops all of a process's locks on a file when the process closes *any* descriptor
    of it: a copy made here would free the store for other writers while this server writes."""
    code = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"
    proc = subprocess.run([sys.executable, "-c", code, str(src), str(dst)], capture_output=True, text=True)
    if proc.returncode:
        raise OSError(f"copying {src} failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")


def find_server(db: str | os.PathLike[str]) -> Optional[dict[str, Any]]:
    """The announcement of a live writable server of ``db``, else None (a stale one is ignored)."""
    path = announcement_path(db)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid = int(info["pid"])
        str(info["url"]), str(info["key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return info


def request_snapshot(info: dict[str, Any], timeout: float = 120.0) -> Path:
    """Ask the announced server for a snapshot; its path. Raises OSError with one line on failure."""
    req = urllib.request.Request(info["url"] + "/local/snapshot", data=b"", method="POST",
                                 headers={KEY_HEADER: info["key"]})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # loopback: never a proxy
    try:
        with opener.open(req, timeout=timeout) as resp:
            out = json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        raise OSError(f"the server at {info['url']} refused a snapshot (HTTP {e.code})") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise OSError(f"the server at {info['url']} did not answer ({getattr(e, 'reason', e)})") from None
    return Path(out["path"])
