"""The pipeline: the order of the stages, its two paths (without and with awaiting), "as of"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.requests import Request

from fastjwt import (
    FastJWT,
    FJWTConfig,
    FreshTokenRequiredError,
    InsufficientScopeError,
    JWTDecodeError,
    MissingTokenError,
    RequestToken,
    RevokedTokenError,
)
from fastjwt.pipeline import AUTHENTICATED, Pending, Policy
from tests.support import SECRET

pytestmark = pytest.mark.anyio


def request(headers: dict[str, str], body: bytes = b"", method: str = "GET") -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": method, "path": "/", "headers": raw, "query_string": b""}
    return Request(scope, receive)


def make(**settings: Any) -> FastJWT[Any]:
    return FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, **settings))


async def test_a_header_request_completes_without_awaiting() -> None:
    security = make()
    token = security.create_access_token(uid="alice")
    connection = request({"Authorization": f"Bearer {token}"})
    payload = security.pipeline.authenticate_now(connection, Policy())
    assert not isinstance(payload, Pending)
    assert payload is not None
    assert payload.sub == "alice"
    found, published = connection.scope[AUTHENTICATED]
    assert (found.token, found.location, published) == (token, "headers", payload)


async def test_a_json_body_is_read_by_awaiting() -> None:
    security = make(JWT_TOKEN_LOCATION=["json"])
    token = security.create_access_token(uid="alice")
    body = f'{{"access_token": "{token}"}}'.encode()
    connection = request({"Content-Type": "application/json"}, body, method="POST")
    pending = security.pipeline.authenticate_now(connection, Policy())
    assert isinstance(pending, Pending)
    assert pending.found is None
    payload = await security.pipeline.finish(connection, Policy(), pending)
    assert payload is not None
    assert payload.sub == "alice"
    assert connection.scope[AUTHENTICATED][1] is payload


async def test_an_optional_json_route_without_a_body_gets_none() -> None:
    security = make(JWT_TOKEN_LOCATION=["json"])
    connection = request({}, method="POST")
    assert await security.pipeline.authenticate(connection, Policy(optional=True)) is None
    with pytest.raises(MissingTokenError):
        await security.pipeline.authenticate(request({}, method="POST"), Policy())


async def test_callbacks_send_the_check_through_the_awaiting_path() -> None:
    security = make()
    revoked: set[str] = set()
    security.set_revocation_check(lambda payload: payload.jti in revoked)
    assert not security.revocations.immediate
    token = security.create_access_token(uid="alice")
    connection = request({"Authorization": f"Bearer {token}"})
    pending = security.pipeline.authenticate_now(connection, Policy())
    assert isinstance(pending, Pending)
    assert pending.found is not None
    payload = await security.pipeline.finish(connection, Policy(), pending)
    assert payload is not None
    revoked.add(str(payload.jti))
    with pytest.raises(RevokedTokenError):
        await security.pipeline.authenticate(
            request({"Authorization": f"Bearer {token}"}), Policy()
        )


async def test_scopes_are_checked_after_revocation_on_every_path() -> None:
    security = make()
    token = security.create_access_token(uid="alice", scopes=["read"])
    needs_write = Policy(scopes=("write",))
    with pytest.raises(InsufficientScopeError):
        security.pipeline.authenticate_now(
            request({"Authorization": f"Bearer {token}"}), needs_write
        )
    with pytest.raises(InsufficientScopeError):
        await security.pipeline.verify(
            RequestToken(token=token, location="headers"), needs_write, csrf=False
        )
    with pytest.raises(InsufficientScopeError):
        security.pipeline.verify_now(
            RequestToken(token=token, location="headers"), needs_write, csrf=False
        )
    security.set_revocation_check(lambda _payload: False)
    with pytest.raises(InsufficientScopeError):
        await security.pipeline.authenticate(
            request({"Authorization": f"Bearer {token}"}), needs_write
        )
    any_of = Policy(scopes=("write", "read"), any_scope=True)
    payload = security.pipeline.verify_now(
        RequestToken(token=token, location="headers"), any_of, csrf=False
    )
    assert payload.scopes == ["read"]


async def test_an_empty_token_is_missing() -> None:
    security = make()
    with pytest.raises(MissingTokenError):
        security.verify_token(RequestToken(token="", location="headers"))
    with pytest.raises(MissingTokenError):
        await security.verify_token_async(RequestToken(location="headers"))


async def test_verifying_as_of_another_time() -> None:
    security = make()
    token = security.create_access_token(uid="alice", expiry=timedelta(minutes=5))
    found = RequestToken(token=token, location="headers")
    soon = datetime.now(UTC) + timedelta(minutes=1)
    later = datetime.now(UTC) + timedelta(minutes=10)
    assert security.verify_token(found).sub == "alice"  # cached now
    assert security.verify_token(found, at=soon).sub == "alice"
    with pytest.raises(JWTDecodeError) as caught:
        security.verify_token(found, at=later)
    assert caught.value.description == "The token has expired"
    with pytest.raises(JWTDecodeError):
        await security.verify_token_async(found, at=later)
    with pytest.raises(JWTDecodeError):
        security.verify_token_claims(token, at=later)
    before = datetime.now(UTC) - timedelta(minutes=1)
    with pytest.raises(JWTDecodeError) as early:
        security.verify_token_claims(token, at=before)
    assert early.value.description == "The token is not valid yet"


async def test_freshness_is_judged_as_of_the_given_time() -> None:
    security = make(
        JWT_FRESH_TOKEN_MAX_AGE=timedelta(minutes=5), JWT_ACCESS_TOKEN_EXPIRES=timedelta(hours=1)
    )
    found = RequestToken(
        token=security.create_access_token(uid="a", fresh=True), location="headers"
    )
    assert security.verify_token(found, verify_fresh=True).fresh
    later = datetime.now(UTC) + timedelta(minutes=10)
    with pytest.raises(FreshTokenRequiredError):
        security.verify_token(found, verify_fresh=True, at=later)
