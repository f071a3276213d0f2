"""``wirecoder serve`` options: loopback by default, token checks before the server starts."""
from __future__ import annotations

import argparse

import pytest

from wirecoder.errors import WirecoderError
from wirecoder.serve.cli import add_serve_parser, cmd_serve


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers(dest="cmd"))
    return parser.parse_args(["serve", *argv])


def test_defaults_listen_on_loopback():
    args = parse()
    assert args.host == "127.0.0.1" and args.port == 8765 and args.tiles is None and not args.private


def test_private_without_token_fails_before_serving(tmp_path, monkeypatch):
    monkeypatch.delenv("WIRECODER_TOKEN", raising=False)
    with pytest.raises(WirecoderError, match="--private needs a token"):
        cmd_serve(parse("--private", "--db", str(tmp_path / "e.duckdb")))


def test_unreadable_token_file_fails(tmp_path):
    with pytest.raises(WirecoderError, match="cannot read token file"):
        cmd_serve(parse("--token-file", str(tmp_path / "missing"), "--db", str(tmp_path / "e.duckdb")))
