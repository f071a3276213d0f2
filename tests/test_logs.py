"""Library log records (trafilatura, htmldate ...) go through wirecoder's logging at wirecoder's
levels: not printed as wirecoder warnings by default, shown as DEBUG lines naming the library with -vv."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from wirecoder.logs import route_library_logs

ROOT = Path(__file__).resolve().parents[1]
PAGE = "<html><body><script>x</script></body></html>"   # trafilatura: "discarding data: None"


def test_library_warnings_become_our_debug_records(caplog):
    route_library_logs()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("wirecoder").setLevel(logging.DEBUG)
        route_library_logs(("wc_test_lib",))
        logging.getLogger("wc_test_lib.sub").error("parsed tree length: %s", 0)
        logging.getLogger("wirecoder").setLevel(logging.NOTSET)
    (rec,) = [r for r in caplog.records if "parsed tree" in r.getMessage()]
    assert rec.name == "wirecoder.lib.wc_test_lib" and rec.levelno == logging.DEBUG
    assert rec.getMessage() == "wc_test_lib: parsed tree length: 0"


def _extract(tmp_path, *flags):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wirecoder.cli", "extract", *flags, "--date", "2021-07-26",
                           "--no-geocode", str(page)], capture_output=True, text=True, env=env, timeout=120)


def test_cli_does_not_print_library_warnings_as_its_own(tmp_path):
    proc = _extract(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "discarding data" not in proc.stderr and "WARNING" not in proc.stderr


def test_cli_shows_them_as_debug_with_vv(tmp_path):
    proc = _extract(tmp_path, "-vv")
    assert "wirecoder: DEBUG: trafilatura: discarding data" in proc.stderr
