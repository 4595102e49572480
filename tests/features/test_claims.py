"""Claims: audience, issuer, leeway, nbf, accepted algorithms, identity claim, typed claims."""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import jwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from fastjwt import (
    BadConfigurationError,
    FastJWT,
    FJWTConfig,
    JWTDecodeError,
    RequestToken,
    TokenPayload,
)
from tests.support import SECRET, bearer, secret_of


def verify(security: FastJWT[Any], token: str) -> TokenPayload:
    return security.verify_token(RequestToken(token=token, location="headers"))


@pytest.mark.parametrize("audience", ["api", ["api", "admin"]])
def test_audience_written_and_verified(audience: str | list[str]) -> None:
    security = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_ENCODE_AUDIENCE=audience, JWT_DECODE_AUDIENCE="api")
    )
    payload = verify(security, security.create_access_token(uid="a"))
    assert payload.aud == audience
    with pytest.raises(JWTDecodeError):
        verify(security, security.create_access_token(uid="a", audience="other"))
    security.config.JWT_DECODE_AUDIENCE = None
    with pytest.raises(JWTDecodeError):
        verify(security, security.create_access_token(uid="a"))


def test_issuer_written_and_verified() -> None:
    security = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_ENCODE_ISSUER="auth", JWT_DECODE_ISSUER="auth")
    )
    assert verify(security, security.create_access_token(uid="a")).iss == "auth"
    security.config.JWT_DECODE_ISSUER = "elsewhere"
    with pytest.raises(JWTDecodeError):
        verify(security, security.create_access_token(uid="a"))


def test_leeway_and_nbf() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    expired = security.create_access_token(uid="a", expiry=timedelta(seconds=-5))
    with pytest.raises(JWTDecodeError):
        verify(security, expired)
    security.config.JWT_DECODE_LEEWAY = 30
    assert verify(security, expired).sub == "a"
    assert "nbf" in jwt.decode(expired, options={"verify_signature": False})
    security.config.JWT_ENCODE_NBF = False
    token = security.create_access_token(uid="a")
    assert "nbf" not in jwt.decode(token, options={"verify_signature": False})


def test_every_token_has_a_unique_jti() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    jtis = {verify(security, security.create_access_token(uid="a")).jti for _ in range(5)}
    assert len(jtis) == 5


def test_decode_algorithms_default_to_the_signing_algorithm() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=secret_of(64), JWT_ALGORITHM="HS512"))
    assert security.keys.accepted == ("HS512",)
    hs256 = jwt.encode(
        {"sub": "a", "iat": 0, "jti": "j", "type": "access"}, secret_of(64), algorithm="HS256"
    )
    with pytest.raises(JWTDecodeError) as caught:
        verify(security, hs256)
    assert caught.value.description == "The token algorithm is not accepted"


def test_decode_algorithms_accept_several_of_one_family() -> None:
    config = FJWTConfig(
        JWT_SECRET_KEY=secret_of(64),
        JWT_ALGORITHM="HS256",
        JWT_DECODE_ALGORITHMS=["HS256", "HS512"],
    )
    security = FastJWT(config)
    now = int(datetime.now(UTC).timestamp())
    hs512 = jwt.encode(
        {"sub": "a", "iat": now, "exp": now + 60, "jti": "j", "type": "access"},
        secret_of(64),
        algorithm="HS512",
    )
    assert verify(security, hs512).sub == "a"


def test_decode_algorithms_must_share_the_key() -> None:
    with pytest.raises(BadConfigurationError, match="JWT_DECODE_ALGORITHMS must list algorithms"):
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_ALGORITHMS=["HS256", "RS256"])
    with pytest.raises(BadConfigurationError, match="JWT_DECODE_ALGORITHMS must list"):
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_ALGORITHMS=[])
    with pytest.raises(BadConfigurationError, match="HS512 needs at least 64 bytes"):
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_ALGORITHMS=["HS256", "HS512"])


def test_identity_claim() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_IDENTITY_CLAIM="user_id"))
    token = security.create_access_token(uid="42")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["user_id"] == "42"
    assert "sub" not in claims
    assert verify(security, token).sub == "42"
    with pytest.raises(ValueError, match="Reserved claim names"):
        security.create_access_token(uid="42", user_id="x")
    with pytest.raises(BadConfigurationError, match="JWT_IDENTITY_CLAIM"):
        security.config.JWT_IDENTITY_CLAIM = ""


class Claims(TokenPayload):
    role: Literal["admin", "user"]
    tenant: int


def test_custom_claims_model() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    typed = security.token_required(payload_type=Claims)
    app = FastAPI()

    @app.get("/tenant")
    def tenant(claims: Annotated[Claims, Depends(typed)]) -> dict[str, Any]:
        assert isinstance(claims, Claims)
        return {"role": claims.role, "tenant": claims.tenant}

    client = TestClient(app)
    good = security.create_access_token(uid="a", role="admin", tenant=7)
    assert client.get("/tenant", headers=bearer(good)).json() == {"role": "admin", "tenant": 7}
    for bad in (
        security.create_access_token(uid="a", role="root", tenant=7),
        security.create_access_token(uid="a", role="user", tenant="7"),
        security.create_access_token(uid="a", role="user"),
    ):
        response = client.get("/tenant", headers=bearer(bad))
        assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})
        assert "claims are malformed" in response.headers["WWW-Authenticate"]


NOW = int(datetime.now(UTC).timestamp())
GOOD: dict[str, Any] = {
    "sub": "a",
    "iat": NOW,
    "exp": NOW + 3600,
    "jti": "j",
    "type": "access",
    "fresh": False,
}


@pytest.mark.parametrize(
    "claims",
    [
        {**GOOD, "exp": "tomorrow"},
        {**GOOD, "sub": 42},
        {**GOOD, "sub": ""},
        {k: v for k, v in GOOD.items() if k != "sub"},
        {k: v for k, v in GOOD.items() if k != "type"},
        {**GOOD, "type": "session"},
        {**GOOD, "type": ["access"]},
        {**GOOD, "fresh": "true"},
        {**GOOD, "fresh": 1},
        {**GOOD, "scopes": "read"},
        {**GOOD, "scopes": [1, 2]},
        {**GOOD, "aud": {"nested": ["api"]}},
        {**GOOD, "jti": 5},
        {**GOOD, "iat": "now"},
    ],
    ids=[
        "exp-string",
        "sub-number",
        "sub-empty",
        "sub-missing",
        "type-missing",
        "type-unknown",
        "type-list",
        "fresh-string",
        "fresh-int",
        "scopes-string",
        "scopes-ints",
        "aud-nested",
        "jti-number",
        "iat-string",
    ],
)
def test_signed_tokens_with_claims_of_the_wrong_type_are_401(claims: dict[str, Any]) -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    app = FastAPI()

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "ok"

    token = jwt.encode(claims, SECRET, algorithm="HS256")
    response = TestClient(app).get("/", headers=bearer(token))
    assert response.status_code == 401, response.text
    assert response.json()["detail"] in {"Unauthorized", "Access token required"}


def test_fam_is_reserved() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    with pytest.raises(ValueError, match=r"Reserved claim names .*: fam"):
        security.create_refresh_token(uid="a", fam="someone-elses-family")


def test_custom_identity_claim_is_not_an_extra_claim() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_IDENTITY_CLAIM="user_id"))
    payload = verify(security, security.create_access_token(uid="42", role="x"))
    assert payload.sub == "42"
    assert payload.extra_dict == {"role": "x"}
    renewed = security.create_access_token(uid=payload.sub, data=payload.extra_dict)
    assert verify(security, renewed).sub == "42"


def test_sub_next_to_a_custom_identity_claim_is_refused() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_IDENTITY_CLAIM="user_id"))
    now = int(datetime.now(UTC).timestamp())
    claims = {
        "user_id": "42",
        "sub": "7",
        "iat": now,
        "exp": now + 60,
        "jti": "j",
        "type": "access",
    }
    with pytest.raises(JWTDecodeError) as caught:
        verify(security, jwt.encode(claims, SECRET, algorithm="HS256"))
    assert caught.value.description == "The token has both sub and user_id"


def _with_header(header: dict[str, Any], claims: dict[str, Any] = GOOD) -> str:
    return jwt.encode(claims, SECRET, algorithm="HS256", headers=header)


@pytest.mark.parametrize(
    ("typ", "accepted"),
    [
        (None, True),
        ("JWT", True),
        ("jwt", True),
        ("application/JWT", True),
        ("secevent+jwt", False),
        ("dpop+jwt", False),
        ("at+jwt", False),
    ],
)
def test_the_typ_header_must_be_jwt_or_absent(typ: str | None, accepted: bool) -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    header = {} if typ is None else {"typ": typ}
    # PyJWT writes `typ: JWT` unless told otherwise; `typ: None` leaves it out.
    token = jwt.encode(GOOD, SECRET, algorithm="HS256", headers=header or {"typ": None})
    if accepted:
        assert verify(security, token).sub == "a"
        return
    with pytest.raises(JWTDecodeError) as caught:
        verify(security, token)
    assert caught.value.description == f"The token type {typ} is not accepted"


def test_more_types_can_be_accepted() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_DECODE_TYPES=["at+JWT"]))
    assert verify(security, _with_header({"typ": "application/at+jwt"})).sub == "a"
    with pytest.raises(JWTDecodeError):
        verify(security, _with_header({"typ": 7}))


def test_exp_is_required_unless_the_app_issues_tokens_without_it() -> None:
    endless = {name: value for name, value in GOOD.items() if name != "exp"}
    token = jwt.encode(endless, SECRET, algorithm="HS256")
    strict = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    with pytest.raises(JWTDecodeError) as caught:
        verify(strict, token)
    assert caught.value.description == "The token lacks the exp claim"
    forever = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_ACCESS_TOKEN_EXPIRES=None))
    assert verify(forever, token).sub == "a"
    assert verify(forever, forever.create_access_token(uid="a")).exp is None
    chosen = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_REQUIRE_EXPIRY=False))
    assert verify(chosen, token).sub == "a"
    insisting = FastJWT(
        FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_ACCESS_TOKEN_EXPIRES=None, JWT_REQUIRE_EXPIRY=True)
    )
    with pytest.raises(JWTDecodeError):
        verify(insisting, insisting.create_access_token(uid="a"))


def test_times_are_whole_seconds() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    claims = jwt.decode(security.create_access_token(uid="a"), options={"verify_signature": False})
    assert all(isinstance(claims[name], int) for name in ("iat", "nbf", "exp"))
