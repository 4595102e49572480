"""The Claims reference examples (docs_src/claims), and the checks the page lists."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import docs_src.claims.tutorial001 as tutorial001
import docs_src.claims.tutorial002 as tutorial002
from fastjwt import BadConfigurationError, FastJWT, FJWTConfig, JWTDecodeError, RequestToken
from tests.support import secret_of

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
ISSUER = "https://auth.example.com"
AUDIENCE = "https://api.example.com"
security = tutorial001.security


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(
        token, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER
    )
    return claims


def signed(key: str = SECRET, algorithm: str = "HS256", **claims: Any) -> str:
    """A token the API could not issue itself, with every claim a valid one has by default."""
    now = time.time()
    base = {
        "sub": "test",
        "iat": now,
        "exp": now + 600,
        "jti": "j",
        "type": "access",
        "iss": ISSUER,
    }
    base["aud"] = AUDIENCE
    merged = {name: value for name, value in {**base, **claims}.items() if value is not None}
    return jwt.encode(merged, key, algorithm=algorithm)


def challenge(client: TestClient, token: str) -> str:
    response = client.get("/claims", headers=bearer(token))
    assert response.status_code == 401
    return response.headers["WWW-Authenticate"]


def test_the_demo_secrets_are_long_enough() -> None:
    for module in (tutorial001, tutorial002):
        assert module.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_login(client: TestClient) -> None:
    assert client.post("/login", json={"username": "test", "password": "x"}).status_code == 401


def test_the_claims_route_shows_every_claim(client: TestClient) -> None:
    token = client.post("/login", json={"username": "test", "password": "test"}).json()
    response = client.get("/claims", headers=bearer(token["access_token"]))

    assert response.status_code == 200
    claims = response.json()
    assert list(claims) == [
        "jti", "iss", "sub", "aud", "exp", "nbf", "iat", "type", "csrf", "fresh", "role",
    ]  # fmt: skip
    assert claims == claims_of(token["access_token"])
    assert (claims["iss"], claims["aud"], claims["sub"]) == (ISSUER, AUDIENCE, "test")
    assert (claims["type"], claims["fresh"], claims["role"]) == ("access", True, "editor")
    assert claims["nbf"] == claims["iat"]
    assert isinstance(claims["exp"], int)
    assert claims["exp"] - claims["iat"] == pytest.approx(15 * 60, abs=1)
    assert uuid.UUID(claims["jti"]).version == 4
    assert isinstance(claims["csrf"], str)


def test_each_token_has_its_own_jti() -> None:
    first, second = (claims_of(security.create_access_token("test")) for _ in range(2))

    assert first["jti"] != second["jti"]


def test_refresh_tokens_are_never_fresh_and_lifetimes_can_be_none() -> None:
    refresh = claims_of(security.create_refresh_token("test"))
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_ACCESS_TOKEN_EXPIRES=None, JWT_ENCODE_NBF=False)
    forever = jwt.decode(FastJWT(config).create_access_token("test"), SECRET, algorithms=["HS256"])

    assert (refresh["type"], refresh["fresh"]) == ("refresh", False)
    assert "exp" not in forever
    assert "nbf" not in forever


def test_no_csrf_claim_without_csrf_protection() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_COOKIE_CSRF_PROTECT=False)

    claims = jwt.decode(FastJWT(config).create_access_token("test"), SECRET, algorithms=["HS256"])

    assert "csrf" not in claims


def test_extra_header_fields() -> None:
    token = security.create_access_token("test", headers={"kid": "2026-01"})

    assert jwt.get_unverified_header(token) == {"alg": "HS256", "kid": "2026-01", "typ": "JWT"}


@pytest.mark.parametrize(
    "name", ["sub", "iat", "nbf", "exp", "jti", "type", "fresh", "csrf", "iss", "aud"]
)
def test_reserved_names(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        security.create_access_token("test", data={name: "x"})


def test_payload_time_helpers() -> None:
    payload = security.verify_token(
        RequestToken(token=security.create_access_token("test"), location="headers")
    )

    assert payload.issued_at is not None
    assert payload.expiry_datetime is not None
    assert payload.time_until_expiry is not None
    assert payload.time_until_expiry.total_seconds() == pytest.approx(15 * 60, abs=2)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("a.b", "The token is malformed"),
        (signed() + "=", "The token is not canonically encoded"),
        (signed(key="x" * 64, algorithm="HS512"), "The token algorithm is not accepted"),
        (signed(key="another-secret-that-is-long-enough-for-hs256"), "signature is invalid"),
        (signed(jti=None), "The token lacks the jti claim"),
        (signed(type=None), "The token lacks the type claim"),
        (signed(iat=time.time() + 3600), "The token is not valid yet"),
        (signed(nbf=time.time() + 3600), "The token is not valid yet"),
        (signed(exp=time.time() - 60), "The token has expired"),
        (signed(exp="soon"), "The token is malformed"),
        (signed(exp=None), "The token lacks the exp claim"),
        (
            signed(iss="https://evil.example.com"),
            "The token issuer https://evil.example.com is not accepted",
        ),
        (signed(iss=None), "The token lacks the iss claim"),
        (
            signed(aud="https://other.example.com"),
            "The token audience https://other.example.com is not accepted",
        ),
        (
            signed(aud=[["https://api.example.com"]]),
            "The token audience of type list is not accepted",
        ),
        (signed(aud=None), "The token lacks the aud claim"),
        (signed(sub=""), "The token subject must be a non-empty string"),
        (signed(sub=42), "The token is invalid"),
        (signed(jti=7), "The token is invalid"),
        (signed(fresh="yes"), "The token claims are malformed: fresh"),
        (signed(scopes="read"), "The token claims are malformed: scopes"),
        (signed(type="refresh"), "This route needs a token of type access, got type refresh"),
        (signed(type="weird"), "This route needs a token of type access, got type weird"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_each_check_and_its_reason(client: TestClient, token: str, reason: str) -> None:
    assert reason in challenge(client, token)


def test_a_valid_foreign_token_passes(client: TestClient) -> None:
    response = client.get("/claims", headers=bearer(signed(scopes=["read"])))

    assert response.status_code == 200
    assert response.json()["scopes"] == ["read"]


def test_the_leeway_tolerates_ten_seconds(client: TestClient) -> None:
    now = time.time()

    assert client.get("/claims", headers=bearer(signed(exp=now - 5))).status_code == 200
    assert client.get("/claims", headers=bearer(signed(nbf=now + 5))).status_code == 200
    assert "expired" in challenge(client, signed(exp=now - 20))


def test_audience_override_for_another_api(client: TestClient) -> None:
    token = security.create_access_token("test", audience="https://billing.example.com")

    assert jwt.decode(token, options={"verify_signature": False})["aud"] == (
        "https://billing.example.com"
    )
    assert "audience https://billing.example.com is not accepted" in challenge(client, token)


def test_a_list_of_accepted_audiences() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_AUDIENCE=["api", "web"])
    api = FastJWT(config)

    for audience in ("web", ["other", "api"]):
        token = api.create_access_token("test", audience=audience)
        assert api.verify_token(RequestToken(token=token, location="headers")).sub == "test"


def test_encode_audience_without_decode_audience_refuses_own_tokens() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_ENCODE_AUDIENCE="api")
    lonely = FastJWT(config)
    token = RequestToken(token=lonely.create_access_token("test"), location="headers")

    with pytest.raises(JWTDecodeError) as caught:
        lonely.verify_token(token)
    assert "names an audience, and none is accepted" in caught.value.challenge()


def test_several_hmac_algorithms_need_the_longest_secret() -> None:
    with pytest.raises(BadConfigurationError, match="HS512 needs at least 64 bytes"):
        FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_ALGORITHMS=["HS256", "HS512"]))
    with pytest.raises(BadConfigurationError, match="JWT_DECODE_ALGORITHMS"):
        FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_ALGORITHMS=["RS256"]))

    long_secret = secret_of(64)
    migrating = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=long_secret, JWT_DECODE_ALGORITHMS=["HS256", "HS512"])
    )
    old = jwt.encode(
        {"sub": "test", "iat": time.time(), "exp": time.time() + 60, "jti": "j", "type": "access"},
        long_secret,
        algorithm="HS512",
    )
    assert migrating.verify_token(RequestToken(token=old, location="headers")).sub == "test"


def test_the_identity_claim() -> None:
    claims = jwt.decode(tutorial002.token, SECRET, algorithms=["HS256"])
    identity = tutorial002.security

    assert claims["user_id"] == "alice"
    assert "sub" not in claims
    payload = identity.verify_token(RequestToken(token=tutorial002.token, location="headers"))
    assert payload.sub == "alice"
    with pytest.raises(ValueError, match="user_id"):
        identity.create_access_token("alice", user_id="mallory")
    now = time.time()
    foreign = jwt.encode(
        {"sub": "alice", "iat": now, "exp": now + 60, "jti": "j", "type": "access"}, SECRET
    )
    with pytest.raises(JWTDecodeError) as caught:
        identity.verify_token(RequestToken(token=foreign, location="headers"))
    assert "lacks the user_id claim" in caught.value.challenge()


def test_the_subject_getter_receives_the_identity_claim() -> None:
    seen: list[str] = []
    identity = FastJWT(tutorial002.config)

    @identity.set_subject_getter
    def getter(uid: str) -> str:
        seen.append(uid)
        return uid

    with TestClient(_subject_app(identity)) as client:
        response = client.get("/me", headers=bearer(identity.create_access_token("alice")))

    assert response.json() == "alice"
    assert seen == ["alice"]


def _subject_app(identity: FastJWT[Any]) -> FastAPI:
    app = FastAPI()

    @app.get("/me")
    def me(user: str = identity.CURRENT_SUBJECT) -> str:
        return user

    return app
