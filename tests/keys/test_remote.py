"""Verifying with another service's JWK Set: fetch, cache, rate limit, and every way it can fail."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import anyio
import jwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import BadConfigurationError, FastJWT, FJWTConfig, JWKSUnavailableError, RequestToken
from fastjwt.keys.remote import JWKSClient
from tests.support import bearer, secret_of
from tests.support.jwks import Answer, FakeClock, StubJWKS, stub_jwks
from tests.support.keys import private_key, private_pem, public_pem

OLD = private_key("ES256", "old")
NEW = private_key("ES256", "new")
ATTACKER = private_key("ES256", "attacker")
JWKS_PATH = "/.well-known/jwks.json"


@pytest.fixture
def stub() -> Iterator[StubJWKS]:
    with stub_jwks() as stub:
        yield stub


def issuer(kid: str = "k1", key: Any = OLD, **old: str) -> FastJWT[Any]:
    return FastJWT(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_KEY_ID=kid,
            JWT_PRIVATE_KEY=private_pem(key),
            JWT_VERIFICATION_KEYS=old,
        )
    )


def verifier(stub: StubJWKS, clock: FakeClock | None = None, **settings: Any) -> FastJWT[Any]:
    values: dict[str, Any] = {
        "JWT_ALGORITHM": "ES256",
        "JWT_JWKS_URL": stub.url,
        "JWT_JWKS_MIN_FETCH_INTERVAL": 0,
    }
    values.update(settings)
    security = FastJWT(FJWTConfig(**values))
    if clock is not None:
        jwks_client(security).clock = clock
    return security


def client_of(security: FastJWT[Any]) -> TestClient:
    app = FastAPI()

    @app.get("/protected", dependencies=[Depends(security.access_token_required)])
    def protected() -> str:
        return "ok"

    return TestClient(app)


def jwks_client(security: FastJWT[Any]) -> JWKSClient:
    client = security.jwks_client
    assert client is not None
    return client


def signed_by_attacker(headers: dict[str, Any]) -> str:
    claims = jwt.decode(
        issuer().create_access_token(uid="alice"), options={"verify_signature": False}
    )
    return jwt.encode(claims, ATTACKER, algorithm="ES256", headers=headers)


def test_tokens_are_verified_with_the_issuers_published_keys(stub: StubJWKS) -> None:
    source = issuer()
    stub.publish(source.jwk_set())
    security = verifier(stub, JWT_JWKS_MIN_FETCH_INTERVAL=60)

    with client_of(security) as client:
        first = client.get("/protected", headers=bearer(source.create_access_token(uid="a")))
        second = client.get("/protected", headers=bearer(source.create_access_token(uid="b")))

    assert (first.status_code, second.status_code) == (200, 200)
    assert stub.requests == [JWKS_PATH]
    assert set(jwks_client(security).keys) == {"k1"}


def test_a_rotation_is_followed_at_once_through_the_unknown_kid(stub: StubJWKS) -> None:
    before = issuer("k1", OLD)
    stub.publish(before.jwk_set())
    security = verifier(stub, JWT_JWKS_CACHE_LIFETIME=3600)
    old_token = before.create_access_token(uid="a")

    with client_of(security) as client:
        assert client.get("/protected", headers=bearer(old_token)).status_code == 200
        after = issuer("k2", NEW, k1=public_pem(OLD))
        stub.publish(after.jwk_set())
        new = client.get("/protected", headers=bearer(after.create_access_token(uid="b")))
        old = client.get("/protected", headers=bearer(old_token))

    assert (new.status_code, old.status_code) == (200, 200)
    assert len(stub.requests) == 2


def test_a_flood_of_unknown_kids_fetches_at_most_once_per_interval(stub: StubJWKS) -> None:
    source = issuer()
    stub.publish(source.jwk_set())
    security = verifier(stub, JWT_JWKS_MIN_FETCH_INTERVAL=60, JWT_JWKS_CACHE_LIFETIME=3600)

    with client_of(security) as client:
        assert (
            client.get(
                "/protected", headers=bearer(source.create_access_token(uid="a"))
            ).status_code
            == 200
        )
        statuses = {
            client.get(
                "/protected", headers=bearer(signed_by_attacker({"kid": str(uuid.uuid4())}))
            ).status_code
            for _ in range(50)
        }

    assert statuses == {401}
    assert len(stub.requests) == 1


def test_the_interval_bounds_the_refetches(stub: StubJWKS) -> None:
    stub.publish(issuer().jwk_set())
    clock = FakeClock()
    security = verifier(stub, clock, JWT_JWKS_MIN_FETCH_INTERVAL=3, JWT_JWKS_CACHE_LIFETIME=3600)

    with client_of(security) as client:
        for _ in range(100):  # ten seconds of unknown key ids, ten a second
            client.get("/protected", headers=bearer(signed_by_attacker({"kid": "unknown"})))
            clock.advance(0.1)

    assert len(stub.requests) == 4  # at 0, 3, 6 and 9 seconds


@pytest.mark.anyio
async def test_concurrent_requests_share_one_fetch(stub: StubJWKS) -> None:
    stub.publish(issuer().jwk_set())
    stub.answer.delay = 0.3
    client = jwks_client(verifier(stub))

    async with anyio.create_task_group() as group:
        for _ in range(20):
            group.start_soon(client.prepare, "k1")

    assert client.fetches == 1
    assert stub.requests == [JWKS_PATH]
    assert client.get("k1").algorithms == ("ES256",)


def test_the_cache_expires_and_dropped_keys_stop_verifying(stub: StubJWKS) -> None:
    both = issuer("k2", NEW, k1=public_pem(OLD))
    stub.publish(both.jwk_set())
    clock = FakeClock()
    security = verifier(stub, clock, JWT_JWKS_CACHE_LIFETIME=60)
    old_token = issuer("k1", OLD).create_access_token(uid="a")

    with client_of(security) as client:
        assert client.get("/protected", headers=bearer(old_token)).status_code == 200
        stub.publish(issuer("k2", NEW).jwk_set())
        clock.advance(59)
        assert client.get("/protected", headers=bearer(old_token)).status_code == 200
        clock.advance(2)
        dropped = client.get("/protected", headers=bearer(old_token))

    assert dropped.status_code == 401
    assert "The token key id" in dropped.headers["WWW-Authenticate"]
    assert len(stub.requests) == 2


# The issuer is down, slow, or answers garbage.


def test_when_the_issuer_fails_known_keys_keep_working_and_unknown_ones_get_503(
    stub: StubJWKS, caplog: pytest.LogCaptureFixture
) -> None:
    source = issuer()
    stub.publish(source.jwk_set())
    clock = FakeClock()
    security = verifier(stub, clock, JWT_JWKS_CACHE_LIFETIME=60)

    with client_of(security) as client:
        assert (
            client.get(
                "/protected", headers=bearer(source.create_access_token(uid="a"))
            ).status_code
            == 200
        )
        stub.answer = Answer(status=500, body=b"oops")
        clock.advance(61)
        with caplog.at_level(logging.WARNING, logger="fastjwt"):
            known = client.get("/protected", headers=bearer(source.create_access_token(uid="b")))
        unknown = client.get("/protected", headers=bearer(signed_by_attacker({"kid": "k9"})))

    assert known.status_code == 200
    assert unknown.status_code == 503
    assert unknown.json() == {"detail": "Token keys unavailable"}
    assert unknown.headers["Retry-After"] == "10"
    assert jwks_client(security).last_error == "the server answered HTTP 500"
    assert f"cannot fetch the JWK Set at {stub.url}: the server answered HTTP 500" in caplog.text


def test_an_issuer_that_is_gone(stub: StubJWKS) -> None:
    with stub_jwks() as gone:
        url = gone.url
    security = verifier(stub, JWT_JWKS_URL=url)

    with client_of(security) as client:
        response = client.get("/protected", headers=bearer(issuer().create_access_token(uid="a")))

    assert response.status_code == 503
    assert (jwks_client(security).last_error or "").startswith("cannot connect: ")


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer(body=b"<html>Welcome</html>"), "the answer is not JSON: Expecting value"),
        (Answer(body=b'{"keys": "none"}'), "the answer is not a JWK Set: not a JWK Set"),
        (Answer(body=b"\xff\xfe{}"), "the answer is not JSON"),
        (Answer(body=DEEP[:400_000]), "the answer is not JSON"),
        (Answer(body=b" " * (600 * 1024)), "the answer is larger than 524288 bytes"),
        (Answer(status=404, body=b"not found"), "the server answered HTTP 404"),
        (
            Answer(status=302, body=b"", headers={"Location": "http://127.0.0.1:9/evil"}),
            "the server answered HTTP 302",
        ),
    ],
    ids=["html", "no-keys-list", "binary", "deep", "huge", "404", "redirect"],
)
def test_garbage_fails_closed(stub: StubJWKS, answer: Answer, reason: str) -> None:
    stub.answer = answer
    security = verifier(stub)

    with client_of(security) as client:
        response = client.get("/protected", headers=bearer(issuer().create_access_token(uid="a")))

    assert response.status_code == 503
    assert (jwks_client(security).last_error or "").startswith(reason)
    assert stub.requests == [JWKS_PATH]


def test_a_slow_issuer_is_not_waited_for_longer_than_the_timeout(stub: StubJWKS) -> None:
    stub.publish(issuer().jwk_set())
    stub.answer.delay = 3
    security = verifier(stub, JWT_JWKS_TIMEOUT=0.3)
    started = time.monotonic()

    with client_of(security) as client:
        response = client.get("/protected", headers=bearer(issuer().create_access_token(uid="a")))

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert jwks_client(security).last_error in {
        "no answer within 0.3 s",
        "cannot connect: timed out",
    }


def test_an_answer_that_drips_in_is_abandoned_at_the_timeout(stub: StubJWKS) -> None:
    stub.publish(issuer().jwk_set())
    stub.answer.drip = 0.05
    security = verifier(stub, JWT_JWKS_TIMEOUT=0.4)
    started = time.monotonic()

    with client_of(security) as client:
        response = client.get("/protected", headers=bearer(issuer().create_access_token(uid="a")))

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert jwks_client(security).last_error == "no answer within 0.4 s"


# Nothing in a token makes the verifier fetch anything else.


@pytest.mark.parametrize(
    "headers",
    [
        {"kid": "k1", "jku": "/evil-jku"},
        {"kid": "k1", "x5u": "/evil-x5u"},
        {"kid": "../evil-kid"},
        {"kid": "/evil-kid?x=1"},
        {"kid": "k1' OR '1'='1"},
        {"jwk": {"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": "A" * 43}},
    ],
    ids=repr,
)
def test_only_the_configured_url_is_ever_fetched(stub: StubJWKS, headers: dict[str, Any]) -> None:
    stub.publish(issuer().jwk_set())
    security = verifier(stub)
    if "jku" in headers or "x5u" in headers:
        field = "jku" if "jku" in headers else "x5u"
        headers[field] = f"http://127.0.0.1:{stub.port}{headers[field]}"

    with client_of(security) as client:
        response = client.get("/protected", headers=bearer(signed_by_attacker(headers)))

    assert response.status_code == 401
    assert set(stub.requests) <= {JWKS_PATH}


def test_a_token_that_cannot_be_read_fetches_nothing(stub: StubJWKS) -> None:
    security = verifier(stub)

    with client_of(security) as client:
        garbage = client.get("/protected", headers=bearer("not.a.token"))
        missing = client.get("/protected")

    assert (garbage.status_code, missing.status_code) == (401, 401)
    assert stub.requests == []


def test_the_sync_api_uses_the_keys_already_fetched(stub: StubJWKS) -> None:
    stub.publish(issuer().jwk_set())
    security = verifier(stub)
    token = issuer().create_access_token(uid="alice")

    with pytest.raises(JWKSUnavailableError):
        security.verify_token_claims(token)
    jwks_client(security).refresh_now()

    assert security.verify_token_claims(token)["sub"] == "alice"
    stub.answer = Answer(status=503)
    jwks_client(security).refresh_now()
    assert jwks_client(security).last_error == "the server answered HTTP 503"
    assert security.verify_token_claims(token)["sub"] == "alice"


def test_implicit_refresh_leaves_the_response_alone_when_keys_are_unavailable(
    stub: StubJWKS,
) -> None:
    security = verifier(stub, JWT_TOKEN_LOCATION=["cookies"])
    app = FastAPI()
    app.middleware("http")(security.implicit_refresh_middleware)

    @app.get("/open")
    def open_route() -> str:
        return "ok"

    with TestClient(app) as client:
        client.cookies.set("access_token_cookie", issuer().create_access_token(uid="a"))
        response = client.get("/open")

    assert response.status_code == 200
    assert "set-cookie" not in response.headers


# Configuration.


def test_a_verifier_cannot_create_tokens(stub: StubJWKS) -> None:
    with pytest.raises(BadConfigurationError, match="JWT_JWKS_URL is set: this configuration"):
        verifier(stub).create_access_token(uid="a")


def test_the_settings_come_from_the_environment(
    stub: StubJWKS, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_JWKS_URL", stub.url)
    monkeypatch.setenv("JWT_DECODE_ALGORITHMS", json.dumps(["ES256", "RS256"]))
    monkeypatch.setenv("JWT_JWKS_CACHE_LIFETIME", "600")
    monkeypatch.setenv("JWT_JWKS_MIN_FETCH_INTERVAL", "30")
    monkeypatch.setenv("JWT_JWKS_TIMEOUT", "2.5")

    client = jwks_client(FastJWT(FJWTConfig()))

    assert client.settings == (stub.url, None, ("ES256", "RS256"), 600.0, 30.0, 2.5)


def test_the_client_and_its_cache_survive_unrelated_assignments(stub: StubJWKS) -> None:
    security = verifier(stub)
    config = security.config
    client = security.jwks_client

    config.JWT_DECODE_LEEWAY = 5
    assert security.jwks_client is client
    config.JWT_JWKS_TIMEOUT = 1  # type: ignore[assignment]
    assert security.jwks_client is not client
    config.JWT_JWKS_URL = None
    assert security.jwks_client is None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"JWT_ALGORITHM": "HS256"}, r"JWT_ALGORITHM must name public-key algorithms"),
        (
            {"JWT_DECODE_ALGORITHMS": ["RS256", "HS256"]},
            r"JWT_DECODE_ALGORITHMS must name public-key algorithms",
        ),
        ({"JWT_DECODE_ALGORITHMS": []}, r"JWT_DECODE_ALGORITHMS must name"),
        ({"JWT_SECRET_KEY": secret_of(32)}, r"JWT_JWKS_URL and JWT_SECRET_KEY are both set"),
        (
            {"JWT_KEY_ID": "k", "JWT_VERIFICATION_KEYS": {"a": public_pem(OLD)}},
            r"JWT_JWKS_URL and JWT_KEY_ID, JWT_VERIFICATION_KEYS are both set",
        ),
        ({"JWT_JWKS_URL": "http://issuer.example/jwks.json"}, r"must be an https:// URL"),
        ({"JWT_JWKS_URL": "file:///etc/passwd"}, r"must be an https:// URL"),
        ({"JWT_JWKS_URL": "ftp://127.0.0.1/jwks.json"}, r"must be an https:// URL"),
        ({"JWT_JWKS_URL": "https:///jwks.json"}, r"must be an https:// URL"),
        ({"JWT_JWKS_URL": "jwks.json"}, r"must be an https:// URL"),
        ({"JWT_JWKS_CACHE_LIFETIME": 0}, r"JWT_JWKS_CACHE_LIFETIME: .*must be a positive"),
        ({"JWT_JWKS_TIMEOUT": -1}, r"JWT_JWKS_TIMEOUT: .*must be a positive"),
        ({"JWT_JWKS_MIN_FETCH_INTERVAL": -1}, r"JWT_JWKS_MIN_FETCH_INTERVAL: .*not be negative"),
    ],
    ids=lambda value: str(value)[:50],
)
def test_configuration_mistakes(stub: StubJWKS, settings: dict[str, Any], message: str) -> None:
    with pytest.raises(BadConfigurationError, match=message):
        verifier(stub, **settings)


@pytest.mark.parametrize(
    "url",
    [
        "https://issuer.example/.well-known/jwks.json",
        "http://localhost:8000/.well-known/jwks.json",
        "http://[::1]:8000/jwks",
    ],
)
def test_accepted_urls(stub: StubJWKS, url: str) -> None:
    assert jwks_client(verifier(stub, JWT_JWKS_URL=url)).url == url


def test_a_client_without_any_address_says_so() -> None:
    client = JWKSClient(None, algorithms=["RS256"])
    client.refresh_now()
    assert client.last_error == "no metadata found (no metadata URL)"
    assert client.where == ""


def test_a_dripping_answer_cannot_hold_the_fetch_past_its_deadline(stub: StubJWKS) -> None:
    stub.publish(issuer().jwk_set())
    stub.answer.drip = 0.05  # a byte every 50 ms: each read succeeds, the whole never ends
    client = jwks_client(verifier(stub, JWT_JWKS_TIMEOUT=0.3))
    started = time.monotonic()
    client.refresh_now()  # the command line's fetch, in this thread
    assert time.monotonic() - started < 1.0
    assert client.last_error == "the answer was still coming at the deadline"


def test_a_url_urllib_cannot_open_is_a_failed_fetch() -> None:
    client = JWKSClient(None, algorithms=["RS256"], discovery=["accounts.example/.well-known/x"])
    client.refresh_now()
    assert client.last_error is not None
    assert "the URL cannot be fetched: unknown url type" in client.last_error
    assert client.keys == {}


def test_verify_token_async_fetches_only_what_it_lacks(stub: StubJWKS) -> None:
    source = issuer()
    stub.publish(source.jwk_set())
    security = verifier(stub, JWT_JWKS_CACHE_LIFETIME=3600)
    tokens = [source.create_access_token(uid=name) for name in ("a", "b")]

    async def verify_both() -> list[str | None]:
        found = [RequestToken(token=token, location="headers") for token in tokens]
        return [(await security.verify_token_async(item)).sub for item in found]

    assert anyio.run(verify_both) == ["a", "b"]
    # The second token's key was fetched with the first: it is verified without a fetch.
    assert stub.requests == [JWKS_PATH]
