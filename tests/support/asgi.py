"""Call an ASGI app in process with any bytes a client could send: no HTTP client in between.

An HTTP client normalises what it sends (it computes `Content-Length`, refuses odd header
values, joins cookies); the attack and fuzz tests need the raw request instead, and thousands
of them per second. `Exchange` records the answer and any exception the app let escape (a
server would log it as a 500).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message

Headers = list[tuple[bytes, bytes]]


@dataclass
class Exchange:
    """One request's answer: status, headers, body, and what escaped the app."""

    status: int = 0
    headers: Headers = field(default_factory=list)
    body: bytes = b""
    escaped: BaseException | None = None
    chunks_read: int = 0

    def header(self, name: str) -> str | None:
        """The value of one response header, `None` without it."""
        key = name.lower().encode()
        values = [value.decode("latin-1") for field_, value in self.headers if field_ == key]
        return values[0] if values else None


def scope(
    method: str = "GET",
    path: str = "/",
    headers: Sequence[tuple[bytes, bytes]] = (),
    query: bytes = b"",
    *,
    root_path: str = "",
) -> dict[str, Any]:
    """The scope of one HTTP/1.1 request from 127.0.0.1, with `headers` after `host`."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": root_path,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1:8000"), *headers],
    }


async def call(app: ASGIApp, request: dict[str, Any], chunks: Sequence[bytes] = ()) -> Exchange:
    """Send one request, its body in `chunks` (`more_body` on all but the last), and record it."""
    exchange = Exchange()
    pending = list(chunks) or [b""]

    async def receive() -> Message:
        if not pending:
            return {"type": "http.disconnect"}
        exchange.chunks_read += 1
        body = pending.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
            exchange.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            exchange.body += message.get("body", b"")

    try:
        await app(request, receive, send)
    except Exception as error:  # noqa: BLE001 - what a server would log as a 500 is the finding
        exchange.escaped = error
    return exchange
