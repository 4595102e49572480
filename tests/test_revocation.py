"""Revocation with each store: logout, logout everywhere, callbacks, rotation, failures."""

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from redis.asyncio import Redis
from starlette.websockets import WebSocketDisconnect

from fastjwt import (
    FastJWT,
    FJWTConfig,
    RequestToken,
    RevocationUnavailableError,
    RevokedTokenError,
    TokenPayload,
)
from fastjwt.stores import Revocation, RevocationStore
from fastjwt.stores.memory import MemoryStore
from fastjwt.stores.redis_store import RedisStore
from tests.support import bearer, secret_of
from tests.support.revocation_app import make_app

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[RevocationStore]:
    if request.param == "memory":
        yield MemoryStore()
        return
    url = request.getfixturevalue("redis_url")
    prefix = request.getfixturevalue("redis_prefix")
    redis_store = RedisStore.from_url(url, prefix=prefix)
    yield redis_store
    await redis_store.aclose()


@pytest.fixture
async def client(store: RevocationStore) -> AsyncIterator[tuple[httpx2.AsyncClient, FastJWT[Any]]]:
    app, security = make_app(store)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url="http://test"
    ) as http:
        yield http, security


async def _login(http: httpx2.AsyncClient) -> tuple[str, str]:
    tokens = (await http.post("/login")).json()
    return tokens["access_token"], tokens["refresh_token"]


async def test_logout_revokes_the_token(client: tuple[httpx2.AsyncClient, FastJWT[Any]]) -> None:
    http, _ = client
    access, _ = await _login(http)
    assert (await http.get("/me", headers=bearer(access))).json() == "alice"
    assert (await http.post("/logout", headers=bearer(access))).json() == "bye"
    response = await http.get("/me", headers=bearer(access))
    assert (response.status_code, response.json()) == (401, {"detail": "Token has been revoked"})
    assert "revoked (token)" in response.headers["WWW-Authenticate"]
    other, _ = await _login(http)
    assert (await http.get("/me", headers=bearer(other))).json() == "alice"


async def test_revoke_a_pair(client: tuple[httpx2.AsyncClient, FastJWT[Any]]) -> None:
    http, security = client
    access, refresh = await _login(http)
    payloads = [
        await security.verify_token_async(RequestToken(token=access, location="headers")),
        await security.verify_token_async(
            RequestToken(token=refresh, type="refresh", location="headers")
        ),
    ]
    await security.revoke(*payloads)
    assert (await http.get("/me", headers=bearer(access))).status_code == 401
    assert (await http.post("/refresh", headers=bearer(refresh))).status_code == 401


async def test_logout_everywhere_keeps_new_tokens(
    client: tuple[httpx2.AsyncClient, FastJWT[Any]],
) -> None:
    http, _ = client
    first, _ = await _login(http)
    second, refresh = await _login(http)
    response = await http.post("/logout-everywhere", headers=bearer(first))
    new = response.json()["access_token"]
    for old in (first, second):
        revoked = await http.get("/me", headers=bearer(old))
        assert revoked.status_code == 401
        assert "revoked (subject)" in revoked.headers["WWW-Authenticate"]
    assert (await http.post("/refresh", headers=bearer(refresh))).status_code == 401
    assert (await http.get("/me", headers=bearer(new))).json() == "alice"


async def test_rotation_and_reuse_detection(
    client: tuple[httpx2.AsyncClient, FastJWT[Any]],
) -> None:
    http, _ = client
    _, refresh = await _login(http)
    rotated = (await http.post("/refresh", headers=bearer(refresh))).json()
    second = (await http.post("/refresh", headers=bearer(rotated["refresh_token"]))).json()
    assert (await http.get("/me", headers=bearer(second["access_token"]))).json() == "alice"
    # The first refresh token is presented again: the whole family is revoked.
    reused = await http.post("/refresh", headers=bearer(refresh))
    assert reused.status_code == 401
    assert "reused" in reused.headers["WWW-Authenticate"]
    for token in (second["access_token"], rotated["access_token"]):
        assert (await http.get("/me", headers=bearer(token))).status_code == 401
    assert (await http.post("/refresh", headers=bearer(second["refresh_token"]))).status_code == 401


async def test_concurrent_rotation_has_one_winner(
    client: tuple[httpx2.AsyncClient, FastJWT[Any]],
) -> None:
    http, _ = client
    _, refresh = await _login(http)
    responses = await asyncio.gather(
        *(http.post("/refresh", headers=bearer(refresh)) for _ in range(50))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [401] * 49


async def test_callbacks_run_after_verification_only(
    client: tuple[httpx2.AsyncClient, FastJWT[Any]],
) -> None:
    http, security = client
    seen_payloads: list[str | None] = []
    seen_tokens: list[str] = []

    @security.set_revocation_check
    async def is_revoked(payload: TokenPayload) -> bool:
        seen_payloads.append(payload.jti)
        return payload.extra_dict.get("role") == "banned"

    @security.set_token_blocklist
    def in_blocklist(token: str) -> bool:
        seen_tokens.append(token)
        return token.endswith("x")

    assert security.is_token_callback_set
    access, _ = await _login(http)
    assert (await http.get("/me", headers=bearer(access))).json() == "alice"
    forged = access[:-4] + ("AAAA" if not access.endswith("AAAA") else "BBBB")
    assert (await http.get("/me", headers=bearer(forged))).status_code == 401
    assert (await http.get("/me", headers=bearer("garbage"))).status_code == 401
    assert seen_tokens == [access]
    assert len(seen_payloads) == 1
    banned = security.create_access_token(uid="alice", role="banned")
    assert (await http.get("/me", headers=bearer(banned))).status_code == 401


async def test_async_and_sync_blocklist_callbacks(
    client: tuple[httpx2.AsyncClient, FastJWT[Any]],
) -> None:
    http, security = client
    access, _ = await _login(http)
    revoked = {access}

    async def async_check(token: str) -> bool:
        return token in revoked

    security.set_callback_token_blocklist(async_check)
    assert (await http.get("/me", headers=bearer(access))).status_code == 401
    with pytest.raises(TypeError, match="async"):
        security.is_token_in_blocklist(access)
    security.set_token_blocklist(lambda token: token in revoked)
    assert security.is_token_in_blocklist(access)
    assert (await http.get("/me", headers=bearer(access))).status_code == 401


def test_no_blocklist_by_default() -> None:
    _, security = make_app()
    assert not security.is_token_callback_set
    assert security.is_token_in_blocklist("anything") is False


async def test_websocket_refused_when_revoked() -> None:
    app, security = make_app()
    token = security.create_access_token(uid="alice")
    await security.revoke(
        await security.verify_token_async(RequestToken(token=token, location="headers"))
    )
    with (
        pytest.raises(WebSocketDisconnect) as caught,
        TestClient(app).websocket_connect("/ws", headers=bearer(token)),
    ):
        pass  # pragma: no cover
    assert (caught.value.code, caught.value.reason) == (1008, "Token has been revoked")


async def test_store_status_reasons(store: RevocationStore) -> None:
    payload = TokenPayload(sub="bob", jti="j1", type="refresh", exp=None, iat=100.0)
    assert await store.status(payload) is None
    assert await store.mark_used("j1", None) is True
    assert await store.mark_used("j1", None) is False
    assert await store.status(payload) is Revocation.REUSED
    await store.revoke_family("j1", None)
    assert await store.status(payload) is Revocation.FAMILY
    await store.revoke_subject("bob", 200.0, None)
    assert await store.status(payload) is Revocation.SUBJECT
    await store.revoke("j1", None)
    assert await store.status(payload) is Revocation.TOKEN
    later = TokenPayload(sub="bob", jti="j2", type="access", iat=300.0)
    assert await store.status(later) is None


async def test_expired_entries_are_forgotten(store: RevocationStore) -> None:
    payload = TokenPayload(sub="bob", jti="old", type="access", iat=1.0)
    await store.revoke("old", 1.0)
    await store.revoke_subject("bob", 10.0, 1.0)
    assert await store.status(payload) is None


def test_memory_store_sweeps_expired_entries() -> None:
    store = MemoryStore()

    async def fill() -> None:
        for index in range(1030):
            await store.revoke(f"j{index}", 1.0)
        await store.revoke_subject("bob", 1.0, 1.0)
        await store.revoke_family("fam", None)
        await store.mark_used("used", 1.0)

    asyncio.run(fill())
    store.sweep()
    assert len(store) == 1


async def test_unreachable_redis_fails_closed(caplog: pytest.LogCaptureFixture) -> None:
    dead = RedisStore(Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    app, security = make_app(dead)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url="http://test"
    ) as http:
        access, refresh = await _login(http)
        with caplog.at_level(logging.ERROR, logger="fastjwt"):
            response = await http.get("/me", headers=bearer(access))
        assert (response.status_code, response.json()) == (
            503,
            {"detail": "Token revocation check unavailable"},
        )
        assert response.headers["Retry-After"] == "5"
        assert "refusing the request (fail closed)" in caplog.text
        with pytest.raises(RevocationUnavailableError):
            await security.verify_token_async(RequestToken(token=access, location="headers"))
        payload = TokenPayload(**security.verify_token_claims(access))
        with pytest.raises(RevocationUnavailableError):
            await security.revoke(payload)
        refresh_payload = TokenPayload(**security.verify_token_claims(refresh))
        with pytest.raises(RevocationUnavailableError):
            await security.rotate_refresh_token(refresh_payload)
    await dead.aclose()


async def test_fail_open_accepts_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    dead = RedisStore(Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2), fail_open=True)
    app, _ = make_app(dead)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url="http://test"
    ) as http:
        access, _ = await _login(http)
        with caplog.at_level(logging.WARNING, logger="fastjwt"):
            assert (await http.get("/me", headers=bearer(access))).json() == "alice"
        assert "accepting the token unchecked" in caplog.text
    await dead.aclose()


async def test_rotation_keeps_claims_and_family() -> None:
    _, security = make_app()
    refresh = security.create_refresh_token(uid="alice", role="admin", scopes=["read"])
    payload = await security.verify_token_async(
        RequestToken(token=refresh, type="refresh", location="headers")
    )
    access, _ = await security.rotate_refresh_token(payload)
    new = await security.verify_token_async(RequestToken(token=access, location="headers"))
    assert (new.role, new.scopes, new.fam, new.fresh) == ("admin", ["read"], payload.jti, False)
    with pytest.raises(RevokedTokenError):
        await security.rotate_refresh_token(payload)


async def test_subject_revocation_is_kept_forever_for_endless_tokens() -> None:
    store = MemoryStore()
    security: FastJWT[Any] = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=secret_of(32), JWT_REFRESH_TOKEN_EXPIRES=None), store=store
    )
    token = security.create_refresh_token(uid="bob")
    await security.revoke_subject("bob")
    payload = TokenPayload(**security.verify_token_claims(token))
    assert payload.exp is None
    assert await store.status(payload) is Revocation.SUBJECT


async def test_verify_token_checks_revocation_with_the_memory_store() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(32)))
    found = RequestToken(token=security.create_access_token(uid="alice"), location="headers")
    payload = security.verify_token(found)
    await security.revoke(payload)
    with pytest.raises(RevokedTokenError) as caught:
        security.verify_token(found)
    assert caught.value.description == "The token was revoked (token)"


async def test_verify_token_runs_sync_callbacks_and_detects_reuse() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(32)))
    refused: set[str] = set()
    security.set_revocation_check(lambda payload: payload.sub in refused)
    security.set_token_blocklist(lambda token: token in refused)
    access = security.create_access_token(uid="alice")
    assert security.verify_token(RequestToken(token=access, location="headers")).sub == "alice"
    refused.add("alice")
    with pytest.raises(RevokedTokenError):
        security.verify_token(RequestToken(token=access, location="headers"))
    refused.clear()
    refused.add(access)
    with pytest.raises(RevokedTokenError):
        security.verify_token(RequestToken(token=access, location="headers"))
    refresh = security.create_refresh_token(uid="bob")
    found = RequestToken(token=refresh, type="refresh", location="headers")
    await security.consume_refresh_token(security.verify_token(found))
    with pytest.raises(RevokedTokenError) as caught:
        security.verify_token(found)
    assert caught.value.description == "Refresh token reused: its session is revoked"
    payload = TokenPayload(**security.verify_token_claims(refresh))
    assert await security.store.status(payload) is Revocation.FAMILY


async def test_verify_token_says_when_it_cannot_check_without_awaiting(
    redis_url: str, redis_prefix: str
) -> None:
    store = RedisStore.from_url(redis_url, prefix=redis_prefix)
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(32)), store=store)
    found = RequestToken(token=security.create_access_token(uid="alice"), location="headers")
    with pytest.raises(TypeError, match="verify_token_async"):
        security.verify_token(found)
    assert (await security.verify_token_async(found)).sub == "alice"
    await store.aclose()
    memory: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(32)))

    async def revoked(_payload: TokenPayload) -> bool:
        return False

    memory.set_revocation_check(revoked)
    found = RequestToken(token=memory.create_access_token(uid="alice"), location="headers")
    with pytest.raises(TypeError, match="callback is async"):
        memory.verify_token(found)
    assert (await memory.verify_token_async(found)).sub == "alice"
    await memory.check_revocation(await memory.verify_token_async(found), str(found.token))
