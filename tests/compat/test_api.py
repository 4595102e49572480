"""Every public name of fastjwt 0.4.1's API reference, used the way its documentation uses it.

An application written for 0.4.1 keeps running after the upgrade, its HMAC
secret aside (RFC 7518's minimum length). Where a test shows a difference, it
is one of 0.4.1's verified defects, fixed; the migration guide lists them all.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi import Depends, FastAPI, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.requests import Request

import fastjwt
from fastjwt import (
    AccessTokenRequiredError,
    BadConfigurationError,
    CSRFError,
    FastJWT,
    FastJWTDeps,
    FastJWTException,
    FJWTConfig,
    FreshTokenRequiredError,
    JWTDecodeError,
    MissingCSRFTokenError,
    MissingTokenError,
    NoAuthorizationError,
    RefreshTokenRequiredError,
    RequestToken,
    RevokedTokenError,
    TokenError,
    TokenPayload,
    TokenRequiredError,
    TokenTypeError,
)
from fastjwt import types as types_0_4_1
from tests.support import SECRET, bearer

MSG_DEFAULTS_0_4_1 = {
    "MSG_DEFAULT": "FastJWTException",
    "MSG_TOKEN_ERROR": "Token Error",
    "MSG_MISSING_TOKEN_ERROR": "Missing JWT in request",
    "MSG_MISSING_CSRF_ERROR": "Missing CSRF double submit token in request",
    "MSG_TOKEN_TYPE_ERROR": "Bad token type",
    "MSG_REVOKED_TOKEN_ERROR": "Invalid token",
    "MSG_TOKEN_REQUIRED_ERROR": "Token required",
    "MSG_FRESH_TOKEN_REQUIRED_ERROR": "Fresh token required",
    "MSG_ACCESS_TOKEN_REQUIRED_ERROR": "Access token required",
    "MSG_REFRESH_TOKEN_REQUIRED_ERROR": "Refresh token required",
    "MSG_CSRF_ERROR": "CSRF double submit does not match",
    "MSG_DECODE_JWT_ERROR": "Invalid Token",
}


class User(BaseModel):
    username: str


def make_config() -> FJWTConfig:
    """0.4.1's base usage: a configuration assigned field by field."""
    config = FJWTConfig()
    config.JWT_ALGORITHM = "HS256"
    config.JWT_SECRET_KEY = SECRET
    config.JWT_TOKEN_LOCATION = ["headers", "cookies", "json", "query"]
    config.JWT_COOKIE_SECURE = False
    return config


def cookie_header(**cookies: str) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


def csrf_of(security: FastJWT[Any], token: str) -> str:
    csrf: str = security.verify_token_claims(token)["csrf"]
    return csrf


# Construction and configuration


def test_every_way_0_4_1_built_the_facade() -> None:
    config = make_config()
    assert FastJWT(config).config is config
    assert FastJWT(config, User).model is User
    assert FastJWT(config=config, model=User).model is User
    assert FastJWT[User](config).config is config
    security: FastJWT[User] = FastJWT()
    security.load_config(config)
    assert security.config is config
    assert fastjwt.__version__


def test_config_helpers() -> None:
    config = make_config()
    assert config.is_algo_symmetric
    assert not config.is_algo_asymmetric
    assert config.PRIVATE_KEY == config.PUBLIC_KEY == SECRET
    assert config.has_location("query")
    config.JWT_TOKEN_LOCATION = ["headers"]
    assert not config.has_location("query")


# Creating tokens, and the locations


def login_app(security: FastJWT[Any]) -> FastAPI:
    app = FastAPI()

    @app.post("/login")
    def login(response: Response) -> dict[str, str]:
        access = security.create_access_token(uid="alice", fresh=True, data={"role": "admin"})
        refresh = security.create_refresh_token(uid="alice")
        security.set_access_cookies(access, response)
        security.set_refresh_cookies(refresh, response)
        return {"access_token": access, "refresh_token": refresh}

    @app.api_route("/protected", methods=["GET", "POST"])
    def protected(payload: TokenPayload = Depends(security.access_token_required)) -> Any:  # noqa: B008 - 0.4.1's style
        return {"sub": payload.sub, "role": payload.role, "location": "ok"}

    @app.post("/refresh")
    def refresh(payload: TokenPayload = Depends(security.refresh_token_required)) -> Any:  # noqa: B008 - 0.4.1's style
        return {"access_token": security.create_access_token(uid=str(payload.sub))}

    @app.post("/sensitive", dependencies=[Depends(security.fresh_token_required)])
    def sensitive() -> str:
        return "fresh"

    @app.post("/logout")
    def logout(response: Response) -> str:
        security.unset_cookies(response)
        return "bye"

    return app


def test_login_then_every_location() -> None:
    security = FastJWT(make_config())
    client = TestClient(login_app(security))
    tokens = client.post("/login").json()
    client.cookies.clear()  # each request below sends its token one way only
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    expected = {"sub": "alice", "role": "admin", "location": "ok"}  # 0.4.1 dropped `data`
    assert client.get("/protected", headers=bearer(access)).json() == expected
    assert client.get(f"/protected?token={access}").json() == expected
    assert client.post("/protected", json={"access_token": access}).json() == expected
    cookies = cookie_header(access_token_cookie=access)
    assert client.get("/protected", headers=cookies).json() == expected
    assert client.post("/protected", headers=cookies).status_code == 401  # no CSRF header
    csrf = {"X-CSRF-TOKEN": csrf_of(security, access)}
    assert client.post("/protected", headers=cookies | csrf).json() == expected
    # 0.4.1 never found a refresh token in the Authorization header: a verified defect.
    assert client.post("/refresh", headers=bearer(refresh)).status_code == 200
    assert client.post("/sensitive", headers=bearer(access)).json() == "fresh"
    renewed = client.post("/refresh", json={"refresh_token": refresh}).json()["access_token"]
    assert client.post("/sensitive", headers=bearer(renewed)).status_code == 401


def test_create_token_arguments() -> None:
    security = FastJWT(make_config())
    expiry = datetime.now(UTC) + timedelta(hours=1)
    token = security.create_access_token(
        uid="alice",
        fresh=False,
        headers={"x-app": "demo"},
        expiry=expiry,
        data={"role": "admin"},
        audience="api",
        tenant=3,
    )
    assert jwt.get_unverified_header(token)["x-app"] == "demo"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="api")
    assert (claims["role"], claims["tenant"], claims["exp"]) == (
        "admin",
        3,
        int(expiry.timestamp()),
    )
    refresh = security.create_refresh_token("alice", None, timedelta(days=1), {"role": "a"}, "api")
    assert jwt.decode(refresh, SECRET, algorithms=["HS256"], audience="api")["role"] == "a"


def test_cookie_helpers_set_and_clear_their_own_cookies() -> None:
    security = FastJWT(make_config())
    client = TestClient(login_app(security))
    login = client.post("/login")
    assert set(login.cookies) == {
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
    }
    cleared = client.post("/logout").headers.get_list("set-cookie")
    assert sorted(header.split("=")[0] for header in cleared) == [
        "access_token_cookie",
        "csrf_access_token",
        "csrf_refresh_token",
        "refresh_token_cookie",
    ]
    for helper in (security.unset_access_cookies, security.unset_refresh_cookies):
        response = Response()
        helper(response)
        assert len(response.headers.getlist("set-cookie")) == 2
    response = Response()
    security.set_access_cookies(security.create_access_token(uid="a"), response, max_age=60)
    security.set_refresh_cookies(security.create_refresh_token(uid="a"), response, max_age=60)
    assert all("Max-Age=60" in value for value in response.headers.getlist("set-cookie"))


def test_the_bundle_sets_cookies_on_the_response_it_was_given() -> None:
    security = FastJWT(make_config())
    response = Response()
    deps: FastJWTDeps[Any] = FastJWTDeps(security, None, response)
    assert (deps.request, deps.response) == (None, response)
    deps.set_access_cookies(deps.create_access_token(uid="alice"))
    deps.set_refresh_cookies(deps.create_refresh_token(uid="alice"), max_age=30)
    assert len(response.headers.getlist("set-cookie")) == 4
    cleared = Response()
    deps.unset_refresh_cookies(cleared)  # 0.4.1 cleared the access cookie here: a defect
    assert sorted(value.split("=")[0] for value in cleared.headers.getlist("set-cookie")) == [
        "csrf_refresh_token",
        "refresh_token_cookie",
    ]
    deps.unset_access_cookies()
    deps.unset_cookies()
    assert len(response.headers.getlist("set-cookie")) == 10


# Dependencies


def test_every_dependency_alias() -> None:
    security: FastJWT[User] = FastJWT(make_config(), model=User)
    security.set_subject_getter(lambda uid: User(username=uid))
    app = FastAPI()

    @app.get("/access")
    def access(payload: TokenPayload = security.ACCESS_REQUIRED) -> str | None:
        return payload.sub

    @app.post("/refresh")
    def refresh(payload: TokenPayload = security.REFRESH_REQUIRED) -> str | None:
        return payload.type

    @app.post("/fresh")
    def fresh(payload: TokenPayload = security.FRESH_REQUIRED) -> bool:
        return payload.fresh

    @app.get("/token")
    def token(found: RequestToken | None = security.ACCESS_TOKEN) -> str | None:
        return None if found is None else found.location

    @app.get("/refresh-token")
    def refresh_token(found: RequestToken | None = security.REFRESH_TOKEN) -> str | None:
        return None if found is None else found.type

    @app.get("/me")
    def me(user: User = security.CURRENT_SUBJECT) -> str:
        return user.username

    @app.get("/bundle")
    async def bundle(deps: FastJWTDeps = security.BUNDLE) -> str:
        user: User = await deps.get_current_subject()
        return user.username

    @app.get("/dependency")
    def dependency(deps: FastJWTDeps = security.DEPENDENCY) -> bool:
        return deps.request is not None and deps.response is not None

    @app.get("/get-dependency")
    def get_dependency(deps: FastJWTDeps = Depends(security.get_dependency)) -> bool:  # noqa: B008 - 0.4.1's style
        return isinstance(deps, FastJWTDeps)

    client = TestClient(app)
    with_access = bearer(security.create_access_token(uid="alice", fresh=True))
    with_refresh = bearer(security.create_refresh_token(uid="alice"))
    assert client.get("/access", headers=with_access).json() == "alice"
    assert client.post("/refresh", headers=with_refresh).json() == "refresh"
    assert client.post("/fresh", headers=with_access).json() is True
    assert client.get("/token").json() is None
    assert client.get("/token", headers=with_access).json() == "headers"
    assert client.get("/refresh-token", headers=with_refresh).json() == "refresh"
    assert client.get("/me", headers=with_access).json() == "alice"
    assert client.get("/bundle", headers=with_access).json() == "alice"
    assert client.get("/dependency").json() is True
    assert client.get("/get-dependency").json() is True
    assert security.ACCESS_REQUIRED is security.ACCESS_REQUIRED  # one object: overrides match


def test_custom_token_required_and_get_token_from_request() -> None:
    security = FastJWT(make_config())
    no_csrf_required = security.token_required(
        type="access", verify_type=True, verify_fresh=False, verify_csrf=False
    )
    required_token = security.get_token_from_request(type="access", optional=False)
    app = FastAPI()

    @app.post("/no-csrf", dependencies=[Depends(no_csrf_required)])
    def no_csrf() -> str:
        return "ok"

    @app.get("/raw")
    def raw(found: RequestToken = Depends(required_token)) -> str | None:  # noqa: B008 - 0.4.1's style
        return found.token

    client = TestClient(app)
    token = security.create_access_token(uid="alice")
    assert client.post("/no-csrf", headers=cookie_header(access_token_cookie=token)).json() == "ok"
    assert client.get("/raw", headers=bearer("not-verified")).json() == "not-verified"
    assert client.get("/raw").status_code == 401


@pytest.mark.anyio
async def test_tokens_from_a_request_and_verify_token() -> None:
    security = FastJWT(make_config())
    access = security.create_access_token(uid="alice")
    headers = [(b"authorization", f"Bearer {access}".encode())]
    request = Request({"type": "http", "method": "GET", "headers": headers, "query_string": b""})
    found = await security.get_access_token_from_request(request)
    assert (found.token, found.location, found.type) == (access, "headers", "access")
    assert security.verify_token(found).sub == "alice"
    assert security.verify_token(found, verify_type=True, verify_fresh=False, verify_csrf=True)
    with pytest.raises(FreshTokenRequiredError):
        security.verify_token(found, verify_fresh=True)
    refresh = await security.get_refresh_token_from_request(request)
    with pytest.raises(RefreshTokenRequiredError):
        security.verify_token(refresh)
    assert security.verify_token(refresh, verify_type=False).type == "access"


def test_implicit_refresh_middleware_as_0_4_1_registered_it() -> None:
    config = make_config()
    config.JWT_TOKEN_LOCATION = ["cookies"]
    config.JWT_IMPLICIT_REFRESH_DELTATIME = timedelta(minutes=20)
    security = FastJWT(config)
    app = FastAPI()
    app.middleware("http")(security.implicit_refresh_middleware)

    @app.get("/data", dependencies=[Depends(security.access_token_required)])
    def data() -> str:
        return "data"

    token = security.create_access_token(uid="alice")  # 15 minutes: within 20 of expiry
    response = TestClient(app).get("/data", headers=cookie_header(access_token_cookie=token))
    assert response.json() == "data"
    assert "access_token_cookie" in response.cookies  # renewed (0.4.1 never did on GET)


# Callbacks, as decorators


def test_callbacks_as_decorators_sync_and_async() -> None:
    security: FastJWT[User] = FastJWT(make_config())
    assert not security.is_model_callback_set
    assert not security.is_token_callback_set
    revoked: set[str] = set()

    @security.set_subject_getter
    def get_user(uid: str) -> User | None:
        return User(username=uid) if uid != "ghost" else None

    @security.set_token_blocklist
    def is_revoked(token: str) -> bool:
        return token in revoked

    # The decorators return the function (0.4.1 rebound the names to None: a defect).
    assert get_user("a") == User(username="a")
    assert is_revoked("x") is False
    assert security.is_model_callback_set
    assert security.is_token_callback_set
    assert security.callback_get_model_instance is get_user
    assert security.callback_is_token_in_blocklist is is_revoked
    revoked.add("t")
    assert security.is_token_in_blocklist("t")

    @security.set_callback_get_model_instance
    async def get_user_async(uid: str) -> User | None:
        await asyncio.sleep(0)
        return User(username=f"async {uid}")

    @security.set_callback_token_blocklist
    async def is_revoked_async(token: str) -> bool:
        await asyncio.sleep(0)
        return token in revoked

    assert security.callback_get_model_instance is get_user_async
    app = FastAPI()

    @app.get("/me")
    def me(user: User = security.CURRENT_SUBJECT) -> str:
        return user.username

    client = TestClient(app)
    token = security.create_access_token(uid="alice")
    # An async blocklist callback works (0.4.1 made every token look revoked).
    assert client.get("/me", headers=bearer(token)).json() == "async alice"
    revoked.add(token)
    assert client.get("/me", headers=bearer(token)).json() == {"detail": "Token has been revoked"}
    assert security.callback_is_token_in_blocklist is is_revoked_async


# Errors


def test_msg_attributes_keep_0_4_1s_defaults_per_instance() -> None:
    first, second = FastJWT(make_config()), FastJWT(make_config())
    for name, default in MSG_DEFAULTS_0_4_1.items():
        assert getattr(FastJWT, name) == getattr(first, name) == default
    first.MSG_MISSING_TOKEN_ERROR = "Please log in"
    assert first.MSG_MISSING_TOKEN_ERROR == "Please log in"
    assert second.MSG_MISSING_TOKEN_ERROR == "Missing JWT in request"


def test_handle_errors_for_each_0_4_1_error() -> None:
    security = FastJWT(make_config())
    app = login_app(security)
    security.handle_errors(app)
    security.MSG_FRESH_TOKEN_REQUIRED_ERROR = "Log in again"
    client = TestClient(app)
    access = security.create_access_token(uid="alice")
    cookies = cookie_header(access_token_cookie=access)

    def body(response: Any) -> tuple[int, str, str]:
        content = response.json()
        return response.status_code, content["error_type"], content["message"]

    assert body(client.get("/protected")) == (401, "MissingTokenError", "Missing JWT in request")
    assert body(client.get("/protected", headers=bearer("garbage"))) == (
        401,
        "JWTDecodeError",
        "The token is malformed",
    )
    assert body(client.post("/refresh", headers=bearer(access))) == (
        401,
        "RefreshTokenRequiredError",
        "Refresh token required",
    )
    assert body(client.post("/sensitive", headers=bearer(access))) == (
        401,
        "FreshTokenRequiredError",
        "Log in again",
    )
    assert body(client.post("/protected", headers=cookies)) == (
        401,
        "MissingCSRFTokenError",  # 0.4.1 reported it as a missing JWT: a defect
        "Missing CSRF double submit token in request",
    )
    assert body(client.post("/protected", headers=cookies | {"X-CSRF-TOKEN": "no"})) == (
        401,
        "CSRFError",
        "CSRF double submit does not match",
    )
    security.set_token_blocklist(lambda token: token == access)
    assert body(client.get("/protected", headers=bearer(access))) == (
        401,
        "RevokedTokenError",
        "Invalid token",
    )


def test_the_0_4_1_exception_tree() -> None:
    for error in (MissingTokenError, TokenTypeError, RevokedTokenError, FreshTokenRequiredError):
        assert issubclass(error, TokenError)
    for error in (AccessTokenRequiredError, RefreshTokenRequiredError):
        assert issubclass(error, TokenTypeError)
    assert issubclass(MissingCSRFTokenError, MissingTokenError)
    assert issubclass(MissingCSRFTokenError, CSRFError)
    for root in (BadConfigurationError, JWTDecodeError, NoAuthorizationError, TokenRequiredError):
        assert issubclass(root, FastJWTException)
    with pytest.raises(FastJWTException):
        FastJWT(make_config()).verify_token(RequestToken(token="bad", location="headers"))


# Models


def test_token_payload_as_0_4_1_documented_it() -> None:
    payload = TokenPayload(sub="alice", type="access", scopes=["read", "write"], role="admin")
    assert payload.jti is not None
    assert (payload.iss, payload.aud, payload.exp, payload.nbf) == (None, None, None, None)
    assert (payload.csrf, payload.fresh) == (None, False)
    assert isinstance(payload.iat, int)
    assert payload.extra_dict == {"role": "admin"}
    assert payload.has_scopes("read")
    assert not payload.has_scopes("read", "admin")
    payload.exp = timedelta(minutes=5)  # type: ignore[assignment]
    assert payload.issued_at is not None
    assert payload.expiry_datetime is not None
    assert payload.time_until_expiry is not None
    assert payload.time_since_issued is not None
    token = payload.encode(SECRET, "HS256", ignore_errors=True, headers={"kid": "k"})
    decoded = TokenPayload.decode(token, SECRET, algorithms=["HS256"])
    assert (decoded.sub, decoded.role, decoded.scopes) == ("alice", "admin", ["read", "write"])
    assert TokenPayload.decode(token, "some-other-key", verify=False).sub == "alice"
    with pytest.raises(JWTDecodeError):
        TokenPayload.decode(token, "another-secret-of-thirty-two-bytes!")


def test_request_token_verify_with_its_arguments() -> None:
    token = TokenPayload(
        sub="alice", type="refresh", aud="api", iss="me", exp=timedelta(minutes=5)
    ).encode(SECRET)
    found = RequestToken(token=token, type="refresh", location="json")
    payload = found.verify(
        SECRET,
        algorithms=["HS256"],
        audience="api",
        issuer="me",
        verify_jwt=True,
        verify_type=True,
        verify_csrf=True,
        verify_fresh=False,
    )
    assert (payload.sub, found.csrf) == ("alice", None)
    with pytest.raises(AccessTokenRequiredError):
        RequestToken(token=token, location="json").verify(SECRET, audience="api", issuer="me")
    with pytest.raises(FreshTokenRequiredError):
        found.verify(SECRET, audience="api", issuer="me", verify_fresh=True)
    with pytest.raises(JWTDecodeError):
        found.verify(SECRET, audience="other", issuer="me")
    endless = TokenPayload(sub="alice", type="refresh").encode(SECRET)
    with pytest.raises(JWTDecodeError) as refused:
        RequestToken(token=endless, type="refresh", location="json").verify(SECRET)
    assert refused.value.description == "The token lacks the exp claim"


def test_the_types_module() -> None:
    names = [
        "Numeric",
        "ObjOrSeq",
        "StrOrSeq",
        "DateTimeExpression",
        "SymmetricAlgorithmType",
        "AsymmetricAlgorithmType",
        "AlgorithmType",
        "HTTPMethod",
        "HTTPMethods",
        "SameSitePolicy",
        "TokenType",
        "TokenLocation",
        "TokenLocations",
        "TokenCallback",
        "ModelCallback",
    ]
    assert sorted(names) == sorted(types_0_4_1.__all__)


def test_a_token_issued_by_0_4_1_keeps_working_after_the_upgrade() -> None:
    """The claims 0.4.1 wrote, signed by PyJWT: sessions survive `pip install -U`."""
    now = datetime.now(UTC).timestamp()
    claims = {
        "role": "admin",
        "sub": "alice",
        "jti": "6d9c1f0e-2f1b-4c55-9d57-0f0b6a1f8f11",
        "type": "access",
        "fresh": True,
        "csrf": "0b6c8e1e-4f33-4f6e-9a55-3e0e1a2f6c77",
        "iat": now,
        "exp": now + 900,
    }
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    security = FastJWT(make_config())
    payload = security.verify_token(RequestToken(token=token, location="headers"))
    assert (payload.sub, payload.fresh, payload.role) == ("alice", True, "admin")
