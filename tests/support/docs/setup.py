"""What a page's console sessions need besides its app: other servers, and the app's settings.

A page names a setup in its front matter, `fastjwt_setup: module:attribute`: a callable
that takes the page and returns a context manager giving a `Setup`. While it is open, the
replays (in process and with uvicorn) run the page's app with `Setup.env` in its
environment, and the commands may reach each server of `Setup.servers` at the address the
page shows for it (`127.0.0.1:9000` for a stand-in identity provider, say): the in-process
replay sends them there with an HTTP client, the real one rewrites the address in the
command, as it does for the app's `127.0.0.1:8000`.

Settings that the page shows as `export NAME='value'` lines of its bash blocks are read by
`page_exports`, so a setup can hand the app exactly what the page tells the reader to set.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from tests.support.docs.pages import Page, PageError

SETUP_KEY = "fastjwt_setup"
_EXPORT = re.compile(r"^export (?P<name>[A-Z][A-Z0-9_]*)='(?P<value>[^']*)'$")


@dataclass(frozen=True)
class Setup:
    """The environment of a page's app, and the other servers its commands reach."""

    env: Mapping[str, str] = field(default_factory=dict)
    """Variables set for the app (in process: while it is imported and serves)."""
    servers: Mapping[str, str] = field(default_factory=dict)
    """Address the page shows (`127.0.0.1:9000`) -> address it really listens on."""
    state: Any = None
    """Whatever the setup serves (a stand-in issuer), for the tests that drive the examples."""


PageSetup = Callable[[Page], AbstractContextManager[Setup]]


def page_setup(page: Page) -> AbstractContextManager[Setup]:
    """The setup the page names, opened for it; an empty one when it names none."""
    target = page.meta.get(SETUP_KEY)
    if target is None:
        return contextlib.nullcontext(Setup())
    module_name, _, attribute = target.partition(":")
    hook: PageSetup = getattr(importlib.import_module(module_name), attribute)
    return hook(page)


def page_exports(page: Page) -> list[tuple[str, str]]:
    """The `export NAME='value'` lines of the page's bash blocks, in page order.

    A page may export a variable twice, its usual value first and a variant later.
    """
    exports: list[tuple[str, str]] = []
    for fence in page.fences:
        if fence.lang != "bash":
            continue
        for line in fence.lines:
            if line.startswith("export "):
                match = _EXPORT.match(line.strip())
                if match is None:
                    raise PageError(f"{page.name}: write exports as export NAME='value': {line}")
                exports.append((match["name"], match["value"]))
    return exports


def first_exports(page: Page) -> dict[str, str]:
    """The first value the page exports for each variable: what its app runs with."""
    exports: dict[str, str] = {}
    for name, value in page_exports(page):
        exports.setdefault(name, value)
    return exports


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set `values` in `os.environ` for the duration of the block, then restore it."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
