"""Implicit refresh of access cookies by the middleware."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import Depends, FastAPI, Response, WebSocket
from fastapi.testclient import TestClient

from fastjwt import FastJWT, FJWTConfig, RequestToken
from fastjwt.pipeline import AUTHENTICATED
from fastjwt.web.implicit_refresh import route_path
from tests.support import SECRET

REGISTRATION = {"how": "asgi"}


@pytest.fixture(autouse=True, params=["asgi", "0.4.1"])
def registration(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with both ways of registering the middleware."""
    monkeypatch.setitem(REGISTRATION, "how", request.param)


def make(**settings: Any) -> tuple[TestClient, FastJWT[object]]:
    return make_under("", settings)


def make_under(root_path: str, settings: dict[str, Any]) -> tuple[TestClient, FastJWT[object]]:
    config = FJWTConfig(
        **{
            "JWT_SECRET_KEY": SECRET,
            "JWT_TOKEN_LOCATION": ["cookies"],
            "JWT_COOKIE_SECURE": False,
            "JWT_IMPLICIT_REFRESH_DELTATIME": timedelta(minutes=10),
            **settings,
        }
    )
    security: FastJWT[object] = FastJWT(config)
    app = FastAPI()
    if REGISTRATION["how"] == "asgi":
        app.add_middleware(security.implicit_refresh)
    else:
        app.middleware("http")(security.implicit_refresh_middleware)

    @app.get("/data", dependencies=[Depends(security.access_token_required)])
    def data() -> str:
        return "data"

    @app.post("/data", dependencies=[Depends(security.access_token_required)])
    def post_data() -> str:
        return "posted"

    @app.get("/other", dependencies=[Depends(security.access_token_required)])
    def other() -> str:
        return "other"

    @app.get("/public")
    def public() -> str:
        return "public"

    @app.post("/login")
    def login() -> Response:
        return Response(status_code=401)

    @app.post("/logout")
    def logout(response: Response) -> str:
        security.unset_cookies(response)
        return "bye"

    mounted = FastAPI()

    @mounted.get("/data", dependencies=[Depends(security.access_token_required)])
    def mounted_data() -> str:
        return "mounted"

    app.mount("/sub", mounted)
    return TestClient(app, root_path=root_path), security


def soon(security: FastJWT[object], **claims: Any) -> str:
    return security.create_access_token(uid="alice", expiry=timedelta(minutes=2), **claims)


def renewed(response: Any) -> str | None:
    value = response.cookies.get("access_token_cookie")
    return value if isinstance(value, str) else None


def test_get_renews_a_cookie_about_to_expire() -> None:
    client, security = make()
    old = soon(security, role="admin", scopes=["read"])
    client.cookies.set("access_token_cookie", old)
    response = client.get("/data")
    assert response.json() == "data"
    new = renewed(response)
    assert new is not None
    assert new != old
    payload = security.verify_token(RequestToken(token=new, location="cookies"), verify_csrf=False)
    assert (payload.sub, payload.role, payload.scopes, payload.fresh) == (
        "alice",
        "admin",
        ["read"],
        False,
    )
    assert payload.exp is not None
    assert payload.iat is not None
    assert payload.exp - payload.iat == pytest.approx(15 * 60, abs=1)
    assert "csrf_access_token" in response.cookies


def test_renews_with_and_without_csrf_protection() -> None:
    client, security = make(JWT_COOKIE_CSRF_PROTECT=False)
    client.cookies.set("access_token_cookie", soon(security))
    response = client.post("/data")
    assert response.json() == "posted"
    assert renewed(response) is not None


def test_no_renewal_for_fresh_cookies_or_without_cookie() -> None:
    client, security = make()
    assert renewed(client.get("/public")) is None
    client.cookies.set("access_token_cookie", security.create_access_token(uid="alice"))
    assert renewed(client.get("/data")) is None


def test_no_renewal_for_invalid_or_expired_tokens() -> None:
    client, security = make()
    client.cookies.set("access_token_cookie", "garbage")
    response = client.get("/public")
    assert renewed(response) is None
    expired = security.create_access_token(uid="alice", expiry=timedelta(seconds=-5))
    client.cookies.set("access_token_cookie", expired)
    assert renewed(client.get("/public")) is None
    client.cookies.set("access_token_cookie", security.create_refresh_token(uid="alice"))
    assert renewed(client.get("/public")) is None


def test_no_renewal_on_logout() -> None:
    client, security = make()
    client.cookies.set("access_token_cookie", soon(security))
    response = client.post("/logout")
    access = [h for h in response.headers.get_list("set-cookie") if h.startswith("access_token")]
    assert len(access) == 1
    assert "Max-Age=0" in access[0]


def test_never_expiring_tokens_are_left_alone() -> None:
    client, security = make(JWT_ACCESS_TOKEN_EXPIRES=None)
    client.cookies.set("access_token_cookie", security.create_access_token(uid="alice"))
    assert renewed(client.get("/data")) is None


@pytest.mark.parametrize(
    ("settings", "method", "path", "expected"),
    [
        ({"JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": ["/data"]}, "GET", "/data", False),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": ["/data"]}, "GET", "/other", True),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE": ["/data"]}, "GET", "/data", True),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE": ["/data"]}, "GET", "/other", False),
        ({"JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE": ["GET"]}, "GET", "/data", False),
        ({"JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE": ["GET"]}, "POST", "/data", True),
        ({"JWT_IMPLICIT_REFRESH_METHOD_INCLUDE": ["GET"]}, "GET", "/data", True),
        ({"JWT_IMPLICIT_REFRESH_METHOD_INCLUDE": ["GET"]}, "POST", "/data", False),
    ],
)
def test_route_and_method_filters_work_as_named(
    settings: dict[str, list[str]], method: str, path: str, expected: bool
) -> None:
    client, security = make(JWT_COOKIE_CSRF_PROTECT=False, **settings)
    client.cookies.set("access_token_cookie", soon(security))
    response = client.request(method, path)
    assert response.status_code == 200
    assert (renewed(response) is not None) is expected


@pytest.mark.parametrize(
    ("settings", "path", "expected"),
    [
        ({"JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": ["/data"]}, "/api/data", False),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": ["/data"]}, "/api/other", True),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": ["/api/data"]}, "/api/data", True),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE": ["/data"]}, "/api/data", True),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE": ["/data"]}, "/api/other", False),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE": ["/sub/data"]}, "/api/sub/data", False),
        ({"JWT_IMPLICIT_REFRESH_ROUTE_INCLUDE": ["/sub/data"]}, "/api/sub/data", True),
    ],
    ids=[
        "excluded",
        "not-excluded",
        "full-path-is-not-the-route",
        "included",
        "not-included",
        "mounted-excluded",
        "mounted-included",
    ],
)
def test_route_filters_behind_a_proxy_compare_the_route_path(
    settings: dict[str, list[str]], path: str, expected: bool
) -> None:
    # `uvicorn --root-path /api`: the app sees /api/data with root_path "/api".
    client, security = make_under("/api", dict(settings))
    client.cookies.set("access_token_cookie", soon(security))
    response = client.get(path)
    assert response.status_code == 200
    assert (renewed(response) is not None) is expected


@pytest.mark.parametrize(
    ("path", "root_path", "route"),
    [
        ("/api/data", "/api", "/data"),
        ("/api", "/api", ""),
        ("/apix/data", "/api", "/apix/data"),
        ("/data", "/api", "/data"),
        ("/data", "", "/data"),
    ],
)
def test_route_path_is_the_path_less_the_root_path(path: str, root_path: str, route: str) -> None:
    assert route_path(path, root_path) == route


def test_renewal_reads_the_root_path_of_the_scope_when_not_given() -> None:
    _, security = make(JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE=["/data"])
    token = soon(security)
    found = RequestToken(token=token, location="cookies", csrf=None)
    payload = security.verify_token(found, verify_csrf=False)
    scope: dict[str, Any] = {
        "path": "/api/data",
        "root_path": "/api",
        "method": "GET",
        AUTHENTICATED: (found, payload),
    }
    assert security.implicit_refresh.renewal(scope, []) is None
    scope["path"] = "/api/other"
    assert security.implicit_refresh.renewal(scope, []) is not None


def test_only_requests_authenticated_by_a_dependency_are_renewed() -> None:
    client, security = make()
    client.cookies.set("access_token_cookie", soon(security))
    public = client.get("/public")
    assert (public.json(), renewed(public)) == ("public", None)
    failed_login = client.post("/login")
    assert (failed_login.status_code, renewed(failed_login)) == (401, None)
    refused = client.post("/data")  # no CSRF header: the dependency refuses the request
    assert (refused.status_code, renewed(refused)) == (401, None)
    not_allowed = client.put("/data")
    assert (not_allowed.status_code, renewed(not_allowed)) == (405, None)


def test_header_tokens_are_not_renewed_into_cookies() -> None:
    client, security = make(JWT_TOKEN_LOCATION=["headers", "cookies"])
    response = client.get("/data", headers={"Authorization": f"Bearer {soon(security)}"})
    assert (response.json(), renewed(response)) == ("data", None)


def test_revoked_cookie_is_not_renewed() -> None:
    client, security = make()
    token = soon(security)
    payload = security.verify_token(
        RequestToken(token=token, location="cookies"), verify_csrf=False
    )
    asyncio.run(security.revoke(payload))
    client.cookies.set("access_token_cookie", token)
    response = client.get("/data")
    assert (response.status_code, renewed(response)) == (401, None)


def test_the_middleware_passes_other_connections_through() -> None:
    security: FastJWT[object] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    started: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:  # a lifespan scope goes through
        started.append("yes")
        yield

    app = FastAPI(lifespan=lifespan)
    app.add_middleware(security.implicit_refresh)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    with TestClient(app) as client, client.websocket_connect("/ws") as socket:
        assert socket.receive_text() == "hello"
    assert started == ["yes"]
