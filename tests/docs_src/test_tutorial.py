"""The tutorial's application, step by step (docs_src/tutorial_*): each page's whole main.py.

Every step keeps what the steps before it do, so the tests of a step run on it and on every
later one. Each test gets a fresh SQLite file, in its own working directory. The tests use the
fixtures of FastJWT's pytest plugin, as the Testing page teaches.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session, SQLModel

from fastjwt import FastJWT
from fastjwt.testing import TokenFactory
from tests.support.docs.tutorial import STEPS, load_step, use_database_in

DATABASE, CURRENT_USER, REFRESH, LOGOUT, COOKIES = STEPS
ALICE = {"username": "alice", "password": "wonderland", "full_name": "Alice Liddell"}


def since(first: str) -> list[str]:
    """The step that adds a feature and every step after it."""
    return list(STEPS[STEPS.index(first) :])


def step_id(name: str) -> str:
    return name.split(".")[1]


# Argon2 as the steps use it, with the lowest cost: tests hash many passwords.
FAST_HASH = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))


def fresh_step(name: str, monkeypatch: pytest.MonkeyPatch, directory: Path) -> Any:
    """The step, with an empty database of its own in `directory`, the working directory."""
    monkeypatch.chdir(directory)
    module = load_step(name)
    use_database_in(module, directory, monkeypatch)
    monkeypatch.setattr(module, "password_hash", FAST_HASH)
    return module


@pytest.fixture(params=STEPS, ids=step_id)
def step(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    return fresh_step(request.param, monkeypatch, tmp_path)


# The plugin's fixtures, told about the step under test.


@pytest.fixture
def fastjwt_security(step: Any) -> FastJWT[Any]:
    security: FastJWT[Any] = step.security
    return security


@pytest.fixture
def fastjwt_app(step: Any) -> Any:
    return step.app


@pytest.fixture
def fastjwt_subject(step: Any) -> str:
    """Alice, stored in the database: the signed-in client is her."""
    SQLModel.metadata.create_all(step.engine)
    with Session(step.engine) as session:
        user = step.User(username="alice", hashed_password=step.password_hash.hash("wonderland"))
        session.add(user)
        session.commit()
        return str(user.id)


@pytest.fixture
def client(step: Any) -> Iterator[TestClient]:
    with TestClient(step.app) as client:
        yield client


def register(client: TestClient, **changes: str) -> dict[str, Any]:
    response = client.post("/users", json={**ALICE, **changes})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def log_in(client: TestClient, password: str = "wonderland") -> dict[str, Any]:
    response = client.post("/token", data={"username": "alice", "password": password})
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# Every step: users in SQLite, hashed passwords, the OAuth2 password form.


def test_registration_stores_a_hash_in_the_database_file(step: Any, client: TestClient) -> None:
    assert register(client) == {"username": "alice", "full_name": "Alice Liddell", "id": 1}

    assert Path("database.db").is_file()
    with Session(step.engine) as session:
        stored = session.get(step.User, 1)
    assert stored is not None
    assert stored.hashed_password.startswith("$argon2id$")
    assert "wonderland" not in stored.hashed_password


def test_the_steps_hash_with_argon2_as_pwdlib_recommends() -> None:
    for name in STEPS:
        module = load_step(name)
        (hasher,) = module.password_hash.hashers
        assert isinstance(hasher, Argon2Hasher)
        assert module.DUMMY_HASH.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.mark.parametrize(
    ("changes", "status"),
    [({}, 409), ({"username": "bob", "password": "short"}, 422), ({"username": ""}, 422)],
)
def test_registration_refuses_taken_names_and_short_passwords(
    client: TestClient, changes: dict[str, str], status: int
) -> None:
    register(client)

    assert client.post("/users", json={**ALICE, **changes}).status_code == status


def test_the_password_form_gives_a_bearer_token(client: TestClient) -> None:
    register(client)

    body = log_in(client)

    assert body["token_type"] == "bearer"
    assert client.get("/me", headers=bearer(body["access_token"])).status_code == 200


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong password"), ("nobody", "wonderland")]
)
def test_bad_credentials_are_refused_alike(
    client: TestClient, username: str, password: str
) -> None:
    register(client)

    response = client.post("/token", data={"username": username, "password": password})

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Incorrect username or password"},
    )
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_openapi_schema_offers_the_password_flow(step: Any) -> None:
    schemes = step.app.openapi()["components"]["securitySchemes"]

    assert schemes["JWT"]["flows"] == {"password": {"tokenUrl": "/token", "scopes": {}}}


def test_expired_and_forged_tokens_are_refused(
    client: TestClient, fastjwt_tokens: TokenFactory
) -> None:
    for token, reason in (
        (fastjwt_tokens.expired("1"), "The token has expired"),
        (fastjwt_tokens.wrongly_signed("1"), "The token signature is invalid"),
    ):
        response = client.get("/me", headers=bearer(token))
        assert response.status_code == 401
        assert reason in response.headers["www-authenticate"]


@pytest.mark.parametrize("step", [DATABASE], ids=step_id, indirect=True)
def test_the_first_step_answers_the_token_subject(client: TestClient) -> None:
    register(client)
    token = log_in(client)["access_token"]

    assert client.get("/me", headers=bearer(token)).json() == {"user_id": "1"}


# From "The current user" on: routes receive the User loaded from the database.


@pytest.mark.parametrize("step", since(CURRENT_USER), ids=step_id, indirect=True)
def test_me_is_the_signed_in_user(fastjwt_client: TestClient) -> None:
    assert fastjwt_client.get("/me").json() == {"username": "alice", "full_name": None, "id": 1}


@pytest.mark.parametrize("step", since(CURRENT_USER), ids=step_id, indirect=True)
def test_a_deleted_user_is_refused_at_once(fastjwt_client: TestClient) -> None:
    assert fastjwt_client.delete("/me").status_code == 204

    response = fastjwt_client.get("/me")
    assert (response.status_code, response.json()) == (401, {"detail": "Unknown subject"})


@pytest.mark.parametrize("step", since(CURRENT_USER), ids=step_id, indirect=True)
@pytest.mark.parametrize("subject", ["42", "not-an-id"])
def test_a_token_of_no_user_is_refused(
    client: TestClient, fastjwt_tokens: TokenFactory, subject: str
) -> None:
    response = client.get("/me", headers=bearer(fastjwt_tokens.access(subject)))

    assert (response.status_code, response.json()) == (401, {"detail": "Unknown subject"})


@pytest.mark.parametrize("step", since(CURRENT_USER), ids=step_id, indirect=True)
def test_a_test_can_replace_the_current_user(
    step: Any, client: TestClient, fastjwt_override: Any
) -> None:
    fastjwt_override(
        step.security.current_subject, step.User(id=7, username="x", hashed_password="")
    )

    assert client.get("/me").json() == {"username": "x", "full_name": None, "id": 7}


# From "Refresh tokens" on.


@pytest.mark.parametrize("step", since(REFRESH), ids=step_id, indirect=True)
def test_a_refresh_token_gets_a_new_access_token(client: TestClient) -> None:
    register(client)
    tokens = log_in(client)

    refreshed = client.post("/refresh", headers=bearer(tokens["refresh_token"])).json()

    assert refreshed["refresh_token"] is None
    assert client.get("/me", headers=bearer(refreshed["access_token"])).status_code == 200
    assert client.post("/refresh", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.get("/me", headers=bearer(tokens["refresh_token"])).status_code == 401


# From "Logout and revocation" on.


@pytest.mark.parametrize("step", since(LOGOUT), ids=step_id, indirect=True)
def test_logout_revokes_both_tokens(client: TestClient) -> None:
    register(client)
    tokens = log_in(client)
    access = bearer(tokens["access_token"])

    response = client.post(
        "/logout", headers=access, json={"refresh_token": tokens["refresh_token"]}
    )

    assert response.json() == {"message": "Logged out"}
    assert client.get("/me", headers=access).json() == {"detail": "Token has been revoked"}
    refresh = client.post("/refresh", headers=bearer(tokens["refresh_token"]))
    assert refresh.json() == {"detail": "Token has been revoked"}


@pytest.mark.parametrize("step", since(LOGOUT), ids=step_id, indirect=True)
def test_logout_without_the_refresh_token_revokes_the_access_token(client: TestClient) -> None:
    register(client)
    tokens = log_in(client)

    assert client.post("/logout", headers=bearer(tokens["access_token"])).status_code == 200
    assert client.get("/me", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.post("/refresh", headers=bearer(tokens["refresh_token"])).status_code == 200


# "Cookies for a browser app".


@pytest.fixture
def browser_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # https: the cookies are Secure, and the test client honours that.
    app = fresh_step(COOKIES, monkeypatch, tmp_path).app
    with TestClient(app, base_url="https://testserver") as client:
        register(client)
        yield client


def csrf(client: TestClient, name: str = "csrf_access_token") -> dict[str, str]:
    value = client.cookies.get(name)
    assert value
    return {"X-CSRF-TOKEN": value}


def test_a_browser_session_lives_in_cookies(browser_client: TestClient) -> None:
    client = browser_client
    response = client.post("/session", json={"username": "alice", "password": "wonderland"})
    assert response.json() == {"message": "Logged in as alice"}
    assert "access_token" not in response.text
    assert client.get("/me").json()["username"] == "alice"

    # A change needs the CSRF header; the cookies alone are refused.
    rename = {"full_name": "Alice"}
    refused = client.put("/me", json=rename)
    assert refused.json() == {"detail": "Missing CSRF double submit token in request"}
    assert client.put("/me", json=rename, headers=csrf(client)).json()["full_name"] == "Alice"

    refreshed = client.post("/session/refresh", headers=csrf(client, "csrf_refresh_token"))
    assert refreshed.json() == {"message": "Access token refreshed"}
    access, refresh = client.cookies["access_token_cookie"], client.cookies["refresh_token_cookie"]

    assert client.post("/session/logout", headers=csrf(client)).json() == {"message": "Logged out"}
    assert "access_token_cookie" not in client.cookies
    # The tokens are revoked, not only forgotten by this browser.
    client.cookies.set("access_token_cookie", access)
    assert client.get("/me").json() == {"detail": "Token has been revoked"}
    assert client.post("/refresh", headers=bearer(refresh)).json() == {
        "detail": "Token has been revoked"
    }


def test_a_browser_login_with_a_bad_password_sets_no_cookie(browser_client: TestClient) -> None:
    response = browser_client.post("/session", json={"username": "alice", "password": "nope"})

    assert response.status_code == 401
    assert "set-cookie" not in response.headers


def test_the_page_and_its_script_are_served(browser_client: TestClient) -> None:
    assert '<form id="login">' in browser_client.get("/").text
    assert browser_client.get("/").headers["content-type"].startswith("text/html")
    assert "X-CSRF-TOKEN" in browser_client.get("/static/app.js").text
