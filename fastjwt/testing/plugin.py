"""The pytest plugin of FastJWT: fixtures for testing an application that uses it.

pytest loads it by itself (entry point `pytest11`) wherever FastJWT is installed. Two
fixtures tell it about your application; override them in your `conftest.py`:

- `fastjwt_security`: your `FastJWT` instance;
- `fastjwt_app`: your FastAPI application (only `fastjwt_client` needs it).

The others build on them: `fastjwt_tokens` (a `TokenFactory`), `fastjwt_subject` (the user
`fastjwt_client` signs in as, `"user"` unless you override it), `fastjwt_client` (a
`TestClient` that sends a valid access token with every request) and `fastjwt_override`
(dependency overrides undone when the test ends).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from fastjwt.testing import TokenFactory, override_authentication

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from fastjwt.core import FastJWT

__all__ = [
    "fastjwt_app",
    "fastjwt_client",
    "fastjwt_override",
    "fastjwt_security",
    "fastjwt_subject",
    "fastjwt_tokens",
]


@pytest.fixture
def fastjwt_security() -> FastJWT[Any]:
    """Your application's `FastJWT` instance: override this fixture in your conftest.py."""
    msg = (
        "override the fastjwt_security fixture in your conftest.py: "
        "return your application's FastJWT instance"
    )
    raise pytest.UsageError(msg)


@pytest.fixture
def fastjwt_app() -> FastAPI:
    """Your FastAPI application: override this fixture in your conftest.py."""
    msg = "override the fastjwt_app fixture in your conftest.py: return your FastAPI application"
    raise pytest.UsageError(msg)


@pytest.fixture
def fastjwt_tokens(fastjwt_security: FastJWT[Any]) -> TokenFactory:
    """Valid, expired and wrongly signed tokens for `fastjwt_security`."""
    return TokenFactory(fastjwt_security)


@pytest.fixture
def fastjwt_subject() -> str:
    """The subject (`sub`) that `fastjwt_client` is signed in as."""
    return "user"


@pytest.fixture
def fastjwt_client(
    fastjwt_app: FastAPI, fastjwt_tokens: TokenFactory, fastjwt_subject: str
) -> Iterator[TestClient]:
    """A `TestClient` of `fastjwt_app` (lifespan included) signed in as `fastjwt_subject`.

    It sends a fresh access token the way the configuration reads it first: in
    the header, or else in the access cookie, with the CSRF header a browser
    page would add.
    """
    from fastapi.testclient import TestClient  # noqa: PLC0415 - needs httpx, a test dependency

    token = fastjwt_tokens.access(fastjwt_subject, fresh=True)
    config = fastjwt_tokens.security.config
    with TestClient(fastjwt_app) as client:
        if config.JWT_TOKEN_LOCATION[0] == "cookies":
            cookies, csrf = fastjwt_tokens.cookies(token)
            for name, value in cookies.items():
                client.cookies.set(name, value)
            if csrf is not None:
                client.headers[config.JWT_ACCESS_CSRF_HEADER_NAME] = csrf
        else:
            client.headers.update(fastjwt_tokens.headers(token))
        yield client


@pytest.fixture
def fastjwt_override(fastjwt_app: FastAPI) -> Iterator[Callable[[Callable[..., Any], Any], None]]:
    """`override(dependency, value)`: the dependency gives `value` until the test ends.

    Only the overrides made through it are removed at the end; the real
    dependencies are never changed.
    """
    with contextlib.ExitStack() as stack:

        def override(dependency: Callable[..., Any], value: Any) -> None:
            stack.enter_context(override_authentication(fastjwt_app, dependency, value))

        yield override
