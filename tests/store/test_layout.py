"""The store package's layout: one module per job, no private names imported across modules,
no import cycle among them, and any of them can be imported first."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = {
    "wirecoder.dedupe": ROOT / "wirecoder" / "dedupe.py",
    **{f"wirecoder.store.{p.stem}" if p.stem != "__init__" else "wirecoder.store": p
       for p in (ROOT / "wirecoder" / "store").glob("*.py")},
}
OURS = set(MODULES) | {"wirecoder.incidents"}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every ``from wirecoder... import names`` in ``path`` (relative ones resolved)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wirecoder"):
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("wirecoder")]
    return out


def test_no_private_name_is_imported_across_modules():
    bad = [(mod, src, n) for mod, path in MODULES.items() for src, names in _imports(path)
           for n in names if n.startswith("_")]
    assert bad == []


def test_the_store_modules_form_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for mod, path in MODULES.items():
        deps = set()
        for src, names in _imports(path):
            deps |= {f"{src}.{n}" for n in names if f"{src}.{n}" in OURS} or ({src} & OURS)
        graph[mod] = deps - {mod, "wirecoder.store"}  # the package's __init__ only re-exports
    seen: dict[str, int] = {}

    def visit(m: str, stack: list[str]) -> None:
        if seen.get(m) == 1:
            raise AssertionError(" -> ".join(stack + [m]))
        if seen.get(m) == 2:
            return
        seen[m] = 1
        for d in graph.get(m, ()):
            visit(d, stack + [m])
        seen[m] = 2

    for m in graph:
        visit(m, [])


@pytest.mark.parametrize("first", sorted(OURS))
def test_any_module_can_be_imported_first(first):
    code = f"import {first}; from wirecoder.store import Store; from wirecoder.incidents import link"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-500:]
