"""``wirecoder serve``: argument parsing and the uvicorn run, over :func:`wirecoder.serve.create_app`.

The lead's ``wirecoder/cli.py`` registers it::

    from .serve.cli import add_serve_parser, cmd_serve
    ADDERS.append(add_serve_parser); COMMANDS["serve"] = cmd_serve
"""
from __future__ import annotations

import argparse
import errno
import ipaddress
import socket
import logging
import sys
from typing import Any

log = logging.getLogger("wirecoder.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
# Seconds an idle keep-alive connection stays open. uvicorn's default (5 s) equals httpx's and
# urllib3's client-side expiry, so a client reusing a connection idle for ~5 s (a loaded machine's
# scheduling gap) could send just as the server closed it: a connection reset. Longer than
# common clients' expiry, the client always gives the connection up first.
KEEP_ALIVE_S = 30


def add_serve_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``serve`` sub-command to an argparse sub-parsers object; returns its parser."""
    p = sub.add_parser(
        "serve", help="HTTP API and map page over the event store",
        description="Serve the event store: a JSON/GeoJSON/CSV API (OpenAPI at /openapi.json) and a "
                    "map-and-timeline page at /. Listens on 127.0.0.1 unless --host says otherwise.")
    p.add_argument("--db", help="store file (default: $WIRECODER_DB, else ~/.local/share/wirecoder/events.duckdb)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 exposes the server)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 = any free)")
    p.add_argument("--token-file", metavar="FILE",
                   help="file holding the bearer token for writes (default: $WIRECODER_TOKEN; none = read-only API)")
    p.add_argument("--private", action="store_true", help="reads need the token too")
    p.add_argument("--read-only", action="store_true",
                   help="open the store read-only (no POST /articles; several servers can share the file)")
    p.add_argument("--tiles", metavar="URL",
                   help="map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                        "(default: none; the page draws country outlines offline)")
    p.add_argument("--tiles-attribution", metavar="HTML", help="attribution shown for --tiles")
    p.add_argument("--max-body", type=int, default=5_000_000, metavar="BYTES",
                   help="largest request body (default 5 MB; larger -> 413)")
    p.add_argument("--allow-private-urls", action="store_true",
                   help="let POST /articles fetch URLs on loopback, private and link-local addresses "
                        "(refused by default: a posted URL must not reach this machine or its network)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests whose Host header is NAME (repeatable; '*' = any). By "
                        "default only the --host address is answered (and localhost names on loopback)")
    p.add_argument("--max-writes", type=int, default=16, metavar="N",
                   help="POST /articles requests in progress at once (default 16 of the 40 threads); more get 503 at once")
    p.add_argument("--workers-threads", type=int, default=None, dest="threads", metavar="N",
                   help="threads serving requests (default: anyio's 40)")
    return p


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted; 0 on a clean stop. Raises WirecoderError on bad setup."""
    import uvicorn

    from wirecoder.errors import WirecoderError

    from .app import ServeConfig, create_app
    from .auth import load_token

    token = load_token(args.token_file)
    if args.private and not token:
        raise WirecoderError("serve: --private needs a token (--token-file FILE or $WIRECODER_TOKEN)")
    if args.max_body < 1:
        raise WirecoderError("serve: --max-body must be positive")
    if not _is_loopback(args.host):
        log.warning("listening on %s: the API is reachable from other machines%s", args.host,
                    "" if args.private else " and reads need no token (add --private to close them)")
    # the port is taken before anything is announced: a busy port is one line, not a
    # "serving ... on" followed by uvicorn's bind error
    sock = bind_socket(args.host, args.port)
    process = None
    if getattr(args, "gazetteer", None):
        import functools

        from wirecoder.pipeline import PipelineOptions, process_article
        process = functools.partial(process_article, options=PipelineOptions(gazetteer=args.gazetteer))
    try:
        app = create_app(ServeConfig(db=args.db, token=token, private=args.private, read_only=args.read_only,
                                     tiles=args.tiles, tiles_attribution=args.tiles_attribution,
                                     max_body=args.max_body, allow_private_urls=args.allow_private_urls,
                                     max_writes=args.max_writes,
                                     allowed_hosts=allowed_hosts(args.host, args.allow_host),
                                     process=process))
    except BaseException:
        sock.close()
        raise
    if args.threads:
        _set_threads(app, args.threads)
    print(f"wirecoder: serving {app.state.access.store.path} on http://{_url_host(args.host)}:{args.port}/ "
          f"(writes {'enabled' if token and not args.read_only else 'disabled'}"
          f"{', private' if args.private else ''})", file=sys.stderr, flush=True)
    snapshots = app.state.snapshots
    if snapshots is not None:   # CLI reads of the store it holds come here for a snapshot
        port = sock.getsockname()[1]
        local = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(args.host, args.host)
        snapshots.announce(f"http://{_url_host(local)}:{port}")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                                           timeout_keep_alive=KEEP_ALIVE_S))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        if snapshots is not None:
            snapshots.close()
    return 0


def allowed_hosts(host: str, extra: list[str]) -> frozenset[str]:
    """Host header names answered: the listening address, localhost names when it is loopback
    (or all addresses), and ``extra``."""
    names = {host.strip("[]").lower()} | {e.strip("[]").lower() for e in extra}
    if _is_loopback(host) or host in ("0.0.0.0", "::"):
        names |= {"localhost", "127.0.0.1", "::1"}
    if host in ("0.0.0.0", "::"):
        names |= {socket.gethostname().lower()}
    return frozenset(names)


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a port in use (or a host that is not this machine's) is
    one :class:`wirecoder.errors.InputError` line."""
    from wirecoder.errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family, backlog=2048)
    except OSError as e:
        why = "is in use (another server is listening there); choose another --port" \
            if e.errno == errno.EADDRINUSE else (e.strerror or str(e))
        raise InputError(f"{_url_host(host)}:{port}", why) from None
    sock.set_inheritable(True)
    return sock


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _set_threads(app: Any, n: int) -> None:
    import contextlib

    import anyio.to_thread

    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: Any):  # type: ignore[no-untyped-def]
        anyio.to_thread.current_default_thread_limiter().total_tokens = n
        async with inner(a):
            yield

    app.router.lifespan_context = lifespan
