"""The current user examples (docs_src/subject), driven as the page shows."""

# No `from __future__ import annotations`: FastAPI reads the test routes' annotations at runtime.

import threading
from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

import docs_src.subject.tutorial001 as tutorial001
import docs_src.subject.tutorial002 as tutorial002
import docs_src.subject.tutorial003 as tutorial003
from fastjwt import BadConfigurationError, FastJWT, FJWTConfig

SECRET = "demo-only-secret-replace-me-with-32-random-bytes"
CAROL = {"username": "carol", "full_name": "Carol Danvers"}
ALICE = {"username": "alice", "full_name": "Alice Liddell"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    saved = dict(tutorial001.USERS)
    try:
        with TestClient(tutorial001.app) as client:
            yield client
    finally:
        tutorial001.USERS.clear()
        tutorial001.USERS.update(saved)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_demo_secrets_are_long_enough() -> None:
    for module in (tutorial001, tutorial002):
        assert module.security.config.JWT_SECRET_KEY == SECRET
    assert len(SECRET.encode()) >= 32


def test_the_decorator_returns_the_getter() -> None:
    assert tutorial001.security.callback_get_model_instance is tutorial001.get_user
    assert tutorial001.get_user("alice") == tutorial001.USERS["alice"]
    assert tutorial001.get_user("nobody") is None
    assert tutorial002.security.callback_get_model_instance is tutorial002.get_user
    assert tutorial001.security.is_model_callback_set


def test_sign_up_then_me(client: TestClient) -> None:
    response = client.post("/signup", json=CAROL)

    assert response.status_code == 201
    me = client.get("/me", headers=bearer(response.json()["access_token"]))
    assert me.status_code == 200
    assert me.json() == CAROL


def test_a_taken_username(client: TestClient) -> None:
    response = client.post("/signup", json=ALICE)

    assert response.status_code == 409
    assert response.json() == {"detail": "This username is taken"}


def test_a_deleted_user_is_an_unknown_subject(client: TestClient) -> None:
    token = client.post("/signup", json=CAROL).json()["access_token"]

    deleted = client.delete("/me", headers=bearer(token))
    after = client.get("/me", headers=bearer(token))

    assert deleted.status_code == 204
    assert deleted.content == b""
    assert "carol" not in tutorial001.USERS
    assert after.status_code == 401
    assert after.json() == {"detail": "Unknown subject"}
    assert after.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="The token subject does not exist"'
    )


def test_the_getter_never_sees_an_invalid_token(client: TestClient) -> None:
    response = client.get("/me", headers=bearer("not-a-token"))

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_sync_getter_runs_in_a_worker_thread() -> None:
    threads: list[str] = []
    security: FastJWT[dict[str, str]] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    app = FastAPI()

    @security.set_callback_get_model_instance
    def getter(uid: str) -> dict[str, str]:
        threads.append(threading.current_thread().name)
        return {"uid": uid}

    @app.get("/me")
    async def me(user: Annotated[dict[str, str], Depends(security.current_subject)]) -> str:
        return f"{user['uid']} from {threading.current_thread().name}"

    with TestClient(app) as client:
        response = client.get("/me", headers=bearer(security.create_access_token("alice")))
    assert response.status_code == 200
    body = response.json()

    (thread,) = threads
    assert body.startswith("alice from ")
    assert body != f"alice from {thread}"


@pytest.fixture
def async_client() -> Iterator[TestClient]:
    with TestClient(tutorial002.app) as client:
        yield client


def test_an_async_getter_and_the_alias(async_client: TestClient) -> None:
    token = tutorial002.security.create_access_token(uid="alice")

    response = async_client.get("/me", headers=bearer(token))

    assert response.json() == ALICE


def test_get_current_subject_in_a_route(async_client: TestClient) -> None:
    token = tutorial002.security.create_access_token(uid="alice")

    response = async_client.get("/greeting", headers=bearer(token))

    assert response.json() == {"message": "Hello, Alice Liddell"}


def test_get_current_subject_raises_the_usual_errors(async_client: TestClient) -> None:
    unknown = tutorial002.security.create_access_token(uid="zed")

    missing = async_client.get("/greeting")
    not_found = async_client.get("/greeting", headers=bearer(unknown))

    assert (missing.status_code, missing.json()) == (401, {"detail": "Missing JWT in request"})
    assert (not_found.status_code, not_found.json()) == (401, {"detail": "Unknown subject"})


def test_without_a_getter_the_app_fails_with_a_clear_message() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET), model=dict)
    app = FastAPI()

    @app.get("/me")
    def me(user: dict[str, str] = security.CURRENT_SUBJECT) -> dict[str, str]:
        return user  # pragma: no cover - never reached

    token = security.create_access_token(uid="alice")
    with (
        TestClient(app) as client,
        pytest.raises(BadConfigurationError, match="set_subject_getter"),
    ):
        client.get("/me", headers=bearer(token))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/me", headers=bearer(token)).status_code == 500


def test_without_a_getter_the_app_does_not_start() -> None:
    security = tutorial003.security
    with (
        pytest.raises(BadConfigurationError, match="No subject getter is set"),
        TestClient(tutorial003.app),
    ):
        pytest.fail("the application should not have started")  # pragma: no cover
    security.set_subject_getter(lambda uid: uid)
    try:
        with TestClient(tutorial003.app) as client:
            token = security.create_access_token(uid="alice")
            assert client.get("/me", headers=bearer(token)).json() == "alice"
    finally:
        security.callback_get_model_instance = None
