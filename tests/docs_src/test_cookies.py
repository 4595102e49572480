"""The Cookies and CSRF page (docs_src/cookies), driven the way the page describes it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.cookies import SimpleCookie

import jwt
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

import docs_src.cookies.tutorial001 as tutorial001
import docs_src.cookies.tutorial002 as tutorial002

CREDENTIALS = {"username": "test", "password": "test"}
MISSING_CSRF = {"detail": "Missing CSRF double submit token in request"}
MISMATCH = {"detail": "CSRF double submit does not match"}
STATIC = tutorial001.STATIC


def set_cookies(response: Response) -> dict[str, dict[str, str | bool]]:
    """Each Set-Cookie of the response: its value and attributes."""
    found: dict[str, dict[str, str | bool]] = {}
    for header in response.headers.get_list("set-cookie"):
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        ((name, morsel),) = parsed.items()
        attributes: dict[str, str | bool] = {
            key: value for key, value in morsel.items() if value not in ("", False)
        }
        found[name] = {"value": morsel.value, **attributes}
    return found


def secret() -> str:
    value = tutorial001.config.JWT_SECRET_KEY
    assert value is not None
    return value


@pytest.fixture
def client() -> Iterator[TestClient]:
    # base_url https: the cookies are Secure, and the test client honours that.
    with TestClient(tutorial001.app, base_url="https://testserver") as client:
        yield client


def login(client: TestClient) -> dict[str, dict[str, str | bool]]:
    response = client.post("/login", json=CREDENTIALS)
    assert response.status_code == 200
    return set_cookies(response)


def test_the_application_reads_cookies_with_the_production_defaults() -> None:
    config = tutorial001.config
    assert list(config.JWT_TOKEN_LOCATION) == ["cookies"]
    assert config.JWT_COOKIE_SECURE is True
    assert config.JWT_COOKIE_SAMESITE == "Lax"
    assert config.JWT_COOKIE_CSRF_PROTECT is True
    assert config.JWT_SESSION_COOKIE is True
    assert config.JWT_REFRESH_COOKIE_PATH == "/refresh"


def test_login_sets_four_cookies_and_no_token_in_the_body(client: TestClient) -> None:
    response = client.post("/login", json=CREDENTIALS)

    assert response.json() == {"message": "Logged in as test"}
    cookies = set_cookies(response)
    assert set(cookies) == {
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
    }
    common = {"path": "/", "secure": True, "samesite": "lax"}
    access = cookies["access_token_cookie"]
    refresh = cookies["refresh_token_cookie"]
    assert {key: access[key] for key in (*common, "httponly")} == {**common, "httponly": True}
    assert {key: refresh[key] for key in ("path", "httponly")} == {
        "path": "/refresh",
        "httponly": True,
    }
    for name in ("csrf_access_token", "csrf_refresh_token"):
        assert "httponly" not in cookies[name]
        assert {key: cookies[name][key] for key in common} == common
    for cookie in cookies.values():
        assert "max-age" not in cookie  # session cookies
    access_claims = jwt.decode(str(access["value"]), secret(), algorithms=["HS256"])
    assert access_claims["csrf"] == cookies["csrf_access_token"]["value"]
    assert access_claims["fresh"] is True
    assert str(access["value"]) not in response.text


def test_bad_credentials_set_no_cookie(client: TestClient) -> None:
    response = client.post("/login", json={"username": "test", "password": "nope"})

    assert response.status_code == 401
    assert response.json() == {"detail": {"message": "Bad credentials"}}
    assert set_cookies(response) == {}


def test_a_get_needs_the_cookie_only(client: TestClient) -> None:
    assert client.get("/me").status_code == 401
    login(client)

    response = client.get("/me")

    assert (response.status_code, response.json()) == (200, {"user": "test"})


def test_a_post_needs_the_csrf_header(client: TestClient) -> None:
    cookies = login(client)
    csrf = str(cookies["csrf_access_token"]["value"])
    note = {"text": "hello"}

    missing = client.post("/notes", json=note)
    wrong = client.post(
        "/notes", json=note, headers={"X-CSRF-TOKEN": str(cookies["csrf_refresh_token"]["value"])}
    )
    right = client.post("/notes", json=note, headers={"X-CSRF-TOKEN": csrf})

    assert (missing.status_code, missing.json()) == (401, MISSING_CSRF)
    assert missing.headers["WWW-Authenticate"].startswith('Bearer error="invalid_request"')
    assert (wrong.status_code, wrong.json()) == (401, MISMATCH)
    assert wrong.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert (right.status_code, right.json()) == (200, {"author": "test", "text": "hello"})


def test_refresh_takes_the_refresh_cookie_and_its_csrf_value(client: TestClient) -> None:
    cookies = login(client)
    old_csrf = str(cookies["csrf_access_token"]["value"])

    without = client.post("/refresh")
    with_access_csrf = client.post("/refresh", headers={"X-CSRF-TOKEN": old_csrf})
    response = client.post(
        "/refresh", headers={"X-CSRF-TOKEN": str(cookies["csrf_refresh_token"]["value"])}
    )

    assert (without.status_code, without.json()) == (401, MISSING_CSRF)
    assert (with_access_csrf.status_code, with_access_csrf.json()) == (401, MISMATCH)
    assert (response.status_code, response.json()) == (
        200,
        {"message": "Access token refreshed"},
    )
    renewed = set_cookies(response)
    assert set(renewed) == {"access_token_cookie", "csrf_access_token"}
    new_csrf = str(renewed["csrf_access_token"]["value"])
    assert new_csrf != old_csrf
    assert client.get("/me").json() == {"user": "test"}
    stale = client.post("/notes", json={"text": "x"}, headers={"X-CSRF-TOKEN": old_csrf})
    assert (stale.status_code, stale.json()) == (401, MISMATCH)
    fresh = client.post("/notes", json={"text": "x"}, headers={"X-CSRF-TOKEN": new_csrf})
    assert fresh.status_code == 200


def test_logout_deletes_the_four_cookies(client: TestClient) -> None:
    login(client)

    response = client.post("/logout")

    assert response.json() == {"message": "Logged out"}
    deleted = set_cookies(response)
    assert set(deleted) == {
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
    }
    for cookie in deleted.values():
        assert (cookie["value"], cookie["max-age"]) == ("", "0")
    assert deleted["refresh_token_cookie"]["path"] == "/refresh"
    assert not client.cookies
    assert client.get("/me").status_code == 401


def test_the_page_and_its_script_are_served(client: TestClient) -> None:
    page = client.get("/")
    script = client.get("/static/app.js")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.text == (STATIC / "index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="/static/app.js"></script>' in page.text
    assert script.status_code == 200
    assert script.headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_the_script_uses_the_applications_cookie_and_header_names() -> None:
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    config = tutorial001.config

    for name in (
        config.JWT_ACCESS_CSRF_COOKIE_NAME,
        config.JWT_REFRESH_CSRF_COOKIE_NAME,
        config.JWT_ACCESS_CSRF_HEADER_NAME,
    ):
        assert f'"{name}"' in script
    assert config.JWT_REFRESH_CSRF_HEADER_NAME == config.JWT_ACCESS_CSRF_HEADER_NAME
    routes = set(re.findall(r'send\("[A-Z]+", "(/[a-z]+)"', script))
    assert routes == {"/login", "/me", "/notes", "/refresh", "/logout"}
    # The page's element ids the script looks up all exist.
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    for element_id in re.findall(r'"#([a-z-]+)"', script):
        assert f'id="{element_id}"' in page


# Forms: the CSRF value in a hidden field.


@pytest.fixture
def form_client() -> Iterator[TestClient]:
    token = tutorial002.security.create_access_token(uid="test")
    with TestClient(tutorial002.app, base_url="https://testserver") as client:
        client.cookies.set("access_token_cookie", token)
        yield client


def csrf_of(client: TestClient) -> str:
    page = client.get("/account")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found[1]


def test_the_form_carries_the_tokens_csrf_value(form_client: TestClient) -> None:
    csrf = csrf_of(form_client)
    token = form_client.cookies["access_token_cookie"]

    assert csrf == tutorial002.security.verify_token_claims(token)["csrf"]
    assert "Close the account of test" in form_client.get("/account").text


def test_posting_the_form(form_client: TestClient) -> None:
    csrf = csrf_of(form_client)

    posted = form_client.post("/account/close", data={"csrf_token": csrf})
    header = form_client.post("/account/close", headers={"X-CSRF-TOKEN": csrf})
    without = form_client.post("/account/close", data={"other": "field"})
    wrong = form_client.post("/account/close", data={"csrf_token": "forged"})

    assert (posted.status_code, posted.json()) == (200, {"message": "Account of test closed"})
    assert header.status_code == 200
    assert (without.status_code, without.json()) == (401, MISSING_CSRF)
    assert (wrong.status_code, wrong.json()) == (401, MISMATCH)
