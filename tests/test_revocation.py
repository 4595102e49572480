"""Revocation with each store: logout, logout everywhere, callbacks, rotation, failures."""

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx2
import pytest
from fastapi import Depends, FastAPI
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
from fastjwt.stores import memory as memory_module
from fastjwt.stores.memory import MemoryStore
from fastjwt.stores.redis_store import RedisStore
from tests.support import bearer, secret_of
from tests.support.redis import TEST_TIMEOUT
from tests.support.revocation_app import make_app

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["memory", "redis", "cluster"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[RevocationStore]:
    """Each test once per store: memory, one Redis server, and a Redis Cluster with replicas."""
    if request.param == "memory":
        yield MemoryStore()
        return
    if request.param == "redis":
        url, cluster = request.getfixturevalue("redis_url"), False
    else:
        url, cluster = request.getfixturevalue("redis_cluster").url, True
    prefix = request.getfixturevalue("redis_prefix")
    redis_store = RedisStore.from_url(url, prefix=prefix, cluster=cluster, timeout=TEST_TIMEOUT)
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
    assert await store.mark_used(payload, None) is True
    assert await store.mark_used(payload, None) is False
    assert await store.status(payload) is Revocation.REUSED
    await store.revoke_family(payload, None)
    assert await store.status(payload) is Revocation.FAMILY
    await store.revoke_subject("bob", 200.0, None)
    assert await store.status(payload) is Revocation.SUBJECT
    await store.revoke(payload, None)
    assert await store.status(payload) is Revocation.TOKEN
    later = TokenPayload(sub="bob", jti="j2", type="access", iat=300.0)
    assert await store.status(later) is None
    other = TokenPayload(sub="carol", jti="j1", type="access", iat=100.0)
    if isinstance(store, RedisStore) and store.cluster:
        # On a cluster an entry lives in its subject's slot: found from that subject's tokens.
        assert await store.status(other) is None
    else:
        assert await store.status(other) is Revocation.TOKEN


async def test_consume_is_the_check_and_the_marker_in_one_step(store: RevocationStore) -> None:
    fresh = TokenPayload(sub="bob", jti="c1", type="refresh", iat=100.0)
    assert await store.consume(fresh, None) is None
    assert await store.consume(fresh, None) is Revocation.REUSED
    revoked = TokenPayload(sub="bob", jti="c2", type="refresh", iat=100.0)
    await store.revoke(revoked, None)
    assert await store.consume(revoked, None) is Revocation.TOKEN
    family = TokenPayload(sub="bob", jti="c3", fam="f1", type="refresh", iat=100.0)
    await store.revoke_family(family, None)
    assert await store.consume(family, None) is Revocation.FAMILY
    await store.revoke_subject("bob", 200.0, None)
    old = TokenPayload(sub="bob", jti="c4", type="refresh", iat=150.0)
    assert await store.consume(old, None) is Revocation.SUBJECT
    # The refusals marked nothing used.
    assert await store.status(old.model_copy(update={"iat": 300.0})) is None


async def test_a_later_cut_off_is_never_moved_back(store: RevocationStore) -> None:
    await store.revoke_subject("dan", 500.0, None)
    await store.revoke_subject("dan", 200.0, None)
    assert await store.status(TokenPayload(sub="dan", iat=300.0)) is Revocation.SUBJECT


async def test_revoking_an_exchanged_refresh_token_revokes_its_family(
    store: RevocationStore,
) -> None:
    used = TokenPayload(sub="bob", jti="r1", fam="f9", type="refresh", iat=100.0)
    assert await store.consume(used, None) is None
    await store.revoke(used, None)
    sibling = TokenPayload(sub="bob", jti="a9", fam="f9", type="access", iat=100.0)
    assert await store.status(sibling) is Revocation.FAMILY
    unused = TokenPayload(sub="bob", jti="r2", fam="f8", type="refresh", iat=100.0)
    await store.revoke(unused, None)
    assert await store.status(unused.model_copy(update={"jti": "a8"})) is None


async def test_the_first_protocol_calls_still_work(store: RevocationStore) -> None:
    payload = TokenPayload(sub="bob", jti="bare", type="refresh", iat=100.0)
    if isinstance(store, RedisStore) and store.cluster:
        for call in (store.revoke, store.revoke_family, store.mark_used):
            with pytest.raises(TypeError, match="needs the token's payload"):
                await call("bare", None)
        return
    assert await store.mark_used("bare", None) is True
    assert await store.status(payload) is Revocation.REUSED
    await store.revoke_family("bare", None)
    assert await store.status(payload) is Revocation.FAMILY
    await store.revoke("bare", None)
    assert await store.status(payload) is Revocation.TOKEN


async def test_expired_entries_are_forgotten(store: RevocationStore) -> None:
    payload = TokenPayload(sub="bob", jti="old", type="access", iat=1.0)
    await store.revoke(payload, 1.0)
    await store.revoke_subject("bob", 10.0, 1.0)
    assert await store.status(payload) is None


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


def _security(store: RevocationStore, **settings: Any) -> FastJWT[Any]:
    return FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(32, "x"), **settings), store=store)


async def _verified(security: FastJWT[Any], token: str, kind: str = "access") -> TokenPayload:
    found = RequestToken(token=token, type=kind, location="headers")
    return await security.verify_token_async(found)


async def test_entries_outlive_the_leeway(store: RevocationStore) -> None:
    # Tokens past their exp but inside JWT_DECODE_LEEWAY are still accepted: so are their
    # revocations and "used" markers kept.
    security = _security(store, JWT_DECODE_LEEWAY=120)
    refresh = await _verified(
        security, security.create_refresh_token(uid="bob", expiry=-30), "refresh"
    )
    await security.rotate_refresh_token(refresh)
    for reason in ("reused", "family"):  # each replay is refused: never a new pair
        with pytest.raises(RevokedTokenError) as caught:
            await security.rotate_refresh_token(refresh)
        assert reason in str(caught.value.description)
    access = await _verified(security, security.create_access_token(uid="bob", expiry=-30))
    await security.revoke(access)
    with pytest.raises(RevokedTokenError) as caught:
        await security.check_revocation(access, "")
    assert re.search("token", str(caught.value.description))


async def test_a_subject_cut_off_covers_tokens_of_any_lifetime(
    store: RevocationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    security = _security(store)
    long_lived = await _verified(
        security, security.create_access_token(uid="bob", expiry=timedelta(days=60))
    )
    await security.revoke_subject("bob")
    if isinstance(store, MemoryStore):
        # Twenty days on (the refresh lifetime), the cut-off still holds.
        later = time.time() + 21 * 86400
        monkeypatch.setattr(memory_module, "time", SimpleNamespace(time=lambda: later))
    else:
        assert isinstance(store, RedisStore)
        tag = store._tag("bob")
        ttl = await store.client.ttl(f"{store.prefix}{tag}sub:bob")
        assert ttl == -1  # kept for good
    assert await store.status(long_lived) is Revocation.SUBJECT


async def test_reuse_revokes_the_access_token_of_the_login(
    client: tuple[httpx2.AsyncClient, FastJWT[Any]],
) -> None:
    http, _ = client
    access, refresh = await _login(http)
    assert (await http.post("/refresh", headers=bearer(refresh))).status_code == 200
    assert (await http.get("/me", headers=bearer(access))).json() == "alice"
    assert (await http.post("/refresh", headers=bearer(refresh))).status_code == 401
    refused = await http.get("/me", headers=bearer(access))
    assert refused.status_code == 401
    assert "revoked (family)" in refused.headers["WWW-Authenticate"]


def test_a_token_pair_shares_one_new_family() -> None:
    security = _security(MemoryStore())
    access, refresh = security.create_token_pair("bob", role="admin", refresh_expiry=60)
    first, second = (security.verify_token_claims(token) for token in (access, refresh))
    assert (
        first["fam"]
        == second["fam"]
        != security.verify_token_claims(security.create_token_pair("bob")[1])["fam"]
    )
    assert (first["type"], first["fresh"], first["role"]) == ("access", True, "admin")
    assert (second["type"], second["exp"] - second["iat"]) == ("refresh", pytest.approx(60, abs=1))


async def test_implicit_refresh_keeps_the_family(store: RevocationStore) -> None:
    security = _security(
        store,
        JWT_TOKEN_LOCATION=["cookies", "headers"],
        JWT_COOKIE_SECURE=False,
        JWT_COOKIE_CSRF_PROTECT=False,
    )
    app = FastAPI()
    app.add_middleware(security.implicit_refresh)

    @app.get("/me", dependencies=[Depends(security.access_token_required)])
    def me() -> str:
        return "me"

    access, refresh = security.create_token_pair("bob", access_expiry=60)
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(
        transport=transport, base_url="http://test", cookies={"access_token_cookie": access}
    ) as http:
        response = await http.get("/me")
        renewed = response.cookies["access_token_cookie"]
    assert (
        security.verify_token_claims(renewed)["fam"] == security.verify_token_claims(access)["fam"]
    )
    refresh_payload = await _verified(security, refresh, "refresh")
    await security.rotate_refresh_token(refresh_payload)
    with pytest.raises(RevokedTokenError):
        await security.rotate_refresh_token(refresh_payload)
    with pytest.raises(RevokedTokenError) as caught:
        await _verified(security, renewed)
    assert re.search("family", str(caught.value.description))


async def test_a_logout_before_a_rotation_wins(store: RevocationStore) -> None:
    security = _security(store)
    _, refresh = security.create_token_pair("bob")
    payload = await _verified(security, refresh, "refresh")  # the rotation verified it...
    await security.revoke(payload)  # ...then a logout of the same token came first
    with pytest.raises(RevokedTokenError) as caught:
        await security.rotate_refresh_token(payload)
    assert re.search(r"revoked \(token\)", str(caught.value.description))


async def test_a_logout_after_a_rotation_revokes_what_it_issued(store: RevocationStore) -> None:
    security = _security(store)
    _, refresh = security.create_token_pair("bob")
    payload = await _verified(security, refresh, "refresh")  # the logout verified it...
    access, new_refresh = await security.rotate_refresh_token(payload)  # ...a rotation won
    await security.revoke(payload)
    for token, kind in ((access, "access"), (new_refresh, "refresh")):
        with pytest.raises(RevokedTokenError) as caught:
            await _verified(security, token, kind)
        assert re.search("family", str(caught.value.description))


async def test_logouts_racing_rotations_never_leave_a_usable_token(
    store: RevocationStore,
) -> None:
    security = _security(store)
    for _ in range(10):
        _, refresh = security.create_token_pair("bob")
        payload = await _verified(security, refresh, "refresh")

        async def rotate(payload: TokenPayload = payload) -> tuple[str, str] | None:
            try:
                return await security.rotate_refresh_token(payload)
            except RevokedTokenError:
                return None

        rotated, _ = await asyncio.gather(rotate(), security.revoke(payload))
        for token in rotated or ():
            kind = (
                "refresh" if security.verify_token_claims(token)["type"] == "refresh" else "access"
            )
            with pytest.raises(RevokedTokenError):
                await _verified(security, token, kind)


class FirstProtocolStore:
    """A store written for the first protocol: bare ids, and no `consume`."""

    def __init__(self) -> None:
        self.tokens: set[str] = set()
        self.families: set[str] = set()
        self.used: set[str] = set()
        self.calls: list[tuple[str, object]] = []

    async def revoke(self, jti: str, expires_at: float | None) -> None:  # noqa: ARG002
        self.calls.append(("revoke", jti))
        self.tokens.add(jti)

    async def revoke_subject(self, subject: str, before: float, expires_at: float | None) -> None:
        raise NotImplementedError

    async def revoke_family(self, family: str, expires_at: float | None) -> None:  # noqa: ARG002
        self.calls.append(("revoke_family", family))
        self.families.add(family)

    async def mark_used(self, jti: str, expires_at: float | None) -> bool:  # noqa: ARG002
        self.calls.append(("mark_used", jti))
        first = jti not in self.used
        self.used.add(jti)
        return first

    async def status(self, payload: TokenPayload) -> Revocation | None:
        jti = payload.jti or ""
        if jti in self.tokens:
            return Revocation.TOKEN
        if (payload.fam or jti) in self.families:
            return Revocation.FAMILY
        if payload.type == "refresh" and jti in self.used:
            return Revocation.REUSED
        return None

    async def aclose(self) -> None:
        return None


async def test_a_store_of_the_first_protocol_gets_bare_ids() -> None:
    old = FirstProtocolStore()
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(32, "x")), store=old)  # type: ignore[call-overload]
    access, refresh = security.create_token_pair("bob")
    payload = await _verified(security, refresh, "refresh")
    await security.rotate_refresh_token(payload)
    with pytest.raises(RevokedTokenError) as caught:
        await security.rotate_refresh_token(payload)
    assert re.search("reused", str(caught.value.description))
    await security.revoke(TokenPayload(**security.verify_token_claims(access)))
    assert all(isinstance(argument, str) for _, argument in old.calls)
    assert [name for name, _ in old.calls] == ["mark_used", "mark_used", "revoke_family", "revoke"]
