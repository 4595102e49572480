"""The tutorial's application in a real Chromium: Swagger UI's password login, the cookie page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import require, swagger_assets
from tests.browser.test_swagger import execute, operation

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DATABASE_STEP = "docs_src.tutorial_database.tutorial001:app"
COOKIES_STEP = "docs_src.tutorial_cookies.tutorial001:app"
REGISTER = """async () => {
  const response = await fetch("/users", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "alice", password: "wonderland" }),
  });
  return response.status;
}"""


def test_authorize_with_a_password_then_call_a_protected_route(
    page: Page, served: Callable[[str], str]
) -> None:
    missing = [] if swagger_assets() else ["fastapi-offline (python package: Swagger UI's files)"]
    require(missing, "the Swagger UI test")
    page.goto(served(DATABASE_STEP) + "/docs")
    assert page.evaluate(REGISTER) == 201

    me = operation(page, "read_me_me_get")
    status, _ = execute(me)
    assert status.split()[0] == "401"  # Swagger UI adds "Undocumented"

    # The password form of the OAuth2 scheme: Swagger UI posts it to /token itself.
    page.locator(".auth-wrapper button.authorize").click()
    dialog = page.locator(".modal-ux")
    dialog.locator("#oauth_username").fill("alice")
    dialog.locator("#oauth_password").fill("wonderland")
    with page.expect_response("**/token") as login:
        dialog.get_by_role("button", name="Apply given OAuth2 credentials").click()
    assert login.value.status == 200
    sent = login.value.request.post_data or ""
    assert "grant_type=password" in sent
    assert "username=alice" in sent
    dialog.locator("button.btn-done").click()

    with page.expect_request("**/me") as request:
        status, body = execute(me)
    assert (status, json.loads(body)) == ("200", {"user_id": "1"})
    token = login.value.json()["access_token"]
    assert request.value.headers["authorization"] == f"Bearer {token}"


def shows(page: Page, status: int, body: object) -> None:
    from playwright.sync_api import expect  # noqa: PLC0415 - playwright is optional

    expect(page.locator("#output")).to_have_text(
        f"{status} {json.dumps(body, separators=(',', ':'))}"
    )


def test_the_browser_page_logs_in_with_cookies_and_csrf(
    page: Page, served: Callable[[str], str]
) -> None:
    page.goto(served(COOKIES_STEP) + "/")
    assert page.evaluate(REGISTER) == 201

    page.fill("#username", "alice")
    page.fill("#password", "wonderland")
    page.get_by_role("button", name="Log in").click()
    shows(page, 200, {"message": "Logged in as alice"})
    # The page's script sees the CSRF cookies only; the tokens are HttpOnly.
    visible = page.evaluate("document.cookie")
    assert "csrf_access_token=" in visible
    assert "access_token_cookie" not in visible

    page.fill("#full-name", "Alice Liddell")
    with page.expect_request("**/me") as request:
        page.get_by_role("button", name="Change my name").click()
    shows(page, 200, {"username": "alice", "full_name": "Alice Liddell", "id": 1})
    assert request.value.headers["x-csrf-token"]

    page.get_by_role("button", name="Refresh").click()
    shows(page, 200, {"message": "Access token refreshed"})
    page.get_by_role("button", name="Who am I?").click()
    shows(page, 200, {"username": "alice", "full_name": "Alice Liddell", "id": 1})

    page.get_by_role("button", name="Log out").click()
    shows(page, 200, {"message": "Logged out"})
    assert page.context.cookies() == []
    page.get_by_role("button", name="Who am I?").click()
    missing = "Missing JWT in request: looked in the Authorization header, the access_token_cookie"
    shows(page, 401, {"detail": f"{missing} cookie"})
