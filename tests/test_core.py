"""The FastJWT facade over HTTP: tokens, dependencies, errors, OpenAPI."""

from datetime import timedelta
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from fastjwt import (
    BadConfigurationError,
    FastJWT,
    FJWTConfig,
    InvalidHeaderError,
    JWTDecodeError,
    MemoryStore,
    MissingTokenError,
    RequestToken,
    TokenPayload,
    TokenRequired,
)
from fastjwt.web.error_bodies import decode_reason
from tests.support import SECRET, bearer, secret_of

OTHER_SECRET = secret_of(32, "x")

INVALID = 'Bearer error="invalid_token"'


def test_each_instance_gets_its_own_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", SECRET)
    first, second = FastJWT(), FastJWT()
    assert first.config is not second.config
    assert first.config.JWT_SECRET_KEY == SECRET


def test_given_config_is_checked_at_construction() -> None:
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set"):
        FastJWT(config=FJWTConfig())


def test_load_config_after_construction() -> None:
    security: FastJWT[object] = FastJWT()
    with pytest.raises(BadConfigurationError, match="JWT_SECRET_KEY is not set"):
        security.create_access_token(uid="alice")
    config = FJWTConfig()
    config.JWT_SECRET_KEY = SECRET
    security.load_config(config)
    assert security.config is config
    assert security.create_access_token(uid="alice").count(".") == 2
    with pytest.raises(BadConfigurationError):
        security.load_config(FJWTConfig())
    assert security.config is config


def test_dependencies_are_created_once(security: FastJWT[object]) -> None:
    assert security.access_token_required is security.access_token_required
    assert security.refresh_token_required is security.refresh_token_required
    assert security.fresh_token_required is security.fresh_token_required
    assert isinstance(security.access_token_required, TokenRequired)
    assert security.token_required() is not security.token_required()
    assert repr(security.fresh_token_required) == (
        "TokenRequired(type='access', verify_type=True, verify_fresh=True, verify_csrf=None, "
        "locations=None, optional=False, scopes=())"
    )


def test_dependency_overrides_match(app: FastAPI, security: FastJWT[object]) -> None:
    app.dependency_overrides[security.access_token_required] = lambda: TokenPayload(sub="test")
    client = TestClient(app)
    assert client.get("/protected").text == '"ok"'
    assert client.get("/payload").json()["sub"] == "test"


def test_missing_token(client: TestClient) -> None:
    response = client.get("/protected")
    assert response.status_code == 401
    assert response.json() == {"detail": "Missing JWT in request"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_valid_token_and_payload_with_custom_claims(
    client: TestClient, security: FastJWT[object]
) -> None:
    token = security.create_access_token(uid="alice", data={"role": "admin"}, tenant=7)
    assert client.get("/protected", headers=bearer(token)).json() == "ok"
    payload = client.get("/payload", headers=bearer(token)).json()
    assert payload["sub"] == "alice"
    assert payload["role"] == "admin"
    assert payload["tenant"] == 7
    assert payload["type"] == "access"
    assert payload["fresh"] is False


@pytest.mark.parametrize(
    "make_token",
    [
        lambda _: "dummytoken",
        lambda _: "a.b.c",
        lambda s: s.create_access_token(uid="alice", expiry=timedelta(seconds=-1)),
        lambda _: FastJWT(FJWTConfig(JWT_SECRET_KEY=OTHER_SECRET)).create_access_token(uid="alice"),
        lambda s: s.create_access_token(uid="alice", audience="elsewhere"),
    ],
    ids=["garbage", "segments", "expired", "foreign", "audience"],
)
def test_invalid_tokens_are_plain_401s(
    client: TestClient, security: FastJWT[object], make_token: object
) -> None:
    token = make_token(security)  # type: ignore[operator]
    response = client.get("/protected", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response.headers["WWW-Authenticate"].startswith(INVALID + ", error_description=")
    assert "Traceback" not in response.text


def test_token_types_cannot_stand_in_for_each_other(
    client: TestClient, security: FastJWT[object]
) -> None:
    refresh = security.create_refresh_token(uid="alice")
    access = security.create_access_token(uid="alice")
    response = client.get("/protected", headers=bearer(refresh))
    assert (response.status_code, response.json()) == (401, {"detail": "Access token required"})
    response = client.post("/refresh", headers=bearer(access))
    assert (response.status_code, response.json()) == (401, {"detail": "Refresh token required"})
    response = client.post("/refresh", headers=bearer(refresh))
    assert response.status_code == 200
    new = response.json()["access_token"]
    assert client.get("/payload", headers=bearer(new)).json()["fresh"] is False


def test_fresh_token_required(client: TestClient, security: FastJWT[object]) -> None:
    fresh = security.create_access_token(uid="alice", fresh=True)
    stale = security.create_access_token(uid="alice")
    assert client.post("/sensitive", headers=bearer(fresh)).json() == "fresh"
    response = client.post("/sensitive", headers=bearer(stale))
    assert (response.status_code, response.json()) == (401, {"detail": "Fresh token required"})


def test_token_lifetimes_follow_the_config(security: FastJWT[object]) -> None:
    security.config.JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=1)
    security.config.JWT_REFRESH_TOKEN_EXPIRES = None
    access = security.verify_token(
        RequestToken(token=security.create_access_token(uid="a"), location="headers")
    )
    refresh = security.verify_token(
        RequestToken(
            token=security.create_refresh_token(uid="a"), type="refresh", location="headers"
        )
    )
    assert access.exp is not None
    assert access.iat is not None
    assert access.exp - access.iat == pytest.approx(60, abs=1)
    assert refresh.exp is None


def test_issuer_and_audience_from_the_config(security: FastJWT[object]) -> None:
    config = security.config
    config.JWT_ENCODE_ISSUER = config.JWT_DECODE_ISSUER = "auth"
    config.JWT_ENCODE_AUDIENCE = config.JWT_DECODE_AUDIENCE = ["api", "admin"]
    payload = security.verify_token(
        RequestToken(token=security.create_access_token(uid="a"), location="headers")
    )
    assert (payload.iss, payload.aud) == ("auth", ["api", "admin"])


def test_verify_token_without_a_token(security: FastJWT[object]) -> None:
    with pytest.raises(MissingTokenError):
        security.verify_token(RequestToken(location="headers"))


def test_token_required_factory_options(security: FastJWT[object]) -> None:
    app = FastAPI()
    either = security.token_required(type="refresh", verify_type=False)

    @app.get("/either")
    def read(payload: Annotated[TokenPayload, Depends(either)]) -> str | None:
        return payload.type

    client = TestClient(app)
    access = security.create_access_token(uid="a")
    assert client.get("/either", headers=bearer(access)).json() == "access"


def test_router_and_app_level_dependencies(security: FastJWT[object]) -> None:
    router = APIRouter(dependencies=[Depends(security.access_token_required)])

    @router.get("/inside")
    def inside() -> str:
        return "in"

    app = FastAPI(dependencies=[Depends(security.access_token_required)])
    app.include_router(router)
    client = TestClient(app)
    assert client.get("/inside").status_code == 401
    token = security.create_access_token(uid="a")
    assert client.get("/inside", headers=bearer(token)).json() == "in"


@pytest.mark.anyio
async def test_get_tokens_from_request(security: FastJWT[object]) -> None:
    token = security.create_access_token(uid="a")
    request = Request({"type": "http", "headers": [(b"authorization", f"Bearer {token}".encode())]})
    found = await security.get_access_token_from_request(request)
    assert (found.token, found.type, found.location) == (token, "access", "headers")
    refresh = await security.get_refresh_token_from_request(request)
    assert refresh.type == "refresh"
    with pytest.raises(MissingTokenError):
        await security.get_access_token_from_request(Request({"type": "http", "headers": []}))
    bad = Request({"type": "http", "headers": [(b"authorization", b"Basic x")]})
    with pytest.raises(InvalidHeaderError):
        await security.get_access_token_from_request(bad)


def test_handle_errors_customises_bodies(app: FastAPI, security: FastJWT[object]) -> None:
    security.handle_errors(app)
    client = TestClient(app)
    response = client.get("/protected")
    assert response.status_code == 401
    assert response.json() == {
        "message": "Missing JWT in request",
        "error_type": "MissingTokenError",
    }
    assert response.headers["WWW-Authenticate"] == "Bearer"

    response = client.get("/protected", headers=bearer("garbage"))
    assert response.json() == {"message": "The token is malformed", "error_type": "JWTDecodeError"}
    assert response.headers["WWW-Authenticate"].startswith(INVALID)

    security.MSG_ACCESS_TOKEN_REQUIRED_ERROR = "Use an access token"
    security.config.JWT_ERROR_MESSAGE_KEY = "msg"
    refresh = security.create_refresh_token(uid="a")
    response = client.get("/protected", headers=bearer(refresh))
    assert response.json() == {
        "msg": "Use an access token",
        "error_type": "AccessTokenRequiredError",
    }


def test_handle_errors_gives_the_reason_of_an_invalid_token(
    app: FastAPI, security: FastJWT[object]
) -> None:
    """As in 0.4.1: PyJWT's words where it has them, until MSG_DECODE_JWT_ERROR is assigned."""
    security.handle_errors(app)
    client = TestClient(app)
    expired = security.create_access_token(uid="a", expiry=-10)
    response = client.get("/protected", headers=bearer(expired))
    assert (response.status_code, response.json()) == (
        401,
        {"message": "Signature has expired", "error_type": "JWTDecodeError"},
    )
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="The token has expired"'
    )
    header, payload, _ = security.create_access_token(uid="a").split(".")
    forged = f"{header}.{payload}.{'A' * 43}"
    assert client.get("/protected", headers=bearer(forged)).json()["message"] == (
        "Signature verification failed"
    )

    security.MSG_DECODE_JWT_ERROR = "Log in again"
    response = client.get("/protected", headers=bearer(expired))
    assert response.json() == {"message": "Log in again", "error_type": "JWTDecodeError"}
    assert FastJWT.MSG_DECODE_JWT_ERROR == "Invalid Token"


def test_decode_reason_of_an_error_raised_with_a_message_only() -> None:
    assert decode_reason(JWTDecodeError("Bad token")) == "Bad token"
    assert decode_reason(JWTDecodeError(description="The token lacks a required claim")) == (
        "The token lacks a required claim"
    )


def test_openapi_declares_the_bearer_scheme(app: FastAPI) -> None:
    schema = app.openapi()
    assert schema["components"]["securitySchemes"] == {
        "JWT": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A JWT in the Authorization header",
        }
    }
    assert schema["paths"]["/protected"]["get"]["security"] == [{"JWT": []}]
    assert schema["paths"]["/refresh"]["post"]["security"] == [{"JWT": []}]


def test_0_4_1_module_paths_still_import() -> None:
    from fastjwt.dependencies import FastJWTDeps as Deps  # noqa: PLC0415
    from fastjwt.fastjwt import FastJWT as Facade  # noqa: PLC0415

    assert Facade is FastJWT
    assert Deps.__name__ == "FastJWTDeps"


def test_callback_attributes_read_and_write_the_collaborators(security: FastJWT[object]) -> None:
    def getter(uid: str) -> str:
        return uid

    def blocklist(token: str) -> bool:
        return token == "revoked"

    security.callback_get_model_instance = getter
    assert security.subjects.getter is getter
    assert security.is_model_callback_set
    security.set_token_blocklist(blocklist)
    assert security.callback_is_token_in_blocklist is blocklist
    assert security.revocation_check is None
    assert security.is_token_callback_set


def test_create_token_of_either_type(security: FastJWT[object]) -> None:
    token = security.create_token("refresh", "alice", family="f1")
    payload = security.verify_token(RequestToken(token=token, type="refresh", location="headers"))
    assert (payload.type, payload.fam) == ("refresh", "f1")


def test_a_configuration_loaded_while_another_is_prepared_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fastjwt.runtime as runtime  # noqa: PLC0415

    first, second = FJWTConfig(JWT_SECRET_KEY=SECRET), FJWTConfig(JWT_SECRET_KEY=SECRET + "2")
    security: FastJWT[object] = FastJWT(first)
    build = runtime.build_runtime
    first.JWT_DECODE_LEEWAY = 1  # `first` changed: the next use prepares it again...

    def racing(config: FJWTConfig, previous: runtime.Runtime | None = None) -> runtime.Runtime:
        monkeypatch.setattr(runtime, "build_runtime", build)
        security.load_config(second)  # ...while another thread loads `second`
        return build(config, previous)

    monkeypatch.setattr(runtime, "build_runtime", racing)
    assert security.prepared.current().config is first  # that request used what it saw
    assert security.prepared.current().config is second  # and `second` stays in place


def test_messages_read_on_the_facade_and_its_class(security: FastJWT[object]) -> None:
    assert FastJWT.MSG_DECODE_JWT_ERROR == "Invalid Token"
    assert security.MSG_REVOKED_TOKEN_ERROR == "Invalid token"
    security.MSG_REVOKED_TOKEN_ERROR = "Logged out"
    assert security.messages.MSG_REVOKED_TOKEN_ERROR == "Logged out"
    assert FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET)).MSG_REVOKED_TOKEN_ERROR == "Invalid token"


def test_collaborators_behind_the_0_4_1_attributes(security: FastJWT[object]) -> None:
    assert security.callback_get_model_instance is None
    store = MemoryStore()
    security.store = store
    assert security.store is store
    assert security.revocations.store is store


def test_redis_store_is_imported_on_first_use() -> None:
    import fastjwt  # noqa: PLC0415
    from fastjwt.stores.redis_store import RedisStore  # noqa: PLC0415

    assert fastjwt.RedisStore is RedisStore
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        fastjwt.Nothing  # noqa: B018


@pytest.mark.parametrize(
    ("description", "words"),
    [
        ("The token audience 'other' is not accepted", "Invalid audience"),
        ("The token names an audience, and none is accepted", "Invalid audience"),
        ("The token issuer 'https://elsewhere' is not accepted", "Invalid issuer"),
        ("The token lacks the exp claim", 'Token is missing the "exp" claim'),
        ("The token type 'at+jwt' is not accepted", "The token type 'at+jwt' is not accepted"),
    ],
)
def test_decode_reason_names_a_refused_value_in_pyjwt_words(description: str, words: str) -> None:
    assert decode_reason(JWTDecodeError(description=description)) == words
