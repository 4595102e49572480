"""The Auth0 page (docs_src/auth0): Auth0-shaped tokens from the stand-in provider."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from fastjwt import FastJWT, FJWTConfig, JWTDecodeError, RequestToken, TokenPayload, TrustedIssuer
from tests.support import providers
from tests.support.docs.pages import DOCS_DIR, parse_page
from tests.support.docs.providers import AUTH0, ProviderApp, provider_app
from tests.support.docs.setup import page_exports

PAGE = "providers/auth0.md"
TOKEN = "/oauth/token"


@pytest.fixture
def auth0() -> Iterator[ProviderApp]:
    with provider_app(AUTH0, PAGE, "docs_src.auth0.tutorial001") as running:
        yield running


def test_the_subject_scopes_and_permissions_of_an_auth0_token(auth0: ProviderApp) -> None:
    token = auth0.token(
        TOKEN, username="alice", scope="openid read:orders", permissions="delete:orders"
    )
    assert auth0.get("/me", token).json() == {
        "sub": "auth0|alice",
        "scopes": ["openid", "read:orders", "delete:orders"],
        "client": providers.AUTH0_CLIENT,
    }
    assert auth0.get("/orders", token).status_code == 200
    assert auth0.client.delete(
        "/orders/o-1", headers={"Authorization": f"Bearer {token}"}
    ).json() == {"deleted": "o-1"}


def test_scopes_are_required_and_other_audiences_refused(auth0: ProviderApp) -> None:
    reader = auth0.token(TOKEN, username="bob", scope="read:orders")
    assert auth0.get("/orders", reader).status_code == 200
    assert (
        auth0.client.delete(
            "/orders/o-1", headers={"Authorization": f"Bearer {reader}"}
        ).status_code
        == 403
    )
    other = auth0.token(TOKEN, username="bob", scope="read:orders", audience="https://x.example")
    refused = auth0.get("/orders", other)
    assert refused.status_code == 401
    assert "audience https://x.example is not accepted" in refused.headers["WWW-Authenticate"]


def test_the_rfc9068_profile_requires_at_jwt(auth0: ProviderApp) -> None:
    page = parse_page(DOCS_DIR / PAGE)
    variants = [
        json.loads(value) for name, value in page_exports(page) if name == "JWT_TRUSTED_ISSUERS"
    ]
    assert [settings[0].get("token_type") for settings in variants] == [None, "at+jwt"]
    url = auth0.issuer.issuer("/")
    settings = {**variants[1][0], "issuer": url}
    security = FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[TrustedIssuer(**settings)]))
    fields = {"username": "carol", "scope": "read:orders"}

    def verified(shape: providers.Shape) -> TokenPayload:
        claims, headers = shape(url, fields)
        found = RequestToken(token=auth0.issuer.token(claims, headers=headers), location="headers")
        return asyncio.run(security.verify_token_async(found))

    payload = verified(providers.auth0_rfc9068)
    assert (payload.sub, payload.scopes) == ("auth0|carol", ["read:orders"])
    with pytest.raises(JWTDecodeError, match="Unauthorized") as refused:
        verified(providers.auth0)
    assert refused.value.description == "The token type JWT is not accepted"
