"""The PLOVER ontology (types, modes, quad classes, contexts, CAMEO roots) from ``data/plover.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .datafiles import data_path, read_yaml
from .errors import DataFileError

# PLOVER's material quad classes (2 material cooperation, 4 material conflict): such events happen
# somewhere; a statement's place is only the place it names (assembly and the event-place choice).
PLACED_QUADS = (2, 4)


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    cameo: str
    modes: dict[str, Optional[str]]  # mode -> CAMEO root override (or None)
    help: str


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    contexts: dict[str, str]

    def cameo_root(self, event_type: str, mode: Optional[str], override: Optional[str] = None) -> str:
        if override:
            return override
        t = self.types[event_type]
        return (t.modes.get(mode) if mode else None) or t.cameo

    def check(self, event_type: str, mode: Optional[str], contexts: list[str], where: str) -> None:
        if event_type not in self.types:
            raise DataFileError(where, f"unknown PLOVER event type {event_type!r}; "
                                       f"known: {', '.join(sorted(self.types))}")
        if mode and mode not in self.types[event_type].modes:
            raise DataFileError(where, f"{event_type} has no mode {mode!r}; its modes: "
                                       f"{', '.join(self.types[event_type].modes) or '(none)'}")
        for c in contexts:
            if c not in self.contexts:
                raise DataFileError(where, f"unknown PLOVER context {c!r}")


def load_ontology(path: str | Path | None = None) -> Ontology:
    path = Path(path) if path else data_path("plover.yaml")
    raw = read_yaml(path, ["types", "contexts"])
    types = {}
    for name, spec in raw["types"].items():
        try:
            modes = {m: (str(v.get("cameo")) if v and v.get("cameo") else None)
                     for m, v in (spec.get("modes") or {}).items()}
            types[name] = EventType(name, int(spec["quad"]), str(spec["cameo"]), modes, spec.get("help", ""))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise DataFileError(str(path), f"type {name}: bad entry ({e})") from None
        if types[name].quad not in (1, 2, 3, 4):
            raise DataFileError(str(path), f"type {name}: quad must be 1-4")
    return Ontology(types, dict(raw["contexts"]))


@lru_cache(maxsize=None)
def default_ontology() -> Ontology:
    return load_ontology()
