"""Trusted issuers against bad input: a provider that fails, and tokens that try their luck.

A provider whose discovery document or JWK Set is down, slow, redirecting, oversized or
malformed gives 503 with `Retry-After` for tokens whose keys cannot be checked, while keys
already known keep working and the event loop keeps serving other requests. Tokens whose
`alg` is outside the issuer's list, that rely on an `oct` key of the provider's set, or that
point at keys of their own (`jku`, `x5u`, `jwk`) get 401, and cause no fetch.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx2
import jwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig, TokenPayload, TrustedIssuer
from tests.support import bearer
from tests.support.issuer import StandInIssuer, provider_key, stand_in_issuer

AUDIENCE = "https://api.example.com"
DISCOVERY = "/.well-known/openid-configuration"
KEYS = "/discovery/keys"


@pytest.fixture
def provider() -> Iterator[StandInIssuer]:
    with stand_in_issuer() as provider:
        provider.serve_issuer("/")
        yield provider


def app_of(provider: StandInIssuer, **settings: Any) -> FastAPI:
    issuer = TrustedIssuer(issuer=provider.issuer("/"), audiences=[AUDIENCE])
    values: dict[str, Any] = {
        "JWT_TRUSTED_ISSUERS": [issuer],
        "JWT_JWKS_TIMEOUT": timedelta(seconds=1),
        **settings,
    }
    security = FastJWT(FJWTConfig(**values))
    app = FastAPI()

    @app.get("/me")
    def me(payload: TokenPayload = Depends(security.access_token_required)) -> str | None:  # noqa: B008
        return payload.sub

    @app.get("/open")
    async def open_route() -> str:
        return "open"

    return app


def token_of(provider: StandInIssuer, **headers: Any) -> str:
    claims = {"iss": provider.issuer("/"), "sub": "s", "aud": AUDIENCE}
    return provider.token(claims, headers=headers)


def unavailable(response: httpx2.Response) -> bool:
    return (
        response.status_code == 503
        and response.json() == {"detail": "Token keys unavailable"}
        and response.headers["Retry-After"].isdigit()
    )


def oversized() -> bytes:
    return json.dumps({"padding": "x" * (600 * 1024)}).encode()


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        pytest.param(DISCOVERY, b"not json", id="discovery-not-json"),
        pytest.param(DISCOVERY, b'["a list"]', id="discovery-not-an-object"),
        pytest.param(DISCOVERY, b'{"issuer": "x"}', id="discovery-of-another-issuer"),
        pytest.param(DISCOVERY, oversized(), id="discovery-oversized"),
        pytest.param(KEYS, b'{"keys": "none"}', id="jwks-malformed"),
        pytest.param(KEYS, oversized(), id="jwks-oversized"),
    ],
)
def test_a_malformed_or_oversized_answer_gives_503(
    provider: StandInIssuer, path: str, answer: bytes
) -> None:
    provider.documents[path] = answer
    provider.documents.pop("/.well-known/oauth-authorization-server", None)
    with TestClient(app_of(provider)) as client:
        assert unavailable(client.get("/me", headers=bearer(token_of(provider))))


def test_a_discovery_document_without_a_usable_jwks_uri_gives_503(
    provider: StandInIssuer,
) -> None:
    for jwks_uri in (None, "http://keys.example.com/jwks", "ftp://127.0.0.1/keys"):
        metadata = {"issuer": provider.issuer("/"), "jwks_uri": jwks_uri}
        provider.documents[DISCOVERY] = json.dumps(metadata).encode()
        with TestClient(app_of(provider)) as client:
            assert unavailable(client.get("/me", headers=bearer(token_of(provider))))
    assert not any("keys.example.com" in request for request in provider.requests)


@pytest.mark.parametrize("path", [DISCOVERY, KEYS])
def test_a_redirect_is_not_followed(provider: StandInIssuer, path: str) -> None:
    provider.documents["/elsewhere"] = provider.documents[path]
    provider.redirects[path] = provider.issuer("/elsewhere")
    with TestClient(app_of(provider)) as client:
        assert unavailable(client.get("/me", headers=bearer(token_of(provider))))
    assert path in provider.requests
    assert "/elsewhere" not in provider.requests


def test_a_provider_that_is_down_gives_503_then_works_once_it_is_back() -> None:
    with stand_in_issuer() as provider:
        provider.serve_issuer("/")
        provider.status = 503
        app = app_of(provider, JWT_JWKS_MIN_FETCH_INTERVAL=timedelta(0))
        with TestClient(app) as client:
            assert unavailable(client.get("/me", headers=bearer(token_of(provider))))
            provider.status = 200
            assert client.get("/me", headers=bearer(token_of(provider))).json() == "s"


def test_known_keys_keep_working_while_the_provider_is_down(provider: StandInIssuer) -> None:
    settings = {
        "JWT_JWKS_CACHE_LIFETIME": timedelta(seconds=0.2),
        "JWT_JWKS_MIN_FETCH_INTERVAL": timedelta(0),
    }
    with TestClient(app_of(provider, **settings)) as client:
        assert client.get("/me", headers=bearer(token_of(provider))).status_code == 200
        provider.status = 500
        time.sleep(0.3)  # past the cache lifetime: the next token tries, and fails, to refetch
        fetches = len(provider.requests)
        assert client.get("/me", headers=bearer(token_of(provider))).status_code == 200
        assert len(provider.requests) > fetches
        unknown = token_of(provider, kid="rotated-key")
        assert unavailable(client.get("/me", headers=bearer(unknown)))


def test_a_slow_provider_gives_503_without_blocking_the_event_loop(
    provider: StandInIssuer,
) -> None:
    provider.delay = 0.6  # each of discovery and JWK Set: past the 1 s deadline together
    transport = httpx2.ASGITransport(app=app_of(provider))

    async def scenario() -> tuple[httpx2.Response, float, bool]:
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as client:
            slow = asyncio.ensure_future(client.get("/me", headers=bearer(token_of(provider))))
            await asyncio.sleep(0.1)
            start = time.monotonic()
            assert (await client.get("/open")).json() == "open"
            served_in = time.monotonic() - start
            pending = not slow.done()
            return await slow, served_in, pending

    response, served_in, pending = asyncio.run(scenario())
    assert unavailable(response)
    assert pending  # the other route answered while the fetch was still waiting
    assert served_in < 0.3


def test_oct_keys_of_a_provider_are_ignored(provider: StandInIssuer) -> None:
    secret = b"a-shared-secret-the-provider-published-by-mistake"
    published = provider.jwk_set()
    published["keys"].append(
        {"kty": "oct", "kid": "hmac", "k": jwt.utils.base64url_encode(secret).decode()}
    )
    provider.documents[KEYS] = json.dumps(published).encode()
    claims = {"iss": provider.issuer("/"), "sub": "mallory", "aud": AUDIENCE, "exp": 2**40}
    forged = jwt.encode(claims, secret, algorithm="HS256", headers={"kid": "hmac"})
    with TestClient(app_of(provider)) as client:
        assert client.get("/me", headers=bearer(token_of(provider))).status_code == 200
        refused = client.get("/me", headers=bearer(forged))
    assert refused.status_code == 401
    # The set was read without its oct key: the kid names no key of the provider.
    assert "key id hmac is unknown" in refused.headers["WWW-Authenticate"]


@pytest.mark.parametrize("header", ["jku", "x5u", "jwk"])
def test_keys_named_by_the_token_are_never_fetched_nor_used(
    provider: StandInIssuer, header: str
) -> None:
    attacker = provider_key("RS256")
    public = jwt.get_algorithm_by_name("RS256").to_jwk(attacker.public_key(), as_dict=True)
    value: Any = public if header == "jwk" else provider.issuer("/attacker/keys")
    provider.documents["/attacker/keys"] = json.dumps({"keys": [{**public, "kid": "x"}]}).encode()
    claims = {"iss": provider.issuer("/"), "sub": "mallory", "aud": AUDIENCE, "exp": 2**40}
    forged = jwt.encode(claims, attacker, algorithm="RS256", headers={"kid": "x", header: value})
    with TestClient(app_of(provider)) as client:
        refused = client.get("/me", headers=bearer(forged))
    assert refused.status_code == 401
    assert "/attacker/keys" not in provider.requests


@pytest.mark.parametrize("algorithm", ["ES256", "PS256", "HS256", "none"])
def test_an_algorithm_outside_the_issuers_list_is_refused(
    provider: StandInIssuer, algorithm: str
) -> None:
    claims = {"iss": provider.issuer("/"), "sub": "mallory", "aud": AUDIENCE, "exp": 2**40}
    key: Any
    if algorithm == "ES256":
        key = provider_key("ES256")
    elif algorithm == "PS256":
        key = provider.key  # the provider's own RSA key, with an algorithm it does not use
    elif algorithm == "HS256":
        key = b"s" * 32
    else:
        key = None
    forged = jwt.encode(claims, key, algorithm=algorithm, headers={"kid": provider.kid})
    with TestClient(app_of(provider)) as client:
        refused = client.get("/me", headers=bearer(forged))
    assert refused.status_code == 401
    assert "algorithm is not accepted" in refused.headers["WWW-Authenticate"]


def test_a_spelling_that_is_not_a_url_finds_its_keys_through_the_url_spelling(
    provider: StandInIssuer,
) -> None:
    issuer = TrustedIssuer(issuer=[provider.issuer("/"), "legacy.example"], audiences=[AUDIENCE])
    security = FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[issuer]))
    app = FastAPI()

    @app.get("/me")
    def me(payload: TokenPayload = Depends(security.access_token_required)) -> str | None:  # noqa: B008
        return payload.sub

    legacy = provider.token({"iss": "legacy.example", "sub": "s", "aud": AUDIENCE})
    modern = provider.token({"iss": provider.issuer("/"), "sub": "t", "aud": AUDIENCE})
    with TestClient(app) as client:
        assert client.get("/me", headers=bearer(legacy)).json() == "s"
        assert client.get("/me", headers=bearer(modern)).json() == "t"
    # Both spellings share the keys found through the URL one: one discovery, one fetch.
    assert provider.requests == ["/.well-known/openid-configuration", "/discovery/keys"]


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"sub": ""}, "The token subject must be a non-empty string"),
        ({"scope": 5}, "The token scope claim is malformed"),
        ({"scp": ["read", 7]}, "The token scp claim is malformed"),
    ],
)
def test_provider_claims_of_the_wrong_shape_are_refused(
    provider: StandInIssuer, claims: dict[str, Any], reason: str
) -> None:
    token = provider.token({"iss": provider.issuer("/"), "sub": "s", "aud": AUDIENCE, **claims})
    with TestClient(app_of(provider)) as client:
        refused = client.get("/me", headers=bearer(token))
    assert refused.status_code == 401
    assert reason in refused.headers["WWW-Authenticate"]


def test_a_one_key_set_without_kid_verifies_tokens_without_kid(provider: StandInIssuer) -> None:
    (jwk,) = provider.jwk_set()["keys"]
    del jwk["kid"]
    provider.documents[KEYS] = json.dumps({"keys": [jwk]}).encode()
    with TestClient(app_of(provider)) as client:
        assert client.get("/me", headers=bearer(token_of(provider, kid=None))).json() == "s"
        named = client.get("/me", headers=bearer(token_of(provider)))
    assert named.status_code == 401
    assert "key id stand-in-1 is unknown" in named.headers["WWW-Authenticate"]
