from collections.abc import Callable
from typing import Any

import main
from fastapi.testclient import TestClient

from fastjwt.testing import TokenFactory


# --8<-- [start:client]
def test_me_answers_the_signed_in_user(fastjwt_client: TestClient) -> None:
    response = fastjwt_client.get("/me")
    assert response.json() == {"username": "alice", "full_name": None, "id": 1}
    # --8<-- [end:client]


# --8<-- [start:tokens]
def test_an_expired_token_is_refused(fastjwt_tokens: TokenFactory, fastjwt_subject: str) -> None:
    token = fastjwt_tokens.expired(fastjwt_subject)
    with TestClient(main.app) as client:
        response = client.get("/me", headers=fastjwt_tokens.headers(token))
    assert response.status_code == 401
    assert "The token has expired" in response.headers["www-authenticate"]


def test_a_token_signed_with_another_key_is_refused(
    fastjwt_tokens: TokenFactory, fastjwt_subject: str
) -> None:
    token = fastjwt_tokens.wrongly_signed(fastjwt_subject)
    with TestClient(main.app) as client:
        response = client.get("/me", headers=fastjwt_tokens.headers(token))
    assert response.status_code == 401
    assert "The token signature is invalid" in response.headers["www-authenticate"]
    # --8<-- [end:tokens]


# --8<-- [start:override]
def test_the_current_user_can_be_replaced(
    fastjwt_override: Callable[[Any, Any], None],
) -> None:
    bob = main.User(id=2, username="bob", hashed_password="")
    fastjwt_override(main.security.current_subject, bob)
    with TestClient(main.app) as client:
        assert client.get("/me").json()["username"] == "bob"
        # Only that dependency is replaced: the refresh route still wants a real token.
        assert client.post("/refresh").status_code == 401


def test_after_the_override_authentication_is_real_again() -> None:
    with TestClient(main.app) as client:
        assert client.get("/me").status_code == 401
        # --8<-- [end:override]
