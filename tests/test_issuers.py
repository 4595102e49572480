"""Trusted issuers: provider tokens verified with the provider's keys and rules only."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import Field

from fastjwt import (
    BadConfigurationError,
    FastJWT,
    FJWTConfig,
    RequestToken,
    TokenPayload,
    TrustedIssuer,
)
from tests.support import SECRET, bearer
from tests.support.issuer import StandInIssuer, stand_in_issuer

AUDIENCE = "https://api.example.com"


@pytest.fixture
def provider() -> Iterator[StandInIssuer]:
    with stand_in_issuer() as provider:
        provider.serve_issuer("/")
        yield provider


def app_for(security: FastJWT[Any]) -> TestClient:
    app = FastAPI()

    @app.get("/me")
    def me(payload: TokenPayload = Depends(security.access_token_required)) -> dict[str, Any]:  # noqa: B008
        return {"sub": payload.sub, "scopes": payload.scopes, "iss": payload.iss}

    @app.get("/write", dependencies=[Depends(security.scopes_required("write:items"))])
    def write() -> str:
        return "written"

    @app.post("/refresh", dependencies=[Depends(security.refresh_token_required)])
    def refresh() -> str:
        return "refreshed"

    return TestClient(app)


def trusting(provider: StandInIssuer, **settings: Any) -> FastJWT[Any]:
    issuer = TrustedIssuer(**{"issuer": provider.issuer("/"), "audiences": [AUDIENCE], **settings})
    return FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[issuer]))


def provider_token(provider: StandInIssuer, **claims: Any) -> str:
    base = {"iss": provider.issuer("/"), "sub": "auth0|42", "aud": AUDIENCE}
    return provider.token({**base, **claims})


def test_a_provider_token_is_an_access_token(provider: StandInIssuer) -> None:
    client = app_for(trusting(provider))
    token = provider_token(provider, scope="read:items write:items", permissions=["admin"])
    response = client.get("/me", headers=bearer(token))
    assert response.status_code == 200, response.headers.get("WWW-Authenticate")
    assert response.json() == {
        "sub": "auth0|42",
        "scopes": ["read:items", "write:items", "admin"],
        "iss": provider.issuer("/"),
    }
    assert client.get("/write", headers=bearer(token)).text == '"written"'
    refused = client.post("/refresh", headers=bearer(token))
    assert refused.status_code == 401
    assert provider.requests == ["/.well-known/openid-configuration", "/discovery/keys"]


def test_the_issuers_rules_are_its_own(provider: StandInIssuer) -> None:
    security = trusting(provider, claims={"token_use": "access"}, token_type="at+jwt")
    client = app_for(security)

    def refusal(token: str) -> str:
        response = client.get("/me", headers=bearer(token))
        assert response.status_code == 401
        return response.headers["WWW-Authenticate"]

    typed = {"typ": "at+jwt"}
    good = provider.token(
        {"iss": provider.issuer("/"), "sub": "s", "aud": AUDIENCE, "token_use": "access"},
        headers=typed,
    )
    assert client.get("/me", headers=bearer(good)).status_code == 200
    base = {"iss": provider.issuer("/"), "sub": "s", "aud": AUDIENCE, "token_use": "access"}
    assert "lacks the typ header" in refusal(provider.token(base, headers={"typ": None}))
    assert "type JWT is not accepted" in refusal(provider.token(base))
    assert "token_use id is not accepted" in refusal(
        provider.token({**base, "token_use": "id"}, headers=typed)
    )
    assert "lacks the token_use claim" in refusal(
        provider.token({**base, "token_use": None}, headers=typed)
    )
    assert "audience other is not accepted" in refusal(
        provider.token({**base, "aud": "other"}, headers=typed)
    )
    assert "lacks the exp claim" in refusal(provider.token({**base, "exp": None}, headers=typed))


def test_no_other_key_verifies_a_provider_token(provider: StandInIssuer) -> None:
    own = TrustedIssuer(issuer=provider.issuer("/"), audiences=[AUDIENCE])
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_TRUSTED_ISSUERS=[own]))
    client = app_for(security)
    # A token naming the provider but signed with the application's own secret is refused.
    claims = {"iss": provider.issuer("/"), "sub": "s", "aud": AUDIENCE, "exp": 2**40}
    for headers, reason in (
        ({"kid": provider.kid}, "algorithm is not accepted"),
        ({}, "names no key id"),
    ):
        forged = jwt.encode(claims, SECRET, headers=headers)
        response = client.get("/me", headers=bearer(forged))
        assert response.status_code == 401
        assert reason in response.headers["WWW-Authenticate"]
    # The application's own tokens keep working beside the provider's.
    mine = security.create_access_token(uid="alice")
    assert client.get("/me", headers=bearer(mine)).json()["sub"] == "alice"
    # A token of an issuer nobody trusts never causes a fetch.
    before = list(provider.requests)
    stranger = provider.token({"iss": "https://elsewhere.example.com/", "sub": "s"})
    assert client.get("/me", headers=bearer(stranger)).status_code == 401
    assert provider.requests == before


def test_without_keys_of_its_own_only_trusted_issuers_pass(provider: StandInIssuer) -> None:
    security = trusting(provider)
    client = app_for(security)
    stranger = provider.token({"iss": "https://elsewhere.example.com/", "sub": "s"})
    response = client.get("/me", headers=bearer(stranger))
    assert response.status_code == 401
    assert (
        "issuer https://elsewhere.example.com/ is not accepted"
        in (response.headers["WWW-Authenticate"])
    )
    anonymous = provider.token({"sub": "s"})
    assert (
        "lacks the iss claim"
        in client.get("/me", headers=bearer(anonymous)).headers["WWW-Authenticate"]
    )
    with pytest.raises(BadConfigurationError, match="only verifies the tokens of"):
        security.create_access_token(uid="alice")


def test_multi_tenant_issuers_accept_listed_tenants_only() -> None:
    with stand_in_issuer() as provider:
        for tenant in ("contoso", "fabrikam"):
            provider.serve_issuer(f"/{tenant}/v2.0")
        template = provider.issuer("/{tenant}/v2.0")
        entra = TrustedIssuer(issuer=template, tenants=["contoso"], audiences=[AUDIENCE])
        client = app_for(FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[entra])))
        for tenant, status in (("contoso", 200), ("fabrikam", 401)):
            token = provider.token(
                {"iss": provider.issuer(f"/{tenant}/v2.0"), "sub": "s", "aud": AUDIENCE}
            )
            assert client.get("/me", headers=bearer(token)).status_code == status
        assert "/fabrikam/v2.0/.well-known/openid-configuration" not in provider.requests


def test_high_s_ecdsa_signatures_of_other_libraries_are_accepted() -> None:
    with stand_in_issuer("ES256") as provider:
        provider.serve_issuer("/")
        security = trusting(provider, algorithms=["ES256"])
        client = app_for(security)
        statuses = {
            client.get("/me", headers=bearer(provider_token(provider, n=index))).status_code
            for index in range(40)  # PyJWT leaves s as it comes: about half are high
        }
        assert statuses == {200}


def test_verify_token_uses_keys_already_fetched(provider: StandInIssuer) -> None:
    security = trusting(provider)
    found = RequestToken(token=provider_token(provider), location="headers")
    with pytest.raises(Exception, match="Token keys unavailable"):
        security.verify_token(found)
    app_for(security).get("/me", headers=bearer(provider_token(provider)))  # fetches
    assert security.verify_token(found).sub == "auth0|42"
    assert security.verify_token_claims(str(found.token))["type"] == "access"


def test_a_provider_that_fails_gives_503_and_a_log_without_credentials(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with stand_in_issuer() as provider:
        provider.serve_issuer("/")
        provider.status = 500
        url = provider.issuer("/").replace("http://", "http://user:hunter2@")
        issuer = TrustedIssuer(
            issuer=provider.issuer("/"),
            audiences=[AUDIENCE],
            discovery_url=url + ".well-known/openid-configuration",
        )
        client = app_for(FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[issuer])))
        with caplog.at_level(logging.WARNING, logger="fastjwt"):
            response = client.get("/me", headers=bearer(provider_token(provider)))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert "hunter2" not in caplog.text
    assert "***@" in caplog.text


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"audiences": []}, "give `audiences`, or pin the client"),
        ({"algorithms": ["HS256"]}, "public-key algorithms"),
        ({"issuer": "https://login.example.com/{tenant}/v2.0"}, "list the accepted tenants"),
        ({"tenants": ["a"]}, "holds no {tenant}"),
        ({"issuer": "accounts.google.com"}, "give `jwks_url` or `discovery_url`"),
        ({"jwks_url": "http://keys.example.com/jwks"}, "must be an https:// URL"),
    ],
)
def test_issuer_settings_that_cannot_be_right(settings: dict[str, Any], message: str) -> None:
    values: dict[str, Any] = {"issuer": "https://auth.example.com/", "audiences": [AUDIENCE]}
    with pytest.raises(ValueError, match=message):
        TrustedIssuer(**{**values, **settings})


def test_issuers_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "JWT_TRUSTED_ISSUERS",
        '[{"issuer": ["https://accounts.google.com", "accounts.google.com"],'
        ' "audiences": "client-id.apps.googleusercontent.com"}]',
    )
    config = FJWTConfig()
    (google,) = config.JWT_TRUSTED_ISSUERS
    assert google.issuer == ("https://accounts.google.com", "accounts.google.com")
    assert google.audiences == ("client-id.apps.googleusercontent.com",)
    assert google.discovery_urls()[0] == (
        "https://accounts.google.com/.well-known/openid-configuration"
    )


def test_provider_claims_become_fastjwts(provider: StandInIssuer) -> None:
    security = trusting(provider, subject_claim="oid", scope_claims=["scp", "roles"])
    found = RequestToken(
        token=provider.token(
            {
                "iss": provider.issuer("/"),
                "sub": "pairwise",
                "oid": "object-id",
                "aud": AUDIENCE,
                "scp": "a b",
                "roles": ["r"],
                "jti": None,
                "fresh": True,
                "csrf": "x",
            }
        ),
        location="headers",
    )
    security.jwks_client  # noqa: B018 - no JWT_JWKS_URL: None
    policy = security.prepared.current().issuers
    assert policy is not None
    match = policy.match(provider.issuer("/"))
    assert match is not None
    match.keys.refresh_now()
    payload = security.verify_token(found)
    assert (payload.sub, payload.scopes, payload.type, payload.fresh) == (
        "object-id",
        ["a", "b", "r"],
        "access",
        False,
    )
    assert payload.csrf is None
    assert str(payload.jti).startswith("sha256:")
    assert payload.jti == security.verify_token(found).jti  # the same token, the same id


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"sub": 7}, "The token is invalid"),
        ({"sub": ""}, "The token subject must be a non-empty string"),
        ({"scope": ["a", 1]}, "The token scope claim is malformed"),
        ({"scope": {"a": 1}}, "The token scope claim is malformed"),
    ],
)
def test_malformed_provider_claims(
    provider: StandInIssuer, claims: dict[str, Any], reason: str
) -> None:
    security = trusting(provider)
    response = app_for(security).get("/me", headers=bearer(provider_token(provider, **claims)))
    assert response.status_code == 401
    assert reason in response.headers["WWW-Authenticate"]


def test_a_configuration_change_keeps_the_fetched_keys(provider: StandInIssuer) -> None:
    security = trusting(provider)
    client = app_for(security)
    assert client.get("/me", headers=bearer(provider_token(provider))).status_code == 200
    fetched = len(provider.requests)
    security.config.JWT_DECODE_LEEWAY = 5  # unrelated: the issuer's keys stay
    assert client.get("/me", headers=bearer(provider_token(provider, n=2))).status_code == 200
    assert len(provider.requests) == fetched


def test_own_tokens_next_to_issuers_skip_the_await_once_cached(provider: StandInIssuer) -> None:
    issuer = TrustedIssuer(issuer=provider.issuer("/"), audiences=[AUDIENCE])
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_TRUSTED_ISSUERS=[issuer]))
    client = app_for(security)
    mine = security.create_access_token(uid="alice")
    for _ in range(2):
        assert client.get("/me", headers=bearer(mine)).json()["sub"] == "alice"
    theirs = provider_token(provider)
    for _ in range(2):
        assert client.get("/me", headers=bearer(theirs)).json()["sub"] == "auth0|42"


def test_a_one_key_set_without_kid(provider: StandInIssuer) -> None:
    jwks = provider.jwk_set()
    del jwks["keys"][0]["kid"]
    provider.documents["/discovery/keys"] = json.dumps(jwks).encode()
    client = app_for(trusting(provider))
    kidless = provider.token(
        {"iss": provider.issuer("/"), "sub": "s", "aud": AUDIENCE}, headers={"kid": None}
    )
    assert client.get("/me", headers=bearer(kidless)).status_code == 200
    named = provider_token(provider)  # names a kid the set does not list
    assert (
        "key id stand-in-1 is unknown"
        in client.get("/me", headers=bearer(named)).headers["WWW-Authenticate"]
    )


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ("[]", "the metadata is not a JSON object"),
        ('{"issuer": "https://other.example.com/", "jwks_uri": "x"}', "is not the issuer's"),
        ('{"issuer": "ISSUER", "jwks_uri": "ftp://keys.example.com/"}', "jwks_uri must be"),
    ],
)
def test_wrong_metadata_fails_closed(provider: StandInIssuer, metadata: str, reason: str) -> None:
    provider.documents["/.well-known/openid-configuration"] = metadata.replace(
        "ISSUER", provider.issuer("/")
    ).encode()
    security = trusting(provider)
    response = app_for(security).get("/me", headers=bearer(provider_token(provider)))
    assert response.status_code == 503
    policies = security.prepared.current().issuers
    assert policies is not None
    match = policies.match(provider.issuer("/"))
    assert match is not None
    assert reason in (match.keys.last_error or "")


def test_rfc_8414_metadata_is_the_fallback() -> None:
    with stand_in_issuer() as provider:
        url = provider.serve_issuer("/tenant1")
        metadata = provider.documents.pop("/tenant1/.well-known/openid-configuration")
        provider.documents["/.well-known/oauth-authorization-server/tenant1"] = metadata
        security = trusting(provider, issuer=url)
        token = provider.token({"iss": url, "sub": "s", "aud": AUDIENCE})
        assert app_for(security).get("/me", headers=bearer(token)).status_code == 200


def test_templated_key_and_metadata_urls() -> None:
    with stand_in_issuer() as provider:
        provider.serve_issuer("/contoso/v2.0")
        template = provider.issuer("/{tenant}/v2.0")
        entra = TrustedIssuer(
            issuer=template,
            tenants=["contoso"],
            audiences=[AUDIENCE],
            jwks_url=template + "/discovery/keys",
        )
        assert entra.concrete("https://x.example.com/y", provider.issuer("/other")) == (
            "https://x.example.com/y"
        )
        client = app_for(FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[entra])))
        token = provider.token(
            {"iss": provider.issuer("/contoso/v2.0"), "sub": "s", "aud": AUDIENCE}
        )
        assert client.get("/me", headers=bearer(token)).status_code == 200
        assert provider.requests == ["/contoso/v2.0/discovery/keys"]
        lookalike = provider.token({"iss": provider.issuer("/contoso/v1.0"), "sub": "s"})
        assert client.get("/me", headers=bearer(lookalike)).status_code == 401


def test_claim_rules_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="claims"):
        TrustedIssuer(issuer="https://a.example.com/", audiences=["x"], claims=["client_id"])


def test_swagger_logs_in_at_the_provider() -> None:
    issuer = TrustedIssuer(
        issuer="https://auth.example.com/",
        audiences=[AUDIENCE],
        authorization_url="https://auth.example.com/authorize",
        token_url="https://auth.example.com/oauth/token",
        openapi_scopes={"read:items": "Read items"},
    )
    security = FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[issuer]))
    app = FastAPI()

    @app.get("/items", dependencies=[Depends(security.scopes_required("read:items"))])
    def items() -> list[str]:
        return []

    schema = app.openapi()
    flow = schema["components"]["securitySchemes"]["OAuth2"]["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "https://auth.example.com/authorize"
    assert flow["scopes"] == {"read:items": "Read items"}
    assert schema["paths"]["/items"]["get"]["security"] == [{"OAuth2": ["read:items"]}]


def test_swagger_offers_the_provider_login_and_the_apps_own_form() -> None:
    issuer = TrustedIssuer(
        issuer="https://auth.example.com/",
        audiences=[AUDIENCE],
        authorization_url="https://auth.example.com/authorize",
        token_url="https://auth.example.com/oauth/token",
    )
    config = FJWTConfig(JWT_SECRET_KEY=SECRET, JWT_TRUSTED_ISSUERS=[issuer], JWT_TOKEN_URL="/token")
    security = FastJWT(config)
    app = FastAPI()

    @app.get("/me", dependencies=[Depends(security.access_token_required)])
    def me() -> str:
        return "me"

    schema = app.openapi()
    schemes = schema["components"]["securitySchemes"]
    assert set(schemes["OAuth2"]["flows"]) == {"authorizationCode"}
    assert schemes["JWT"]["flows"]["password"]["tokenUrl"] == "/token"
    # Either one logs in: OpenAPI reads the list as alternatives.
    assert schema["paths"]["/me"]["get"]["security"] == [{"OAuth2": []}, {"JWT": []}]


class ProviderClaims(TokenPayload):
    """A provider token's own claims, typed."""

    azp: str
    org_id: str | None = None
    roles: list[str] = Field(default_factory=list)


def test_typed_claim_models_read_a_provider_token(provider: StandInIssuer) -> None:
    security = trusting(provider)
    app = FastAPI()
    typed = security.token_required(payload_type=ProviderClaims)

    @app.get("/org")
    def org(payload: ProviderClaims = Depends(typed)) -> dict[str, Any]:  # noqa: B008
        return {"azp": payload.azp, "org": payload.org_id, "roles": payload.roles}

    client = TestClient(app)
    token = provider_token(provider, azp="spa-client", org_id="org_7", roles=["editor"])
    response = client.get("/org", headers=bearer(token))
    assert response.json() == {"azp": "spa-client", "org": "org_7", "roles": ["editor"]}
    untyped = client.get("/org", headers=bearer(provider_token(provider, roles="editor")))
    assert untyped.status_code == 401
    assert "azp" in untyped.headers["WWW-Authenticate"]


def test_an_issuer_named_by_no_url_uses_its_jwks_url() -> None:
    with stand_in_issuer() as provider:
        url = provider.serve_keys("/keys")
        issuer = TrustedIssuer(issuer="joe", jwks_url=url, audiences=[AUDIENCE])
        assert issuer.discovery_urls() == []
        client = app_for(FastJWT(FJWTConfig(JWT_TRUSTED_ISSUERS=[issuer])))
        token = provider.token({"iss": "joe", "sub": "joe-1", "aud": AUDIENCE})
        assert client.get("/me", headers=bearer(token)).json()["sub"] == "joe-1"
        assert provider.requests == ["/keys"]
