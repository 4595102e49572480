"""Hypothesis profiles for the fuzz tests, and the apps they attack.

`FASTJWT_HYPOTHESIS_PROFILE` picks the profile: `dev` (the default, a quick look), `ci`
(what `.ci/run` runs: `CI_EXAMPLES` per test, 10,200 over the six fuzz tests) or `long`
(20,000 per test, for a local hunt of several minutes). The profile only sets how many
examples run: every test sets nothing else that differs between profiles.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from fastapi import Depends, FastAPI
from hypothesis import HealthCheck, settings

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from tests.support import SECRET
from tests.support.asgi import Exchange, call

CI_EXAMPLES = 1700
PROFILES = {"dev": 150, "ci": CI_EXAMPLES, "long": 20_000}
for _name, _examples in PROFILES.items():
    settings.register_profile(
        f"fastjwt-{_name}",
        # CI starts from nothing each run: no example database to keep.
        settings(database=None) if _name == "ci" else None,
        max_examples=_examples,
        deadline=None,  # two shared cores: a slow example is the machine, not a finding
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
PROFILE = os.environ.get("FASTJWT_HYPOTHESIS_PROFILE", "dev")
if PROFILE not in PROFILES:
    raise pytest.UsageError(
        f"FASTJWT_HYPOTHESIS_PROFILE={PROFILE!r}: choose one of {', '.join(PROFILES)}"
    )
settings.load_profile(f"fastjwt-{PROFILE}")


class Target:
    """One app with one route, `/p`, that takes tokens from `locations`, and its event loop."""

    def __init__(self, locations: Sequence[str]) -> None:
        self.security: FastJWT[object] = FastJWT(
            FJWTConfig(
                JWT_SECRET_KEY=SECRET, JWT_TOKEN_LOCATION=list(locations), JWT_COOKIE_SECURE=False
            )
        )
        app = FastAPI()
        dependency = self.security.access_token_required

        async def protected(payload: TokenPayload = Depends(dependency)) -> str:  # noqa: B008
            return str(payload.sub)

        app.add_api_route("/p", protected, methods=["GET", "POST"])
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.valid = frozenset(self.security.create_access_token(uid="alice") for _ in range(3))

    def send(self, request: dict[str, Any], chunks: Sequence[bytes] = ()) -> Exchange:
        """Send one request; fail on a 5xx or an exception that escaped the app."""
        exchange = self.loop.run_until_complete(call(self.app, request, chunks))
        assert exchange.escaped is None, repr(exchange.escaped)
        assert exchange.status < 500, exchange.body[:300]
        assert exchange.status in {200, 401, 413}, (exchange.status, exchange.body[:300])
        return exchange


class ErrorLog(logging.Handler):
    """Every record of level ERROR or above, from any logger, while the fuzz tests run."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def error_log() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    assert [record.getMessage() for record in handler.records] == []


def target_for(*locations: str) -> Iterator[Target]:
    target = Target(locations)
    try:
        yield target
    finally:
        target.loop.close()
