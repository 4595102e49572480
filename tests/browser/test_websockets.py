"""The WebSockets page's client.js in a real Chromium, against uvicorn."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import require

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

APP = "docs_src.websockets.tutorial001:app"

# Log in, open the chat with client.js, say hi, and report what the page saw.
CHAT = """async (password) => {
  const login = await fetch("/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "test", password }),
  });
  const token = login.ok ? (await login.json()).access_token : "not-a-token";
  const { openChat } = await import("/static/client.js");
  return await new Promise((resolve) => {
    const seen = [];
    const socket = openChat(token, {
      onMessage: (text) => {
        seen.push(text);
        if (seen.length === 1) {
          socket.send("hi");
        } else {
          socket.close(1000, "bye");
        }
      },
      onClose: (code, reason) => {
        seen.push(`closed ${code} ${reason}`);
        resolve(seen);
      },
    });
  });
}"""


@pytest.fixture
def chat_page(page: Page, served: Callable[[str], str]) -> Page:
    has_websockets = any(importlib.util.find_spec(name) for name in ("websockets", "wsproto"))
    missing = [] if has_websockets else ["websockets (python package, for uvicorn)"]
    require(missing, "the WebSocket browser test")
    # Any page of the app will do: client.js connects to the page's own origin.
    page.goto(served(APP) + "/static/client.js")
    return page


def test_the_browser_client_chats_with_a_query_token(chat_page: Page) -> None:
    assert chat_page.evaluate(CHAT, "test") == ["Hello, test!", "test: hi", "closed 1000 bye"]


def test_a_refused_handshake_reaches_the_browser_as_1006_without_reason(
    chat_page: Page,
) -> None:
    assert chat_page.evaluate(CHAT, "wrong") == ["closed 1006 "]
