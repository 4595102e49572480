"""Swagger UI at /docs of the OpenAPI tutorial, in a real Chromium: Authorize, then call."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import require, swagger_assets

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

APP = "docs_src.openapi.tutorial001:app"


@pytest.fixture
def docs(page: Page, served: Callable[[str], str]) -> Page:
    """Swagger UI, loaded from the local copy of its files."""
    missing = [] if swagger_assets() else ["fastapi-offline (python package: Swagger UI's files)"]
    require(missing, "the Swagger UI test")
    page.goto(served(APP) + "/docs")
    return page


def operation(page: Page, operation_id: str) -> Locator:
    """Open an operation of the page and switch it to "Try it out"."""
    block = page.locator(f"#operations-default-{operation_id}")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    return block


def execute(block: Locator) -> tuple[str, str]:
    """Click Execute; return the status and the body Swagger UI shows."""
    from playwright.sync_api import expect  # noqa: PLC0415 - playwright is optional

    block.get_by_role("button", name="Execute").click()
    response = block.locator(".live-responses-table .response")
    expect(response.locator(".response-col_status")).not_to_have_text("")
    status = response.locator(".response-col_status").inner_text().strip()
    body = response.locator(".response-col_description pre.microlight").first.inner_text()
    # Swagger UI clears the previous answer before showing the next one.
    block.get_by_role("button", name="Clear").click()
    return status, body


def authorize(page: Page, scheme: str, value: str) -> None:
    """Fill one scheme of the Authorize dialog."""
    page.locator(".auth-wrapper button.authorize").click()
    container = page.locator(".modal-ux .auth-container").filter(
        has=page.locator("h4 > code").get_by_text(scheme, exact=True)
    )
    container.locator("input").fill(value)
    container.get_by_role("button", name="Apply credentials").click()
    container.get_by_role("button", name="Close").click()


def test_authorize_with_a_token_and_call_a_protected_route(docs: Page) -> None:
    login = operation(docs, "login_login_post")
    login.locator("textarea.body-param__text").fill('{"username": "test", "password": "test"}')
    status, body = execute(login)
    assert status == "200"
    token = json.loads(body)["access_token"]

    me = operation(docs, "me_me_get")
    status, body = execute(me)
    assert (status, json.loads(body)) == (
        "401",
        {
            "detail": "Missing JWT in request: looked in the Authorization header, "
            "the access_token_cookie cookie"
        },
    )

    # The cookie scheme cannot be used from the page: the browser drops the Cookie header.
    authorize(docs, "JWTCookie", token)
    status, _ = execute(me)
    assert status == "401"

    authorize(docs, "JWT", token)
    with docs.expect_request("**/me") as request:
        status, body = execute(me)
    assert (status, json.loads(body)) == ("200", {"user": "test"})
    assert request.value.headers["authorization"] == f"Bearer {token}"


def test_authorize_the_query_scheme(docs: Page) -> None:
    token = docs.evaluate(
        """async () => {
          const response = await fetch("/login", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ username: "test", password: "test" }),
          });
          return (await response.json()).access_token;
        }"""
    )
    report = operation(docs, "download_report_exports_report_csv_get")

    authorize(docs, "JWTQuery", token)
    with docs.expect_request("**/exports/report.csv?*") as request:
        status, body = execute(report)

    assert (status, body) == ("200", "user,notes\ntest,3\n")
    assert request.value.url.endswith(f"/exports/report.csv?token={token}")
