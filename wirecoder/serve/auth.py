"""Bearer-token access: writes always need the token, reads only with ``--private``.

The token comes from ``--token-file FILE`` (first line, surrounding whitespace stripped) or the
``WIRECODER_TOKEN`` environment variable. Without a token the server still serves reads, and
refuses every write with 403 (there is nobody who could be allowed to write).

Clients send ``Authorization: Bearer <token>``; the comparison is constant-time.
"""
from __future__ import annotations

import hmac
import logging
import os
import stat
from pathlib import Path
from typing import Optional

from fastapi import Request

from wirecoder.errors import InputError

from .errors import ApiError

log = logging.getLogger("wirecoder.serve")

TOKEN_ENV = "WIRECODER_TOKEN"
MIN_TOKEN_CHARS = 16
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="wirecoder"'}


def load_token(token_file: Optional[str | os.PathLike[str]] = None,
               environ: Optional[dict[str, str]] = None) -> Optional[str]:
    """The API token from ``token_file`` (wins) or ``$WIRECODER_TOKEN``; None when neither is set.

    Raises :class:`InputError` for an unreadable or empty token file, or a token shorter than
    :data:`MIN_TOKEN_CHARS` characters. A token file other users can read is logged as a warning.

    >>> load_token(environ={"WIRECODER_TOKEN": "0123456789abcdef0123"})
    '0123456789abcdef0123'
    """
    env = os.environ if environ is None else environ
    source = str(token_file) if token_file else f"${TOKEN_ENV}"
    if token_file:
        path = Path(token_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(str(path), f"cannot read token file ({getattr(e, 'strerror', None) or e})") from None
        token = lines[0].strip() if lines else ""
        if token and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
            log.warning("%s: token file is readable by other users; chmod 600 it", path)
    else:
        token = (env.get(TOKEN_ENV) or "").strip()
        if not token:
            return None
    if not token:
        raise InputError(source, "token file is empty")
    if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
        raise InputError(source, f"token must be at least {MIN_TOKEN_CHARS} characters without spaces "
                                 "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")
    return token


def bearer(request: Request) -> Optional[str]:
    """The token of an ``Authorization: Bearer ...`` header, else None."""
    header = request.headers.get("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


class Auth:
    """Who may read and who may write (see module docstring)."""

    def __init__(self, token: Optional[str], private: bool = False):
        if private and not token:
            raise ValueError("private mode needs a token (--token-file or $WIRECODER_TOKEN)")
        self.token = token
        self.private = private

    def _valid(self, request: Request) -> bool:
        given = bearer(request)
        return bool(self.token and given and hmac.compare_digest(given.encode(), self.token.encode()))

    def _demand(self, request: Request, what: str) -> None:
        if self._valid(request):
            return
        if bearer(request) is None:
            raise ApiError(401, f"{what} needs a bearer token (Authorization: Bearer <token>)", CHALLENGE)
        raise ApiError(401, "invalid token", CHALLENGE)

    def read(self, request: Request) -> None:
        """FastAPI dependency of every read endpoint: open unless the server is private."""
        if self.private:
            self._demand(request, "this server is private: reading")

    def write(self, request: Request) -> None:
        """FastAPI dependency of every write endpoint."""
        if not self.token:
            raise ApiError(403, "writes are disabled: start the server with --token-file or "
                                f"${TOKEN_ENV} to accept them")
        self._demand(request, "writing")
