"""fastjwt.testing: tokens minted for an application's own FastJWT, and scoped overrides."""

import subprocess
import sys
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig, JWTDecodeError, RequestToken, TokenPayload
from fastjwt.testing import TokenFactory, override_authentication
from tests.support import SECRET
from tests.support.keys import private_key, private_pem


def make_security(**settings: object) -> FastJWT[object]:
    return FastJWT(FJWTConfig(**{"JWT_SECRET_KEY": SECRET, **settings}))


def verify(security: FastJWT[object], token: str) -> TokenPayload:
    return security.verify_token(RequestToken(token=token, location="headers"))


def test_valid_tokens_are_accepted_by_the_application() -> None:
    security = make_security()
    tokens = TokenFactory(security)

    assert verify(security, tokens.access("alice", role="admin")).role == "admin"
    assert verify(security, tokens.access("alice", fresh=True)).fresh is True
    refresh = security.verify_token(
        RequestToken(token=tokens.refresh("alice"), location="headers", type="refresh")
    )
    assert refresh.type == "refresh"


@pytest.mark.parametrize("leeway", [0, 120])
def test_expired_tokens_are_refused_whatever_the_leeway(leeway: int) -> None:
    security = make_security(JWT_DECODE_LEEWAY=leeway)

    tokens = TokenFactory(security)

    for token, kind in (
        (tokens.expired("alice"), "access"),
        (tokens.expired("a", "refresh"), "refresh"),
    ):
        with pytest.raises(JWTDecodeError) as refused:
            security.verify_token(RequestToken(token=token, location="headers", type=kind))
        assert refused.value.description == "The token has expired"


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"JWT_KEY_ID": "2026-01"},
        {
            "JWT_ALGORITHM": "ES256",
            "JWT_SECRET_KEY": None,
            "JWT_PRIVATE_KEY": private_pem(private_key("ES256")),
        },
    ],
    ids=["hmac", "hmac-with-kid", "es256"],
)
def test_wrongly_signed_tokens_fail_on_their_signature(settings: dict[str, object]) -> None:
    security = make_security(**settings)

    with pytest.raises(JWTDecodeError) as refused:
        verify(security, TokenFactory(security).wrongly_signed("alice"))
    assert refused.value.description == "The token signature is invalid"


def test_a_payload_is_what_a_route_would_receive() -> None:
    payload = TokenFactory(make_security()).payload("alice", scopes=["read"])

    assert (payload.sub, payload.type, payload.scopes) == ("alice", "access", ["read"])


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, {"Authorization": "Bearer t"}),
        ({"JWT_HEADER_NAME": "X-Token", "JWT_HEADER_TYPE": ""}, {"X-Token": "t"}),
    ],
)
def test_headers_follow_the_configuration(
    settings: dict[str, object], expected: dict[str, str]
) -> None:
    assert TokenFactory(make_security(**settings)).headers("t") == expected


def test_cookies_carry_the_token_and_give_its_csrf_value() -> None:
    tokens = TokenFactory(make_security())
    token = tokens.refresh("alice")

    cookies, csrf = tokens.cookies(token, "refresh")

    assert cookies == {"refresh_token_cookie": token}
    assert csrf == tokens.security.verify_token_claims(token)["csrf"]
    unprotected = TokenFactory(make_security(JWT_COOKIE_CSRF_PROTECT=False))
    assert unprotected.cookies(unprotected.access("alice"))[1] is None


def test_an_override_lasts_for_its_block_and_restores_the_previous_one() -> None:
    security = make_security()
    app = FastAPI()

    @app.get("/me")
    def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
        return str(payload.sub)

    fake = TokenPayload(sub="alice", type="access")
    with TestClient(app) as client:
        with override_authentication(app, security.access_token_required, fake):
            assert client.get("/me").json() == "alice"
        assert client.get("/me").status_code == 401
        assert app.dependency_overrides == {}

        app.dependency_overrides[security.access_token_required] = lambda: TokenPayload(sub="bob")
        with override_authentication(app, security.access_token_required, fake):
            assert client.get("/me").json() == "alice"
        assert client.get("/me").json() == "bob"


@pytest.mark.parametrize("module", ["fastjwt", "fastjwt.testing"])
def test_importing_fastjwt_loads_neither_pytest_nor_the_test_client(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "loaded = {'pytest', 'fastapi.testclient', 'httpx'} & set(sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
