"""Which addresses a URL fetch may reach: public ones only, unless the user allows private ones.

A URL given to ``extract``/``ingest`` or posted to the server's ``POST /articles`` must not make
wirecoder fetch from the machine itself or its network (the server's own API, a cloud metadata
service at 169.254.169.254, a router's admin page). Refused: loopback, private (RFC 1918, ULA),
shared (100.64/10), link-local, multicast, reserved and unspecified addresses, IPv4-mapped or not.

Checked twice: the host's addresses before anything is sent (a clear error, no connection), and
the address each connection actually reached, so a redirect to an internal host or a DNS answer
that changes between the check and the connection is refused too. ``allow_private=True``
(``--allow-private-urls``, ``wirecoder serve --allow-private-urls``) turns both off.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Optional

_SHARED = ipaddress.ip_network("100.64.0.0/10")   # carrier-grade NAT; not is_private in 3.11
ALLOW_HINT = "pass --allow-private-urls (or serve --allow-private-urls) to fetch it"


class BlockedAddress(OSError):
    """A URL's host is (or connected to) an address wirecoder does not fetch from by default."""


def blocked_reason(address: str) -> Optional[str]:
    """Why ``address`` is refused (``"loopback"``, ``"private"`` ...), or None for a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "private"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    return None


def check_host(host: Optional[str], port: Optional[int] = None) -> None:
    """Raise :class:`BlockedAddress` if ``host`` resolves to any refused address.

    A host that does not resolve passes (the fetch then reports it unreachable)."""
    if not host:
        return
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return
    for info in infos:
        address = info[4][0]
        why = blocked_reason(address)
        if why:
            raise BlockedAddress(f"refused: {host} is a {why} address ({address}); {ALLOW_HINT}")


def _check_peer(sock: Optional[socket.socket], host: str) -> None:
    if sock is None:
        return
    try:
        address = sock.getpeername()[0]
    except OSError:
        return
    why = blocked_reason(address)
    if why:
        sock.close()
        raise BlockedAddress(f"refused: {host} connected to a {why} address ({address}); {ALLOW_HINT}")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _check_peer(self.sock, self.host)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        # the TCP connection first, checked, then TLS over it (nothing is sent to a refused peer)
        http.client.HTTPConnection.connect(self)
        _check_peer(self.sock, self.host)
        if self._tunnel_host:
            server_hostname = self._tunnel_host
        else:
            server_hostname = self.host
        self.sock = self._context.wrap_socket(self.sock, server_hostname=server_hostname)


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):  # type: ignore[no-untyped-def]
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):  # type: ignore[no-untyped-def]
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


_GUARDED: Optional[urllib.request.OpenerDirector] = None


def opener(allow_private: bool) -> urllib.request.OpenerDirector:
    """The urllib opener of a fetch: the default one, or one whose connections refuse private peers."""
    global _GUARDED
    if allow_private:
        return urllib.request.build_opener()
    if _GUARDED is None:
        _GUARDED = urllib.request.build_opener(_GuardedHTTPHandler, _GuardedHTTPSHandler)
    return _GUARDED
