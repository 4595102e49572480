"""Apps under attack: `GET /p` and `POST /p` behind the access dependency, and more routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support import SECRET
from tests.support.attacks import Target
from tests.support.keys import private_key, private_pem


@pytest.fixture
def target() -> Target:
    """HS256 with the test secret, tokens in the Authorization header."""
    return Target(JWT_SECRET_KEY=SECRET)


@pytest.fixture
def asymmetric() -> Callable[..., Target]:
    """An app verifying `algorithm` tokens with the shared test key of its family."""

    def build(algorithm: str, **settings: Any) -> Target:
        pem = private_pem(private_key(algorithm))
        return Target(JWT_ALGORITHM=algorithm, JWT_PRIVATE_KEY=pem, **settings)

    return build
