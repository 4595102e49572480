"""The provider pages' two examples of their own (docs_src/providers, docs_src/elsewhere).

The overview's app accepts the application's own tokens and a trusted issuer's side by
side; `subject_of` fetches the issuer's keys outside a request. FastJWT's tokens, verified
by joserfc, jwcrypto and python-jose (docs_src/elsewhere) the moment they are issued.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

import docs_src.elsewhere.tutorial002 as tutorial002
import docs_src.elsewhere.tutorial003 as tutorial003
import docs_src.elsewhere.tutorial004 as tutorial004
import docs_src.providers.tutorial001 as overview
from tests.support import bearer, fresh_import
from tests.support.docs.pages import DOCS_DIR, parse_page
from tests.support.docs.providers import signing_keys
from tests.support.docs.setup import environment
from tests.support.issuer import stand_in_issuer

AUDIENCE = "https://orders.example.com"


def test_own_and_provider_tokens_side_by_side() -> None:
    with stand_in_issuer() as provider:
        url = provider.serve_issuer("/")
        security = overview.build_security(url, AUDIENCE)
        client = TestClient(overview.build_app(security))
        token = provider.token({"iss": url, "sub": "auth0|alice", "aud": AUDIENCE, "scope": "a b"})
        # Outside a request, verify_token_async fetches the issuer's keys first.
        assert asyncio.run(overview.subject_of(security, token)) == "auth0|alice"
        assert client.get("/me", headers=bearer(token)).json() == {
            "sub": "auth0|alice",
            "iss": url,
            "scopes": ["a", "b"],
        }
        own = security.create_access_token(uid="bob", scopes=["c"])
        assert client.get("/me", headers=bearer(own)).json() == {
            "sub": "bob",
            "iss": None,
            "scopes": ["c"],
        }


VERIFIERS: list[Callable[[str, dict[str, Any]], dict[str, Any]]] = [
    tutorial002.verify,
    tutorial003.verify,
    tutorial004.verify,
]


@pytest.mark.parametrize("verify", VERIFIERS, ids=["joserfc", "jwcrypto", "python-jose"])
def test_other_libraries_verify_fastjwt_tokens_at_once(
    verify: Callable[[str, dict[str, Any]], dict[str, Any]],
) -> None:
    page = parse_page(DOCS_DIR / "providers" / "elsewhere.md")
    with signing_keys(page) as setup, environment(setup.env):
        issuer = fresh_import("docs_src.elsewhere.tutorial001")
        with TestClient(issuer.app) as client:
            jwk_set = client.get("/.well-known/jwks.json").json()
            for _ in range(5):
                login = client.post(
                    "/login", params={"username": "alice", "password": "wonderland"}
                )
                claims = verify(login.json()["access_token"], jwk_set)  # no wait, no leeway
                assert (claims["sub"], claims["type"]) == ("user-1", "access")
            refused = client.post("/login", params={"username": "alice", "password": "x"})
    assert refused.status_code == 401
