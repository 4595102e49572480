"""The built site in a real Chromium: copy buttons copy commands, table code never breaks."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.docs.pages import ROOT
from tests.support.docs.server import HOST, ServerError, free_port, wait_until_listening

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Material's copy button (9.7 and later; `.md-clipboard` before).
COPY_BUTTON = "[data-clipboard-target]"
# The first console block of the tutorial's first page, as the page shows it.
FIRST_COMMANDS = (
    'curl -s -X POST "http://127.0.0.1:8000/login?username=test&password=test"\n'
    'curl -s -X POST "http://127.0.0.1:8000/login?username=test&password=wrong"'
)


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """`python -m http.server` on 127.0.0.1 for `directory`; stopped by its PID at the end."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST]
    with open(os.devnull, "wb") as quiet:
        process = subprocess.Popen(command, cwd=directory, stdout=quiet, stderr=quiet)
    try:
        wait_until_listening(process, port, 30.0)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site, built with `mkdocs build --strict` and served on 127.0.0.1."""
    built = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(built)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServerError(f"mkdocs build failed:\n{result.stderr}")
    with static_server(built) as url:
        yield url


@pytest.fixture
def clipboard_page(browser: Browser) -> Iterator[Page]:
    """A page that may read the clipboard (its content stays in the browser)."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.route(lambda url: not url.startswith(f"http://{HOST}:"), lambda route: route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()


def copy(page: Page, block: int) -> str:
    """Click the copy button of the page's console block number `block`; read the clipboard."""
    console = page.locator(".language-console").nth(block)
    console.hover()
    console.locator(COPY_BUTTON).click()
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def test_a_console_copy_button_copies_the_commands_only(clipboard_page: Page, site: str) -> None:
    clipboard_page.goto(site + "/tutorial/first-steps/")

    assert copy(clipboard_page, 0) == FIRST_COMMANDS
    assert "$ " not in copy(clipboard_page, 1)


def test_other_copy_buttons_copy_the_whole_block(clipboard_page: Page, site: str) -> None:
    clipboard_page.goto(site + "/tutorial/first-steps/")
    block = clipboard_page.locator(".language-python").first
    block.hover()
    block.locator(COPY_BUTTON).click()

    copied: str = clipboard_page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("from fastapi import")


@pytest.mark.parametrize("width", [1280, 700])
def test_code_in_tables_never_breaks_inside_a_word(page: Page, site: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/reference/configuration/")
    broken = page.evaluate(
        """() => [...document.querySelectorAll(".md-typeset table code")]
              .filter((code) => code.getClientRects().length > 1)
              .map((code) => code.textContent)"""
    )
    assert page.locator(".md-typeset table code").count() > 50
    assert broken == []


def test_the_search_index_ranks_guides_above_the_api(site: str) -> None:
    index_url = site + "/search/search_index.json"  # the test's own server on 127.0.0.1
    with urllib.request.urlopen(index_url, timeout=10) as answer:  # noqa: S310
        index = json.load(answer)
    boosts = {entry["location"].split("#")[0]: entry.get("boost", 1) for entry in index["docs"]}

    assert boosts["tutorial/database/"] > 1
    assert boosts["how-to/testing/"] > 1
    assert boosts["api/fastjwt/"] < 1
