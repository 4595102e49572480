"""Swagger UI logs in at the identity provider (authorization code with PKCE), in Chromium.

The how-to page's issuer-login example runs under uvicorn, configured as the page exports,
against a stand-in Keycloak realm on 127.0.0.1 that demands PKCE and lets a browser page on
another origin call its token endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.conftest import require, swagger_assets
from tests.browser.test_swagger import execute, operation
from tests.support.docs.pages import DOCS_DIR, parse_page
from tests.support.docs.providers import KEYCLOAK_LOGIN
from tests.support.docs.server import HOST, serve
from tests.support.issuer import StandInIssuer, s256

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

APP = "docs_src.openapi.tutorial002:app"
PAGE = parse_page(DOCS_DIR / "how-to" / "openapi.md")


@pytest.fixture
def realm(tmp_path: Path) -> Iterator[tuple[str, StandInIssuer]]:
    """The example served by uvicorn, and the stand-in realm it trusts."""
    missing = [] if swagger_assets() else ["fastapi-offline (python package: Swagger UI's files)"]
    require(missing, "the Swagger UI test")
    with KEYCLOAK_LOGIN(PAGE) as setup, serve(APP, cwd=tmp_path, env=setup.env) as port:
        yield f"http://{HOST}:{port}", setup.state


def test_authorize_at_the_provider_then_call_a_protected_route(
    page: Page, realm: tuple[str, StandInIssuer]
) -> None:
    from playwright.sync_api import expect  # noqa: PLC0415 - playwright is optional

    url, issuer = realm
    page.goto(url + "/docs")
    page.locator(".auth-wrapper button.authorize").click()
    heading = page.get_by_role("heading", name="OAuth2 (OAuth2, authorizationCode with PKCE)")
    container = page.locator(".modal-ux .auth-container").filter(has=heading)
    expect(container.get_by_role("textbox", name="client_id:")).to_have_value("shop-frontend")
    expect(container.get_by_role("textbox", name="client_secret:")).to_have_value("")
    expect(container.locator('input[type=checkbox][data-value="orders:read"]')).to_be_checked()

    with page.expect_popup() as opened:
        container.get_by_role("button", name="Apply given OAuth2 credentials").click()
    login = opened.value
    login.wait_for_load_state()
    address = urlsplit(login.url)
    asked = dict(parse_qsl(address.query))
    assert issuer.base + address.path == issuer.base + "/realms/shop/protocol/openid-connect/auth"
    assert (asked["client_id"], asked["code_challenge_method"]) == ("shop-frontend", "S256")
    login.get_by_label("User name").fill("alice")
    with login.expect_event("close"):
        login.get_by_role("button", name="Sign in").click()

    expect(container.get_by_role("heading", name="Authorized", exact=True)).to_be_visible()
    container.get_by_role("button", name="Close").click()

    # The one code was exchanged with the verifier of the challenge the login carried.
    (form,) = issuer.exchanges
    assert form["grant_type"] == "authorization_code"
    assert form["redirect_uri"] == url + "/docs/oauth2-redirect"
    assert s256(form["code_verifier"]) == asked["code_challenge"]
    assert not issuer.grants

    me = operation(page, "me_me_get")
    with page.expect_request("**/me") as request:
        status, body = execute(me)
    answer = json.loads(body)
    assert (status, answer["username"]) == ("200", "alice")
    assert "orders:read" in answer["scopes"]
    assert request.value.headers["authorization"].startswith("Bearer ey")

    orders = operation(page, "list_orders_orders_get")
    status, body = execute(orders)
    assert (status, json.loads(body)) == ("200", ["order-1", "order-2"])
