"""Token cookies, the CSRF double submit, and the FastJWTDeps bundle."""

from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from starlette.responses import Response

from fastjwt import FastJWT, FastJWTDeps, FJWTConfig
from tests.support import SECRET
from tests.support.locations_app import make_app


def _cookies(response: Response) -> dict[str, SimpleCookie]:
    parsed: dict[str, SimpleCookie] = {}
    for name, value in response.raw_headers:
        if name == b"set-cookie":
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(value.decode())
            parsed[next(iter(cookie))] = cookie
    return parsed


def _attributes(response: Response, name: str) -> dict[str, object]:
    morsel = _cookies(response)[name][name]
    return {key: morsel[key] for key in morsel if morsel[key] != ""} | {"value": morsel.value}


def test_set_cookies_for_each_type_with_csrf_companions() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    response = Response()
    access = security.create_access_token(uid="alice")
    refresh = security.create_refresh_token(uid="alice")
    security.set_access_cookies(access, response)
    security.set_refresh_cookies(refresh, response, max_age=60)
    assert set(_cookies(response)) == {
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
    }
    token_cookie = _attributes(response, "access_token_cookie")
    assert token_cookie == {
        "value": access,
        "path": "/",
        "samesite": "lax",
        "secure": True,
        "httponly": True,
    }
    csrf_cookie = _attributes(response, "csrf_access_token")
    assert "httponly" not in csrf_cookie
    assert csrf_cookie["value"] == security.verify_token_claims(access)["csrf"]
    assert _attributes(response, "refresh_token_cookie")["max-age"] == "60"
    assert _attributes(response, "csrf_refresh_token")["max-age"] == "60"


def test_cookie_settings_are_all_wired() -> None:
    config = FJWTConfig(
        JWT_SECRET_KEY=SECRET,
        JWT_ACCESS_COOKIE_NAME="a",
        JWT_ACCESS_COOKIE_PATH="/api",
        JWT_ACCESS_CSRF_COOKIE_NAME="ca",
        JWT_ACCESS_CSRF_COOKIE_PATH="/",
        JWT_REFRESH_COOKIE_NAME="r",
        JWT_REFRESH_COOKIE_PATH="/auth/refresh",
        JWT_REFRESH_CSRF_COOKIE_NAME="cr",
        JWT_REFRESH_CSRF_COOKIE_PATH="/auth",
        JWT_COOKIE_DOMAIN="example.test",
        JWT_COOKIE_SECURE=False,
        JWT_COOKIE_SAMESITE="Strict",
        JWT_COOKIE_MAX_AGE=120,
    )
    security = FastJWT(config)
    response = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), response)
    security.set_refresh_cookies(security.create_refresh_token(uid="a"), response)
    seen = {name: _attributes(response, name) for name in ("a", "ca", "r", "cr")}
    assert {name: attrs["path"] for name, attrs in seen.items()} == {
        "a": "/api",
        "ca": "/",
        "r": "/auth/refresh",
        "cr": "/auth",
    }
    for attrs in seen.values():
        assert attrs["domain"] == "example.test"
        assert attrs["samesite"] == "strict"
        assert attrs["max-age"] == "120"
        assert "secure" not in attrs


def test_session_cookies_or_token_lifetime() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    session = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), session)
    assert "max-age" not in _attributes(session, "access_token_cookie")

    security.config.JWT_SESSION_COOKIE = False
    lasting = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), lasting)
    assert 890 <= int(str(_attributes(lasting, "access_token_cookie")["max-age"])) <= 900

    security.config.JWT_ACCESS_TOKEN_EXPIRES = None
    endless = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), endless)
    assert "max-age" not in _attributes(endless, "access_token_cookie")


def test_samesite_none_and_no_samesite() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_COOKIE_SAMESITE="None"))
    response = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), response)
    assert _attributes(response, "access_token_cookie")["samesite"] == "none"
    security.config.JWT_COOKIE_SAMESITE = None
    response = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), response)
    assert "samesite" not in _attributes(response, "access_token_cookie")


def test_no_csrf_cookie_without_csrf_in_cookies_or_protection() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_CSRF_IN_COOKIES=False))
    response = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), response)
    security.unset_access_cookies(response)
    assert set(_cookies(response)) == {"access_token_cookie"}

    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_COOKIE_CSRF_PROTECT=False))
    response = Response()
    token = security.create_access_token(uid="a")
    assert "csrf" not in security.verify_token_claims(token)
    security.set_access_cookies(token, response)
    assert set(_cookies(response)) == {"access_token_cookie"}


@pytest.mark.parametrize(
    ("method", "cleared"),
    [
        ("unset_access_cookies", {"access_token_cookie", "csrf_access_token"}),
        ("unset_refresh_cookies", {"refresh_token_cookie", "csrf_refresh_token"}),
        (
            "unset_cookies",
            {
                "access_token_cookie",
                "csrf_access_token",
                "refresh_token_cookie",
                "csrf_refresh_token",
            },
        ),
    ],
)
def test_unset_clears_the_right_cookies(method: str, cleared: set[str]) -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    response = Response()
    getattr(security, method)(response)
    assert set(_cookies(response)) == cleared
    for name in cleared:
        attributes = _attributes(response, name)
        assert (attributes["value"], attributes["max-age"]) == ("", "0")


@pytest.mark.parametrize(
    ("method", "cleared"),
    [
        ("unset_access_cookies", {"access_token_cookie", "csrf_access_token"}),
        ("unset_refresh_cookies", {"refresh_token_cookie", "csrf_refresh_token"}),
    ],
)
def test_bundle_unsets_the_right_cookies(method: str, cleared: set[str]) -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    response = Response()
    deps = FastJWTDeps(security, response=response)
    getattr(deps, method)()
    assert set(_cookies(response)) == cleared
    assert deps.response is response
    assert deps.request is None


def test_bundle_needs_a_response() -> None:
    deps = FastJWTDeps(FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET)))
    with pytest.raises(ValueError, match="No response to write cookies to"):
        deps.unset_cookies()
    other = Response()
    deps.set_access_cookies(deps.create_access_token(uid="a"), other)
    deps.set_refresh_cookies(deps.create_refresh_token(uid="a"), other)
    assert "refresh_token_cookie" in _cookies(other)


@pytest.fixture
def browser() -> TestClient:
    app, _ = make_app()
    client = TestClient(app)
    assert client.post("/login").status_code == 200
    return client


def test_login_sets_cookies_and_get_needs_no_csrf(browser: TestClient) -> None:
    assert browser.get("/me").json() == "alice"


def test_post_with_the_csrf_header_passes(browser: TestClient) -> None:
    csrf = browser.cookies["csrf_access_token"]
    response = browser.post("/me", headers={"X-CSRF-TOKEN": csrf})
    assert (response.status_code, response.json()) == (200, "alice")


def test_post_without_csrf_is_a_distinct_401(browser: TestClient) -> None:
    response = browser.post("/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Missing CSRF double submit token in request"}
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_request"')


@pytest.mark.parametrize(
    "value", ["wrong", "\u00e9\u00e8", "x" * 500], ids=["ascii", "latin-1", "long"]
)
def test_post_with_a_wrong_csrf_is_another_401(browser: TestClient, value: str) -> None:
    response = browser.post("/me", headers=[(b"X-CSRF-TOKEN", value.encode("latin-1"))])
    assert response.status_code == 401
    assert response.json() == {"detail": "CSRF double submit does not match"}
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_utf8_csrf_header_is_a_401(browser: TestClient) -> None:
    response = browser.post("/me", headers=[(b"X-CSRF-TOKEN", "\u2603".encode())])
    assert response.status_code == 401


def test_two_csrf_headers_are_refused(browser: TestClient) -> None:
    csrf = browser.cookies["csrf_access_token"]
    response = browser.post("/me", headers=[(b"X-CSRF-TOKEN", csrf.encode())] * 2)
    assert response.json() == {"detail": "Send one X-CSRF-TOKEN header, not 2"}


def test_verify_csrf_per_route(browser: TestClient) -> None:
    assert browser.post("/no-csrf").json() == "alice"
    response = browser.get("/always-csrf")
    assert response.json() == {"detail": "Missing CSRF double submit token in request"}
    csrf = browser.cookies["csrf_access_token"]
    assert browser.get("/always-csrf", headers={"X-CSRF-TOKEN": csrf}).json() == "alice"


def test_token_without_csrf_claim_fails_the_check() -> None:
    app, security = make_app()
    client = TestClient(app)
    security.config.JWT_COOKIE_CSRF_PROTECT = False
    token = security.create_access_token(uid="alice")
    client.cookies.set("access_token_cookie", token)
    assert client.post("/me").json() == "alice"
    response = client.get("/always-csrf", headers={"X-CSRF-TOKEN": "anything"})
    assert response.json() == {"detail": "The token carries no CSRF value"}


def test_csrf_methods_are_configurable() -> None:
    app, _ = make_app(JWT_CSRF_METHODS=["GET"])
    client = TestClient(app)
    client.post("/login")
    assert client.get("/me").json() == {"detail": "Missing CSRF double submit token in request"}
    assert client.post("/me").json() == "alice"


def test_csrf_from_a_form_field() -> None:
    app, _ = make_app(JWT_CSRF_CHECK_FORM=True)
    client = TestClient(app)
    client.post("/login")
    csrf = client.cookies["csrf_access_token"]
    assert client.post("/me", data={"csrf_token": csrf}).json() == "alice"
    response = client.post("/me", data={"csrf_token": "wrong"})
    assert response.json() == {"detail": "CSRF double submit does not match"}
    response = client.post("/me", data={"other": csrf})
    assert response.json() == {"detail": "Missing CSRF double submit token in request"}
    response = client.post(
        "/me",
        content=b"csrf_token=a&csrf_token=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.json() == {"detail": "Send the csrf_token form field once"}
    response = client.post("/me", json={"csrf_token": csrf})
    assert response.json() == {"detail": "Missing CSRF double submit token in request"}


def test_form_is_not_read_when_disabled(browser: TestClient) -> None:
    csrf = browser.cookies["csrf_access_token"]
    response = browser.post("/me", data={"csrf_token": csrf})
    assert response.json() == {"detail": "Missing CSRF double submit token in request"}


def test_logout_clears_the_cookies(browser: TestClient) -> None:
    csrf = browser.cookies["csrf_access_token"]
    assert browser.post("/logout").json() == "bye"
    assert "access_token_cookie" not in browser.cookies
    assert "csrf_access_token" not in browser.cookies
    assert "refresh_token_cookie" not in browser.cookies
    response = browser.post("/me", headers={"X-CSRF-TOKEN": csrf})
    assert response.status_code == 401


def test_setting_a_cookie_needs_a_real_token() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    with pytest.raises(ValueError, match="Not a JWT: The token is malformed"):
        security.set_access_cookies("garbage", Response())
