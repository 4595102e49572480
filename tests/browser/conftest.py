"""Real headless Chromium, driven by Playwright, against the tutorial apps served by uvicorn.

No browser is downloaded: Playwright launches the system's Chromium (Debian's `chromium`
package, or the `FASTJWT_CHROMIUM` executable). The browser reaches nothing but 127.0.0.1:
every other request is aborted, except Swagger UI's JavaScript and CSS, which FastAPI's
`/docs` loads from a CDN and which are answered from a local copy (the `fastapi-offline`
package ships one).

Locally, a missing browser, Playwright or package skips these tests with the reason; with
`CI=true` it fails them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.docs.server import HOST, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SWAGGER_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css")


def chromium() -> str | None:
    """The Chromium executable to launch, if this machine has one."""
    configured = os.environ.get("FASTJWT_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require(missing: list[str], purpose: str) -> None:
    """Skip (locally) or fail (with CI=true) when something the test needs is missing."""
    if not missing:
        return
    reason = f"{purpose} needs {', '.join(missing)}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true makes it mandatory")
    pytest.skip(reason)


def missing_browser_tools() -> list[str]:
    missing: list[str] = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright (python package, the `test` extra)")
    if chromium() is None:
        missing.append("chromium (Debian package `chromium`, or FASTJWT_CHROMIUM)")
    if importlib.util.find_spec("uvicorn") is None:
        missing.append("uvicorn (python package)")
    return missing


def swagger_assets() -> Path | None:
    """A local copy of Swagger UI's files, if the `fastapi-offline` package is installed."""
    if importlib.util.find_spec("fastapi_offline") is None:
        return None
    return Path(str(files("fastapi_offline") / "static"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module."""
    require(missing_browser_tools(), "the browser test")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional until here

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _stay_local(route: Route) -> None:
    """Answer Swagger UI's CDN files from the local copy; abort anything else off-machine."""
    name = route.request.url.rsplit("/", 1)[-1]
    assets = swagger_assets()
    if assets is not None and name in SWAGGER_ASSETS:
        route.fulfill(path=assets / name)
    else:
        route.abort()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page that can only reach 127.0.0.1."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    context.route(lambda url: not url.startswith(f"http://{HOST}:"), _stay_local)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Serve apps with uvicorn for the test's duration: `served("module:app")` gives the URL.

    They run in the test's scratch directory, where an app's database file lands.
    """
    with contextlib.ExitStack() as stack:

        def start(app: str) -> str:
            port = stack.enter_context(serve(app, cwd=tmp_path))
            return f"http://{HOST}:{port}"

        yield start
