"""Tokens shaped as each identity provider documents them, for the stand-in issuer to sign.

Each shape takes the issuer URL the stand-in speaks for and the fields of a token
request (`username`, `scope`, and a few provider-specific ones) and returns the claims
and JOSE header the provider would write. The claims are the documented ones (see the
provider pages under docs/providers/ for the sources); the values are made up.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

Shape = Callable[[str, Mapping[str, str]], tuple[dict[str, Any], dict[str, Any]]]
"""(issuer, request fields) -> (claims, header fields): how a provider writes a token."""

LIFETIME = 600
NO_TYP = {"typ": None}  # PyJWT writes `typ: JWT` unless told not to
JWT_TYP = {"typ": "JWT"}


def _now() -> int:
    return int(time.time())


def _words(fields: Mapping[str, str], name: str) -> list[str]:
    return fields.get(name, "").split()


def _user_id(namespace: str, username: str) -> str:
    """A stable made-up identifier: the same user always gets the same id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}:{username}"))


# Auth0: https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles
AUTH0_AUDIENCE = "https://orders.example.com"
AUTH0_CLIENT = "Wx9Fq2RkTz8bLm3NpQ7vYc4dHs6jKa1e"


def auth0(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Auth0's default profile: `scope` as a string, RBAC `permissions` as a list, `azp`.

    With the `openid` scope the token also serves `/userinfo`, and `aud` is a list.
    """
    now = _now()
    audience = fields.get("audience", AUTH0_AUDIENCE)
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": f"auth0|{fields['username']}",
        "aud": [audience, f"{issuer}userinfo"] if "openid" in _words(fields, "scope") else audience,
        "azp": AUTH0_CLIENT,
        "iat": now,
        "exp": now + LIFETIME,
        "scope": fields.get("scope", ""),
        "permissions": _words(fields, "permissions"),
        "jti": None,
    }
    return claims, JWT_TYP


def auth0_rfc9068(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Auth0's RFC 9068 profile: `typ: at+jwt`, `client_id` instead of `azp`, a `jti`."""
    claims, _ = auth0(issuer, fields)
    claims.pop("azp")
    claims.update(client_id=AUTH0_CLIENT, jti=uuid.uuid4().hex)
    return claims, {"typ": "at+jwt"}


# Keycloak: realm issuer, `azp`, `scope`, roles under `realm_access` and `resource_access`.
KEYCLOAK_AUDIENCE = "orders-api"
KEYCLOAK_CLIENT = "shop-frontend"


def keycloak(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Keycloak access token with an audience mapper naming the API."""
    now = _now()
    username = fields["username"]
    session = str(uuid.uuid4())
    claims: dict[str, Any] = {
        "exp": now + LIFETIME,
        "iat": now,
        "jti": str(uuid.uuid4()),
        "iss": issuer,
        "aud": [KEYCLOAK_AUDIENCE, "account"],
        "sub": _user_id("keycloak", username),
        "typ": "Bearer",
        "azp": KEYCLOAK_CLIENT,
        "sid": session,
        "acr": "1",
        "realm_access": {"roles": ["default-roles-shop", *_words(fields, "roles")]},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
        "scope": " ".join(["openid", "email", "profile", *_words(fields, "scope")]),
        "email_verified": True,
        "preferred_username": username,
        "email": f"{username}@example.com",
    }
    return claims, JWT_TYP


# Okta (custom authorization server): `scp` as a list, `cid`, `uid`, `ver`; no `typ`.
OKTA_AUDIENCE = "api://default"
OKTA_CLIENT = "0oa1b2c3d4e5f6g7h8i9"


def okta(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An Okta access token of the `default` custom authorization server."""
    now = _now()
    user = "00u" + _user_id("okta", fields["username"]).replace("-", "")[:17]
    claims: dict[str, Any] = {
        "ver": 1,
        "jti": "AT." + uuid.uuid4().hex,
        "iss": issuer,
        "aud": OKTA_AUDIENCE,
        "sub": f"{fields['username']}@example.com",
        "iat": now,
        "exp": now + LIFETIME,
        "cid": fields.get("client_id", OKTA_CLIENT),
        "uid": user,
        "scp": _words(fields, "scope"),
        "auth_time": now - 30,
    }
    return claims, NO_TYP


# Microsoft Entra ID (v2.0 access tokens): `scp` string, `roles` list, `oid`, `tid`, `azp`.
ENTRA_API = "6e0a2f4b-8c1d-4e5f-9a7b-3c2d1e0f9a8b"
ENTRA_CLIENT = "1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b"
ENTRA_TENANTS = {
    "contoso": "9b1c3f5e-2d4a-4c6b-8e7f-1a2b3c4d5e6f",
    "fabrikam": "3e8d6c4b-7a5f-4e2d-9c1b-0a9f8e7d6c5b",
    "litware": "5c4b3a29-1807-4f6e-8d5c-4b3a29180706",
}


def entra(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An Entra ID v2.0 access token for the tenant the issuer URL names."""
    now = _now()
    tenant = issuer.rstrip("/").split("/")[-2]
    username = fields["username"]
    claims: dict[str, Any] = {
        "aud": ENTRA_API,
        "iss": issuer,
        "iat": now,
        "nbf": now,
        "exp": now + LIFETIME,
        "aio": "AWQAm/8TAAAA" + uuid.uuid4().hex,
        "azp": ENTRA_CLIENT,
        "azpacr": "0",
        "name": username.title(),
        "oid": _user_id(f"entra:{tenant}", username),
        "preferred_username": f"{username}@{tenant[:8]}.example.com",
        "rh": "0.AAAA" + uuid.uuid4().hex,
        "sub": _user_id(f"entra-pairwise:{tenant}", username).replace("-", "")[:43],
        "tid": tenant,
        "uti": uuid.uuid4().hex[:22],
        "ver": "2.0",
        "jti": None,
    }
    if fields.get("scope"):
        claims["scp"] = fields["scope"]
    if fields.get("roles"):
        claims["roles"] = _words(fields, "roles")
    return claims, JWT_TYP


# Amazon Cognito user pools: no `aud` in access tokens; `client_id`, `token_use`, groups.
COGNITO_CLIENT = "4g5h6j7k8l9m0n1p2q3r4s5t6u"


def cognito(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Cognito user pool access token; `token_use` is `id` when the request asks for one."""
    now = _now()
    username = fields["username"]
    claims: dict[str, Any] = {
        "sub": _user_id("cognito", username),
        "cognito:groups": _words(fields, "groups"),
        "iss": issuer,
        "version": 2,
        "client_id": fields.get("client_id", COGNITO_CLIENT),
        "origin_jti": str(uuid.uuid4()),
        "event_id": str(uuid.uuid4()),
        "token_use": fields.get("token_use", "access"),
        "scope": fields.get("scope", ""),
        "auth_time": now,
        "iat": now,
        "exp": now + LIFETIME,
        "jti": str(uuid.uuid4()),
        "username": username,
    }
    return claims, NO_TYP


# Google (OpenID Connect ID tokens): two `iss` spellings, `aud` = the client id, `email`.
GOOGLE_CLIENT = "1234567890-abc123def456.apps.googleusercontent.com"


def google(issuer: str, fields: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Google ID token; `legacy=yes` writes the issuer without its scheme."""
    now = _now()
    username = fields["username"]
    claims: dict[str, Any] = {
        "iss": "accounts.google.com" if fields.get("legacy") == "yes" else issuer,
        "azp": GOOGLE_CLIENT,
        "aud": fields.get("aud", GOOGLE_CLIENT),
        "sub": str(int(uuid.uuid5(uuid.NAMESPACE_URL, username)))[:21],
        "email": f"{username}@example.com",
        "email_verified": fields.get("verified", "yes") == "yes",
        "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
        "iat": now,
        "exp": now + LIFETIME,
        "jti": None,
    }
    return claims, JWT_TYP
