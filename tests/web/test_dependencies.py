"""The dependency objects: their schemes, their calls outside FastAPI, the subject dependency."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.security.base import SecurityBase
from fastapi.testclient import TestClient
from starlette.requests import Request

from fastjwt import BadConfigurationError, FastJWT, FastJWTDeps, FJWTConfig, TokenRequired
from tests.support import SECRET, bearer

pytestmark = pytest.mark.anyio


def request(headers: dict[str, str]) -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": raw})


def test_a_documented_dependency_is_its_own_security_scheme() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    plain = security.access_token_required
    assert isinstance(plain, SecurityBase)
    assert plain.scheme_name == "JWT"
    assert list(plain.__signature__.parameters) == ["request"]
    scoped = security.scopes_required("read")
    assert not isinstance(scoped, SecurityBase)  # scopes need a Security sub-dependency
    assert list(scoped.__signature__.parameters) == ["request", "_JWT"]
    json_only = security.token_required(locations=["json"])
    assert not isinstance(json_only, SecurityBase)
    assert list(json_only.__signature__.parameters) == ["request"]
    both = security.token_required(locations=["headers", "cookies"])
    assert isinstance(both, SecurityBase)
    assert list(both.__signature__.parameters) == ["request", "_JWTCookie"]


def test_a_scheme_whose_locations_lost_their_scheme_still_describes_one() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    dependency = security.access_token_required
    assert isinstance(dependency, SecurityBase)
    security.config.JWT_TOKEN_LOCATION = ["json"]
    assert dependency.scheme_name == "JWT"
    assert dependency.model.model_dump()["scheme"] == "bearer"


def test_a_custom_header_is_an_api_key_scheme() -> None:
    security: FastJWT[Any] = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_HEADER_NAME="X-Token", JWT_HEADER_TYPE="")
    )
    app = FastAPI()

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "ok"

    schemes = app.openapi()["components"]["securitySchemes"]
    assert schemes["JWTHeader"]["type"] == "apiKey"
    assert schemes["JWTHeader"]["in"] == "header"
    assert schemes["JWTHeader"]["name"] == "X-Token"


async def test_dependencies_can_be_awaited_with_a_request_by_keyword() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    token = security.create_access_token(uid="alice")
    payload = await security.access_token_required(request=request(bearer(token)))
    assert payload is not None
    assert payload.sub == "alice"
    assert isinstance(security.access_token_required, TokenRequired)


async def test_the_subject_dependency_called_directly() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    token = security.create_access_token(uid="alice")
    with pytest.raises(BadConfigurationError, match="set_subject_getter"):
        await security.get_current_subject(request(bearer(token)))
    security.set_subject_getter(lambda uid: {"name": uid})
    assert await security.get_current_subject(request(bearer(token))) == {"name": "alice"}
    with pytest.raises(TypeError, match="needs the request"):
        await security.get_current_subject()


def test_the_bundle_gives_the_current_subject() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    security.set_subject_getter(lambda uid: {"name": uid})
    app = FastAPI()

    @app.get("/me")
    async def me(deps: FastJWTDeps[Any] = Depends(security.get_dependency)) -> Any:  # noqa: B008
        return await deps.get_current_subject()

    client = TestClient(app)
    token = security.create_access_token(uid="alice")
    assert client.get("/me", headers=bearer(token)).json() == {"name": "alice"}
    assert client.get("/me").status_code == 401


async def test_a_bundle_without_a_request_says_so() -> None:
    security: FastJWT[Any] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    with pytest.raises(ValueError, match="No request to authenticate"):
        await FastJWTDeps(security).get_current_subject()
