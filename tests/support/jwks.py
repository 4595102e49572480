"""A JWKS endpoint on 127.0.0.1 whose answers each test decides, and that counts its requests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"


@dataclass
class Answer:
    """What the stub answers: a status, a body, headers, and how slowly."""

    status: int = 200
    body: bytes = b'{"keys": []}'
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0
    drip: float = 0.0
    """Seconds between two bytes of the body: a server that answers, but too slowly."""


class StubJWKS:
    """The stub's state: the answer to give, and the paths it was asked for."""

    def __init__(self) -> None:
        self.answer = Answer()
        self.requests: list[str] = []
        self.port = 0
        self.closing = threading.Event()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/.well-known/jwks.json"

    def publish(self, document: dict[str, Any]) -> None:
        self.answer = Answer(body=json.dumps(document).encode())


def _handler(stub: StubJWKS) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            stub.requests.append(self.path)
            answer = stub.answer
            if answer.delay:
                stub.closing.wait(answer.delay)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if not answer.drip:
                self.wfile.write(answer.body)
                return
            for index in range(len(answer.body)):
                if stub.closing.wait(answer.drip):
                    return
                self.wfile.write(answer.body[index : index + 1])
                self.wfile.flush()

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

    return Handler


@contextlib.contextmanager
def stub_jwks() -> Iterator[StubJWKS]:
    """Serve a `StubJWKS` on a free port of 127.0.0.1 for the duration of the block."""
    stub = StubJWKS()
    server = ThreadingHTTPServer((HOST, 0), _handler(stub))
    server.daemon_threads = True
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield stub
    finally:
        stub.closing.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def wait_until(condition: Any, timeout: float = 5.0) -> bool:
    """Poll `condition()` until it is true or `timeout` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


class FakeClock:
    """A clock the JWKS client reads instead of the real one: tests move it, nobody sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
