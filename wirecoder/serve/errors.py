"""One JSON error shape for every failure, and the request body size limit.

Every error the API returns is ``{"ok": false, "error": "<one line>", "status": <code>}`` with
the same HTTP status: unknown routes (404), bad parameters (422), malformed JSON (400), a
missing or wrong token (401), a body over the limit (413), an unreachable URL (502). An
unexpected exception is logged with its traceback and answered with the same shape (500), so
a client never has to parse an HTML error page.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wirecoder.errors import InputError, WirecoderError

log = logging.getLogger("wirecoder.serve")

DEFAULT_MAX_BODY = 5_000_000


class ApiError(Exception):
    """An error the API reports to the client as ``{ok: false, error, status}``."""

    def __init__(self, status: int, error: str, headers: Optional[dict[str, str]] = None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.headers = headers


def error_body(status: int, error: str) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"ok": False, "error": error, "status": status}


def error_response(status: int, error: str, headers: Optional[dict[str, str]] = None) -> JSONResponse:
    """A :class:`JSONResponse` in the one error shape."""
    return JSONResponse(error_body(status, error), status_code=status, headers=headers)


def _where(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "request"
    kind, rest = loc[0], [str(x) for x in loc[1:]]
    if kind == "body":
        return "body field " + ".".join(rest) if rest else "request body"
    if kind == "query" and rest:
        return f"query parameter {rest[0]!r}"
    if kind == "path" and rest:
        return f"path parameter {rest[0]!r}"
    return ".".join([str(kind), *rest])


def validation_message(errors: list[dict[str, Any]]) -> tuple[int, str]:
    """(status, one line) for pydantic/FastAPI validation errors: malformed JSON is a 400."""
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        detail = (first.get("ctx") or {}).get("error")
        return 400, "request body is not valid JSON" + (f" ({detail})" if detail else "")
    parts = []
    for e in errors[:3]:
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{_where(tuple(e.get('loc') or ()))}: {msg}")
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return 422, "; ".join(parts) + more


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception type the app can raise to the one error shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.error, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        msg = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and msg == "Not Found":
            msg = "no such resource"
        return error_response(exc.status_code, msg, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, msg = validation_message(list(exc.errors()))
        return error_response(status, msg)

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return error_response(422, str(exc))

    @app.exception_handler(WirecoderError)
    async def _wirecoder(_: Request, exc: WirecoderError) -> JSONResponse:
        return error_response(503, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s: unexpected %s", request.method, request.url.path, type(exc).__name__,
                  exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log")


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413 before the app reads them.

    A declared ``Content-Length`` over the limit is refused at once; a chunked body is counted
    as it arrives and refused when it passes the limit (it is buffered, at most ``max_bytes``).
    """

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await self._reply(send, 400, "Content-Length is not a number")
                return
            if declared > self.max_bytes:
                await self._too_large(send)
                return
            await self.app(scope, receive, send)
            return
        # no Content-Length (chunked): read up to the limit, then replay to the app
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await self._reply(send, 413, f"request body over the {self.max_bytes:,}-byte limit")

    @staticmethod
    async def _reply(send: Send, status: int, error: str) -> None:
        body = json.dumps(error_body(status, error)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

