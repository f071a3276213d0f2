"""Errors that reach the user as one line naming the input and the problem."""
from __future__ import annotations


class WirecoderError(Exception):
    """Base class. ``str(err)`` is the one line the CLI prints (after ``wirecoder: ``)."""


class InputError(WirecoderError):
    """An input (file, record, URL) could not be read. Other inputs in the same run go on."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class DataFileError(WirecoderError):
    """A packaged or user data file (lexicon, dictionary, gazetteer) is missing or malformed."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")
