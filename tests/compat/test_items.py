"""The twelve ways an app written for fastjwt 0.4.1 broke (issue 11), one test each.

Each test shows 0.4.1's behaviour, or, where keeping it would be unsafe or
would ignore an argument, the documented `DeprecationWarning`. HTTP statuses
and `WWW-Authenticate` challenges stay FastJWT's (401, never 0.4.1's 422).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from fastjwt import (
    BadConfigurationError,
    CSRFError,
    FastJWT,
    FastJWTDeps,
    FJWTConfig,
    JWTDecodeError,
    MissingCSRFTokenError,
    RequestToken,
    TokenPayload,
)
from tests.support import SECRET, bearer


def request_with(token: str) -> Request:
    headers = [(b"authorization", f"Bearer {token}".encode())]
    return Request({"type": "http", "method": "GET", "headers": headers, "query_string": b""})


@pytest.fixture
def security() -> FastJWT[dict[str, str]]:
    security: FastJWT[dict[str, str]] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    security.set_subject_getter(lambda uid: {"id": uid})
    return security


def test_item_01_request_token_verify_checks_csrf(security: FastJWT[Any]) -> None:
    """`verify(..., verify_csrf=True)` raises `CSRFError` for a wrong or a missing value."""
    token = security.create_access_token(uid="alice")
    csrf = security.verify_token_claims(token)["csrf"]
    good = RequestToken(token=token, csrf=csrf, location="cookies")
    assert good.verify(SECRET, verify_csrf=True).sub == "alice"
    for sent in ("wrong", None):
        found = RequestToken(token=token, csrf=sent, location="cookies")
        with pytest.raises(CSRFError):
            found.verify(SECRET, verify_csrf=True)
        assert found.verify(SECRET, verify_csrf=False).sub == "alice"
    with pytest.raises(MissingCSRFTokenError):  # the precise class, for a missing value
        RequestToken(token=token, location="cookies").verify(SECRET)


def test_item_02_the_bundle_gives_the_current_subject(security: FastJWT[Any]) -> None:
    app = FastAPI()

    @app.get("/me")
    async def me(deps: FastJWTDeps = security.BUNDLE) -> dict[str, str]:
        user: dict[str, str] = await deps.get_current_subject()
        return user

    response = TestClient(app).get("/me", headers=bearer(security.create_access_token("alice")))
    assert (response.status_code, response.json()) == (200, {"id": "alice"})


def test_item_03_depends_on_get_current_subject(security: FastJWT[Any]) -> None:
    app = FastAPI()

    @app.get("/me")
    def me(user: dict[str, str] = Depends(security.get_current_subject)) -> dict[str, str]:  # noqa: B008
        return user

    client = TestClient(app)
    response = client.get("/me", headers=bearer(security.create_access_token("alice")))
    assert (response.status_code, response.json()) == (200, {"id": "alice"})
    assert client.get("/me").status_code == 401  # never a 422 for a `request` parameter
    assert "parameters" not in app.openapi()["paths"]["/me"]["get"]


def make_app(security: FastJWT[Any]) -> FastAPI:
    app = FastAPI()
    security.handle_errors(app)

    @app.get("/protected", dependencies=[Depends(security.access_token_required)])
    def protected() -> str:
        return "ok"

    return app


def test_item_04_handle_errors_writes_message_and_error_type(security: FastJWT[Any]) -> None:
    client = TestClient(make_app(security))
    response = client.get("/protected")
    assert (response.status_code, response.json()) == (
        401,
        {"message": "Missing JWT in request", "error_type": "MissingTokenError"},
    )
    assert response.headers["WWW-Authenticate"] == "Bearer"
    refresh = security.create_refresh_token(uid="alice")
    response = client.get("/protected", headers=bearer(refresh))
    assert response.json() == {
        "message": "Access token required",
        "error_type": "AccessTokenRequiredError",
    }


def test_item_05_an_expired_tokens_message_is_the_reason(security: FastJWT[Any]) -> None:
    client = TestClient(make_app(security))
    expired = security.create_access_token(uid="alice", expiry=timedelta(seconds=-1))
    response = client.get("/protected", headers=bearer(expired))
    assert response.status_code == 401  # 0.4.1 answered 422: a verified defect
    assert response.json() == {"message": "Signature has expired", "error_type": "JWTDecodeError"}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="The token has expired"'
    )


@pytest.mark.anyio
async def test_item_06_dependencies_take_the_request_as_a_keyword(
    security: FastJWT[Any],
) -> None:
    request = request_with(security.create_access_token(uid="alice", fresh=True))
    payload = await security.access_token_required(request=request)
    assert payload is not None
    assert payload.sub == "alice"
    fresh = await security.fresh_token_required(request=request)
    assert fresh is not None
    assert fresh.fresh
    assert await security.get_current_subject(request=request) == {"id": "alice"}
    custom = security.token_required(verify_csrf=False)
    checked = await custom(request=request)
    assert checked is not None
    assert checked.sub == "alice"


def test_item_07_ignored_arguments_are_accepted_with_a_warning(security: FastJWT[Any]) -> None:
    with pytest.warns(DeprecationWarning, match="ignores fresh=True") as caught:
        refresh = security.create_refresh_token("alice", fresh=True)
    assert caught[0].filename == __file__  # the warning points at the caller
    claims = security.verify_token_claims(refresh)
    assert (claims["type"], claims["fresh"]) == ("refresh", False)
    with pytest.warns(DeprecationWarning, match="ignores extra positional arguments"):
        access = security.create_access_token("alice", True, None, None, None, None, "extra")
    assert security.verify_token_claims(access)["fresh"] is True
    with pytest.warns(DeprecationWarning, match="ignores extra positional arguments"):
        security.create_refresh_token("alice", None, None, None, None, "extra")
    bundle: FastJWTDeps[Any] = FastJWTDeps(security)
    with pytest.warns(DeprecationWarning, match="ignores") as caught:
        bundle.create_refresh_token("alice", None, None, None, None, "extra", fresh=True)
    assert [warning.filename for warning in caught] == [__file__, __file__]
    with pytest.warns(DeprecationWarning, match="ignores extra positional arguments"):
        bundle.create_access_token("alice", False, None, None, None, None, "extra")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fresh=False asks for nothing the token lacks
        security.create_refresh_token("alice", fresh=False)
        bundle.create_refresh_token("alice")


def test_item_08_the_0_4_1_import_paths() -> None:
    import fastjwt  # noqa: PLC0415 - the import statements are what is tested
    from fastjwt.dependencies import FastJWTDeps as Deps  # noqa: PLC0415
    from fastjwt.fastjwt import FastJWT as Facade  # noqa: PLC0415
    from fastjwt.types import (  # noqa: PLC0415
        HTTPMethods,
        ModelCallback,
        ObjOrSeq,
        TokenCallback,
    )

    assert Facade is fastjwt.FastJWT
    assert Deps is fastjwt.FastJWTDeps
    assert all(alias is not None for alias in (HTTPMethods, ModelCallback, ObjOrSeq, TokenCallback))


def test_item_09_str_of_an_error_is_its_message() -> None:
    error = JWTDecodeError("x")
    assert str(error) == "x"
    assert (error.status_code, error.detail) == (401, "x")  # still an HTTPException


def test_item_10_key_helpers_and_a_header_type_of_none() -> None:
    config = FJWTConfig()
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set"):
        _ = config.PRIVATE_KEY
    config.JWT_SECRET_KEY = SECRET
    assert config.PRIVATE_KEY == config.PUBLIC_KEY == SECRET
    config.JWT_HEADER_TYPE = None  # type: ignore[assignment]
    security = FastJWT(config)
    app = FastAPI()

    @app.get("/protected", dependencies=[Depends(security.access_token_required)])
    def protected() -> str:
        return "ok"

    token = security.create_access_token(uid="alice")
    assert TestClient(app).get("/protected", headers={"Authorization": token}).json() == "ok"


def test_item_11_time_claims_assigned_after_construction() -> None:
    payload = TokenPayload(sub="alice")
    issued = datetime(2024, 1, 1, tzinfo=UTC)
    payload.iat = issued  # type: ignore[assignment]
    payload.exp = timedelta(hours=1)  # type: ignore[assignment]
    assert payload.issued_at == issued
    assert payload.expiry_datetime is not None
    assert payload.expiry_datetime - datetime.now(UTC) > timedelta(minutes=59)
    payload.exp = issued + timedelta(days=1)  # type: ignore[assignment]
    assert payload.expiry_datetime == datetime(2024, 1, 2, tzinfo=UTC)


def test_item_12_a_missing_subject_getter_fails_the_startup() -> None:
    """0.4.1 answered 500 at the first request; with handle_errors the app does not start."""
    security: FastJWT[dict[str, str]] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    app = make_app(security)

    @app.get("/me")
    def me(user: dict[str, str] = security.CURRENT_SUBJECT) -> dict[str, str]:
        return user  # pragma: no cover - the app never starts

    with pytest.raises(BadConfigurationError, match="set_subject_getter"), TestClient(app):
        pytest.fail("the application should not have started")  # pragma: no cover
