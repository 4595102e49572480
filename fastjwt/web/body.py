"""Read a request body to look for a token in it: bounded while reading, parsed strictly.

A body is only read when a route looks for a token in it (a JSON body, or a
CSRF value in a form), and never more than `MAX_BODY_BYTES` of it: a larger
declared `Content-Length` is refused before anything is read, and a body
without one (chunked) is refused as soon as the bytes received pass the
limit, so an unauthenticated client cannot make the server hold more. The
body read is kept where Starlette keeps it, so the route still gets it.

A JSON body is parsed once, and refused (401, like a malformed header) when
it is not JSON, not an object, nested too deep for the parser, holds a number
too long to convert, or names the token field twice: a request whose token
could be read two ways is not guessed about.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect

from fastjwt.exceptions import MalformedRequestError

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.types import Receive

__all__ = ["MAX_BODY_BYTES", "json_document", "read_body"]

MAX_BODY_BYTES = 1024 * 1024
"""Largest body FastJWT reads to look for a token (1 MiB)."""
_DIGITS = len(str(MAX_BODY_BYTES))


async def read_body(request: Request) -> bytes:
    """The request's body, read at most once and never past `MAX_BODY_BYTES`.

    Raises:
        MalformedRequestError: The body is larger than the limit (413).
    """
    # Starlette keeps a body read once in `_body`, and `Request.stream()`, `body()`
    # and `json()` serve it again from there: the route's own reads included.
    body: bytes | None = getattr(request, "_body", None)
    if body is None:
        if _declares_too_much(request.headers.get("content-length", "")):
            raise _too_large()
        # Kept where Starlette keeps a body it read itself.
        body = request._body = await _receive_body(request.receive)
    if len(body) > MAX_BODY_BYTES:  # read whole before, by the route's body model
        raise _too_large()
    return body


async def _receive_body(receive: Receive) -> bytes:
    """The body's chunks as the server hands them over, refused once past the limit.

    The messages are read directly, as `Request.stream()` reads them (without
    its generator, whose cost per chunk would count 17 times for a refused
    1 MiB body of 64 KiB chunks).

    Raises:
        ClientDisconnect: The client went away before the end of the body.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnect
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _declares_too_much(declared: str) -> bool:
    """Whether a `Content-Length` value announces more than the limit.

    Only ASCII digits count (`"²".isdigit()` is true), and the length is
    compared as text first: `int()` refuses strings of more than 4,300 digits.
    """
    if not (declared.isascii() and declared.isdigit()):
        return False
    digits = declared.lstrip("0")
    return len(digits) > _DIGITS or (bool(digits) and int(digits) > MAX_BODY_BYTES)


def _too_large() -> MalformedRequestError:
    return MalformedRequestError(
        "The request body is too large to look for a token in it",
        description=f"Bodies of more than {MAX_BODY_BYTES} bytes are not searched",
        status_code=413,
    )


class _Repeated(dict[str, Any]):
    """A JSON object whose text named some keys more than once (the last value kept)."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]], repeated: set[str]) -> None:
        super().__init__(pairs)
        self.repeated = repeated


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) == len(pairs):
        return document
    seen: set[str] = set()
    repeated: set[str] = set()
    for name, _ in pairs:
        (repeated if name in seen else seen).add(name)
    return _Repeated(pairs, repeated)


def json_document(body: bytes, key: str) -> dict[str, Any]:
    """Parse a JSON body that may carry a token under `key`.

    Raises:
        MalformedRequestError: The body is not JSON (bad UTF-8, bad syntax, a
            number of more than 4,300 digits, nesting deeper than the parser
            goes), not an object, or names `key` more than once.
    """
    try:
        document = json.loads(body, object_pairs_hook=_object)
    except (ValueError, RecursionError) as error:
        raise MalformedRequestError("The request body is not valid JSON") from error
    if not isinstance(document, dict):
        raise MalformedRequestError("The request body must be a JSON object to carry a token")
    if isinstance(document, _Repeated) and key in document.repeated:
        raise MalformedRequestError(f"The JSON body names the {key} field more than once")
    return document
