"""The HTTP protocol `rasad serve` hands to uvicorn: uvicorn's own, with Nagle's algorithm off."""
from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

# What uvicorn.run(http=...) imports in every worker process (a string survives the spawn).
PROTOCOL = "rasad.api.server:NoDelayHTTPProtocol"


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP protocol that sets TCP_NODELAY on every connection it is given.

    asyncio sets TCP_NODELAY only on sockets accepted from a listening socket made with
    IPPROTO_TCP; uvicorn's worker processes listen on one made with protocol 0, so each
    keep-alive response would wait ~40 ms for the client's delayed ACK."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # the peer already went away: uvicorn will see it
        super().connection_made(transport)
