"""Refresh, fresh tokens with a time limit, optional authentication, scopes, subjects, aliases."""

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.requests import Request

from fastjwt import (
    BadConfigurationError,
    FastJWT,
    FastJWTDeps,
    FJWTConfig,
    FreshTokenRequiredError,
    RequestToken,
    TokenPayload,
)
from tests.support import SECRET, bearer


class User(BaseModel):
    name: str


def make(**settings: Any) -> tuple[FastAPI, FastJWT[User]]:
    security: FastJWT[User] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, **settings), model=User)
    app = FastAPI()
    read = security.scopes_required("read")
    read_or_admin = security.scopes_required("read", "admin", any_of=True)
    both = security.scopes_required("read", "write")

    @app.post("/refresh")
    def refresh(payload: TokenPayload = security.REFRESH_REQUIRED) -> dict[str, str]:
        assert payload.sub is not None
        return {"access_token": security.create_access_token(uid=payload.sub)}

    @app.post("/password", dependencies=[security.FRESH_REQUIRED])
    def change_password() -> str:
        return "changed"

    @app.get("/hello")
    def hello(
        payload: Annotated[TokenPayload | None, Depends(security.access_token_optional)],
    ) -> str:
        return "hello anonymous" if payload is None else f"hello {payload.sub}"

    @app.get("/read", dependencies=[Depends(read)])
    def read_route() -> str:
        return "read"

    @app.get("/read-or-admin", dependencies=[Depends(read_or_admin)])
    def read_or_admin_route() -> str:
        return "ok"

    @app.get("/both", dependencies=[Depends(both)])
    def both_route() -> str:
        return "both"

    @app.get("/me")
    def me(user: User = security.CURRENT_SUBJECT) -> str:
        return user.name

    @app.get("/raw")
    def raw(token: RequestToken | None = security.ACCESS_TOKEN) -> str | None:
        return None if token is None else token.location

    @app.get("/bundle")
    def bundle(deps: FastJWTDeps[User] = security.BUNDLE) -> bool:
        return deps.request is not None and deps.response is not None

    return app, security


def test_refresh_gives_a_non_fresh_access_token() -> None:
    app, security = make()
    client = TestClient(app)
    refresh = security.create_refresh_token(uid="alice")
    new = client.post("/refresh", headers=bearer(refresh)).json()["access_token"]
    payload = security.verify_token(RequestToken(token=new, location="headers"))
    assert (payload.sub, payload.type, payload.fresh) == ("alice", "access", False)
    assert client.post("/refresh", headers=bearer(new)).status_code == 401
    assert client.post("/password", headers=bearer(new)).json() == {
        "detail": "Fresh token required"
    }


def test_freshness_can_expire_before_the_token() -> None:
    app, security = make(JWT_FRESH_TOKEN_MAX_AGE=timedelta(minutes=5))
    client = TestClient(app)
    fresh = security.create_access_token(uid="alice", fresh=True)
    assert client.post("/password", headers=bearer(fresh)).json() == "changed"
    security.config.JWT_FRESH_TOKEN_MAX_AGE = timedelta(microseconds=1)
    response = client.post("/password", headers=bearer(fresh))
    assert response.json() == {"detail": "Fresh token required"}
    assert "no longer fresh" in response.headers["WWW-Authenticate"]


def test_freshness_limit_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_FRESH_TOKEN_MAX_AGE", "300")
    assert timedelta(minutes=5) == FJWTConfig().JWT_FRESH_TOKEN_MAX_AGE


def test_optional_authentication() -> None:
    app, security = make()
    client = TestClient(app)
    assert client.get("/hello").json() == "hello anonymous"
    token = security.create_access_token(uid="alice")
    assert client.get("/hello", headers=bearer(token)).json() == "hello alice"
    assert client.get("/hello", headers=bearer("garbage")).status_code == 401
    assert client.get("/hello", headers={"Authorization": "Basic x"}).status_code == 401
    refresh = security.create_refresh_token(uid="alice")
    assert client.get("/hello", headers=bearer(refresh)).status_code == 401


def test_optional_cookie_without_csrf_is_not_anonymous() -> None:
    security = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_TOKEN_LOCATION=["cookies"], JWT_COOKIE_SECURE=False)
    )
    app = FastAPI()

    @app.post("/hello")
    def hello(
        payload: Annotated[TokenPayload | None, Depends(security.access_token_optional)],
    ) -> str | None:
        return None if payload is None else payload.sub

    client = TestClient(app)
    assert client.post("/hello").json() is None
    client.cookies.set("access_token_cookie", security.create_access_token(uid="alice"))
    assert client.post("/hello").json() == {"detail": "Missing CSRF double submit token in request"}


@pytest.mark.parametrize(
    ("scopes", "path", "status"),
    [
        (["read"], "/read", 200),
        (["write"], "/read", 403),
        (None, "/read", 403),
        (["admin"], "/read-or-admin", 200),
        (["read"], "/read-or-admin", 200),
        (["write"], "/read-or-admin", 403),
        (["read", "write"], "/both", 200),
        (["read"], "/both", 403),
    ],
)
def test_scopes(scopes: list[str] | None, path: str, status: int) -> None:
    app, security = make()
    token = security.create_access_token(
        uid="alice", data=None if scopes is None else {"scopes": scopes}
    )
    response = TestClient(app).get(path, headers=bearer(token))
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"detail": "Insufficient scope"}
        assert response.headers["WWW-Authenticate"].startswith(
            'Bearer error="insufficient_scope", scope="'
        )


def test_missing_token_on_a_scoped_route_is_still_401() -> None:
    app, _ = make()
    assert TestClient(app).get("/read").status_code == 401


def test_scopes_in_openapi() -> None:
    app, _ = make()
    paths = app.openapi()["paths"]
    assert paths["/read"]["get"]["security"] == [{"JWT": ["read"]}]
    assert paths["/both"]["get"]["security"] == [{"JWT": ["read", "write"]}]
    assert paths["/read-or-admin"]["get"]["security"] == [{"JWT": ["read", "admin"]}]


def test_scopes_of_the_wrong_type_are_a_401() -> None:
    app, security = make()
    token = security.create_access_token(uid="alice", scopes="read")
    response = TestClient(app).get("/read", headers=bearer(token))
    assert response.status_code == 401


def test_subject_getter_sync_runs_in_a_thread() -> None:
    app, security = make()
    seen: list[str] = []

    @security.set_subject_getter
    def get_user(uid: str) -> User | None:
        seen.append(threading.current_thread().name)
        return User(name=uid.upper()) if uid != "ghost" else None

    assert get_user("bob") == User(name="BOB")  # the decorator returns the function
    assert security.is_model_callback_set
    client = TestClient(app)
    assert client.get("/me", headers=bearer(security.create_access_token(uid="bob"))).json() == (
        "BOB"
    )
    assert seen[-1] != threading.main_thread().name
    response = client.get("/me", headers=bearer(security.create_access_token(uid="ghost")))
    assert (response.status_code, response.json()) == (401, {"detail": "Unknown subject"})
    assert client.get("/me").status_code == 401


def test_subject_getter_async_and_callable_objects() -> None:
    app, security = make()

    async def get_user(uid: str) -> User | None:
        await asyncio.sleep(0)
        return User(name=f"async {uid}")

    security.set_callback_get_model_instance(get_user)
    client = TestClient(app)
    token = security.create_access_token(uid="bob")
    assert client.get("/me", headers=bearer(token)).json() == "async bob"

    class Finder:
        async def __call__(self, uid: str) -> User:
            return User(name=f"object {uid}")

    security.set_subject_getter(Finder())
    assert client.get("/me", headers=bearer(token)).json() == "object bob"


def test_missing_subject_getter_is_a_configuration_error() -> None:
    app, security = make()
    assert not security.is_model_callback_set
    client = TestClient(app, raise_server_exceptions=True)
    with pytest.raises(BadConfigurationError, match="No subject getter is set"):
        client.get("/me", headers=bearer(security.create_access_token(uid="bob")))


@pytest.mark.anyio
async def test_get_current_subject_directly() -> None:
    _, security = make()
    security.set_subject_getter(lambda uid: User(name=uid))
    token = security.create_access_token(uid="carol")
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "query_string": b"",
            "headers": [(b"authorization", f"Bearer {token}".encode())],
        }
    )
    assert await security.get_current_subject(request) == User(name="carol")


def test_aliases_are_single_objects_and_work() -> None:
    app, security = make()
    for name in (
        "ACCESS_REQUIRED",
        "REFRESH_REQUIRED",
        "FRESH_REQUIRED",
        "ACCESS_TOKEN",
        "REFRESH_TOKEN",
        "CURRENT_SUBJECT",
        "BUNDLE",
    ):
        assert getattr(security, name) is getattr(security, name), name
    assert security.DEPENDENCY is security.BUNDLE
    assert security.ACCESS_REQUIRED.dependency is security.access_token_required
    client = TestClient(app)
    assert client.get("/raw").json() is None
    assert client.get("/raw", headers=bearer("anything")).json() == "headers"
    assert client.get("/bundle").json() is True


def test_token_finder_not_optional() -> None:
    _, security = make()
    finder = security.get_token_from_request("refresh", optional=False)
    app = FastAPI()

    @app.get("/raw")
    def raw(token: Annotated[RequestToken, Depends(finder)]) -> str:
        return token.type

    client = TestClient(app)
    assert client.get("/raw").json() == {"detail": "Missing JWT in request"}
    assert client.get("/raw", headers=bearer("x.y.z")).json() == "refresh"
    assert client.get("/raw", headers={"Authorization": "Basic x"}).status_code == 401


def test_dependencies_at_router_and_app_level_with_annotated_aliases() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    Payload = Annotated[TokenPayload, Depends(security.access_token_required)]  # noqa: N806
    router = APIRouter(dependencies=[security.ACCESS_REQUIRED])

    @router.get("/router")
    def in_router(payload: Payload) -> str | None:
        return payload.sub

    app = FastAPI()
    app.include_router(router)
    client = TestClient(app)
    token = security.create_access_token(uid="alice")
    assert client.get("/router").status_code == 401
    assert client.get("/router", headers=bearer(token)).json() == "alice"


def test_freshness_limit_counts_from_iat() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_FRESH_TOKEN_MAX_AGE=60))
    old = datetime.now(UTC) - timedelta(minutes=2)
    token = TokenPayload(
        sub="a", type="access", fresh=True, iat=old, jti="j", exp=timedelta(minutes=5)
    ).encode(SECRET)
    with pytest.raises(FreshTokenRequiredError):
        security.verify_token(RequestToken(token=token, location="headers"), verify_fresh=True)
