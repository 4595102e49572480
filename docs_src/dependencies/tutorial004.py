from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from main import app, security

from fastjwt import TokenPayload


@contextmanager
def signed_in_as(uid: str) -> Iterator[TestClient]:
    """A test client whose requests count as `uid`'s, without any token."""

    def stand_in() -> TokenPayload:
        return TokenPayload(sub=uid, type="access", fresh=True)

    app.dependency_overrides[security.access_token_required] = stand_in
    try:
        with TestClient(app) as client:
            yield client
    finally:
        del app.dependency_overrides[security.access_token_required]
