"""The cookie tutorial's page and app.js in a real Chromium: login, CSRF header, logout."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

APP = "docs_src.cookies.tutorial001:app"
TOKEN_COOKIES = {"access_token_cookie", "refresh_token_cookie"}
CSRF_COOKIES = {"csrf_access_token", "csrf_refresh_token"}

# The forged request of the page's CSRF section: the cookies go along, the header does not.
POST_WITHOUT_CSRF = """async () => {
  const response = await fetch("/notes", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: "forged" }),
  });
  return [response.status, await response.json()];
}"""


def script_cookies(page: Page) -> dict[str, str]:
    """What the page's JavaScript sees in `document.cookie`."""
    text: str = page.evaluate("document.cookie")
    pairs = (pair.partition("=") for pair in text.split("; ") if pair)
    return {name: value for name, _, value in pairs}


def shows(page: Page, status: int, body: object) -> None:
    """Wait until the page's output shows this answer."""
    from playwright.sync_api import expect  # noqa: PLC0415 - playwright is optional

    expect(page.locator("#output")).to_have_text(
        f"{status} {json.dumps(body, separators=(',', ':'))}"
    )


def log_in(page: Page, password: str = "test") -> None:
    page.fill("#username", "test")
    page.fill("#password", password)
    page.get_by_role("button", name="Log in").click()


def save_note(page: Page, text: str) -> dict[str, Any]:
    """Submit the note form; return the headers the browser sent."""
    page.fill("#text", text)
    with page.expect_request("**/notes") as request:
        page.get_by_role("button", name="Save note").click()
    headers: dict[str, Any] = request.value.headers
    return headers


def test_log_in_post_with_the_csrf_header_and_log_out(
    page: Page, served: Callable[[str], str]
) -> None:
    base = served(APP)
    page.goto(base + "/")

    log_in(page)
    shows(page, 200, {"message": "Logged in as test"})

    # The script sees the CSRF cookies, never the tokens; the browser holds all four.
    visible = script_cookies(page)
    assert set(visible) == CSRF_COOKIES
    stored = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert set(stored) == TOKEN_COOKIES | CSRF_COOKIES
    for name, cookie in stored.items():
        assert cookie.get("httpOnly") is (name in TOKEN_COOKIES)
        assert cookie.get("secure") is True
        assert cookie.get("sameSite") == "Lax"
    assert stored["refresh_token_cookie"].get("path") == "/refresh"

    # A POST from the page's script carries the CSRF cookie's value in the header.
    sent = save_note(page, "hello")
    shows(page, 200, {"author": "test", "text": "hello"})
    assert sent["x-csrf-token"] == visible["csrf_access_token"]

    # The same POST without the header is refused, though the cookies go along.
    assert page.evaluate(POST_WITHOUT_CSRF) == [
        401,
        {"detail": "Missing CSRF double submit token in request"},
    ]

    page.get_by_role("button", name="Who am I?").click()
    shows(page, 200, {"user": "test"})

    # A refresh brings a new CSRF value; the script reads the cookie again.
    page.get_by_role("button", name="Refresh").click()
    shows(page, 200, {"message": "Access token refreshed"})
    renewed = script_cookies(page)
    assert renewed["csrf_access_token"] != visible["csrf_access_token"]
    assert save_note(page, "again")["x-csrf-token"] == renewed["csrf_access_token"]
    shows(page, 200, {"author": "test", "text": "again"})

    # Logging out leaves the browser without any cookie.
    page.get_by_role("button", name="Log out").click()
    shows(page, 200, {"message": "Logged out"})
    assert script_cookies(page) == {}
    assert page.context.cookies() == []
    page.get_by_role("button", name="Who am I?").click()
    shows(page, 401, {"detail": "Missing JWT in request: looked in the access_token_cookie cookie"})


def test_a_failed_login_sets_no_cookie(page: Page, served: Callable[[str], str]) -> None:
    page.goto(served(APP) + "/")

    log_in(page, password="wrong")

    shows(page, 401, {"detail": {"message": "Bad credentials"}})
    assert page.context.cookies() == []
