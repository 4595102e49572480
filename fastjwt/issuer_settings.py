"""`TrustedIssuer`: the settings of one identity provider whose tokens an API accepts.

These are settings only: `fastjwt.issuers` turns them into the policies and the
key sources the verification pipeline uses.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fastjwt.keys.keyring import check_jwks_url

__all__ = ["TENANT", "TrustedIssuer"]

TENANT = "{tenant}"
"""Where a multi-tenant issuer's URL holds the tenant, as in `.../{tenant}/v2.0`."""

_ASYMMETRIC = re.compile(r"(RS|PS|ES)(256|384|512)|ES256K|EdDSA")
_PINNING_CLAIMS = frozenset({"client_id", "azp", "appid", "cid"})


class TrustedIssuer(BaseModel):
    """An identity provider whose access tokens (or ID tokens) the API accepts.

    A token is checked against the issuer its `iss` claim names, with that
    issuer's keys only (its JWK Set, found through OpenID Connect discovery
    or given directly), its audiences, algorithms and claim rules. Give it in
    code, `FJWTConfig(JWT_TRUSTED_ISSUERS=[TrustedIssuer(...)])`, or from the
    environment as JSON:
    `JWT_TRUSTED_ISSUERS='[{"issuer": "https://auth.example.com/", "audiences": ["api"]}]'`.

    Example:
        ```python
        from fastjwt import TrustedIssuer

        auth0 = TrustedIssuer(
            issuer="https://example.eu.auth0.com/",
            audiences=["https://api.example.com"],
        )
        assert auth0.discovery_urls()[0] == (
            "https://example.eu.auth0.com/.well-known/openid-configuration"
        )
        ```
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: tuple[str, ...] = Field(min_length=1)
    """The `iss` values of the provider's tokens (one string, or several spellings of one
    issuer, as Google's). `{tenant}` stands for the tenant of a multi-tenant issuer."""
    tenants: tuple[str, ...] = ()
    """The tenants accepted for `{tenant}`; required when the issuer has it."""
    audiences: tuple[str, ...] = ()
    """The accepted `aud` values; when empty, a token must not name an audience (pin the
    client with `claims` instead, as for Cognito's `client_id`)."""
    jwks_url: str | None = None
    """The provider's JWK Set; when unset, found through discovery."""
    discovery_url: str | None = None
    """The provider's metadata; by default OpenID Connect discovery
    (`<issuer>/.well-known/openid-configuration`), then RFC 8414
    (`/.well-known/oauth-authorization-server`)."""
    algorithms: tuple[str, ...] = ("RS256",)
    """The algorithms its tokens may be signed with (public-key algorithms only)."""
    leeway: int | None = Field(default=None, ge=0, le=300)
    """Seconds of clock skew tolerated; `None`: `JWT_DECODE_LEEWAY`."""
    required_claims: tuple[str, ...] = ("exp", "sub")
    """Claims every accepted token must carry."""
    token_type: str | None = None
    """A `typ` the header must have, e.g. `at+jwt` (RFC 9068); when unset, a token without
    `typ`, or with `JWT` or `at+jwt`, is accepted."""
    claims: dict[str, str | tuple[str, ...]] = {}
    """Claims that must have a given value (or one of several), e.g.
    `{"token_use": "access", "client_id": "abc"}`."""
    scope_claims: tuple[str, ...] = ("scope", "scp", "permissions")
    """Where the scopes live: space-separated strings or lists of strings, merged into
    `payload.scopes`."""
    subject_claim: str = "sub"
    """The claim `payload.sub` is read from (e.g. `oid` for Entra ID's object id)."""
    authorization_url: str | None = None
    """The provider's authorization endpoint, to document an OAuth2 authorization-code flow
    in OpenAPI (Swagger UI's Authorize button)."""
    token_url: str | None = None
    """The provider's token endpoint, for the same flow."""
    openapi_scopes: dict[str, str] = {}
    """The scopes Swagger UI offers, with their descriptions."""

    @field_validator(
        "issuer", "tenants", "audiences", "algorithms", "required_claims", mode="before"
    )
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("claims", mode="before")
    @classmethod
    def _claim_values(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                name: tuple(wanted) if isinstance(wanted, list) else wanted
                for name, wanted in value.items()
            }
        return value

    @field_validator("algorithms")
    @classmethod
    def _public_key_algorithms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        wrong = [name for name in value if not _ASYMMETRIC.fullmatch(name)]
        if wrong or not value:
            msg = (
                f"an issuer signs with a private key: give public-key algorithms "
                f"(RS256, ES256, EdDSA, ...), not {wrong or value}"
            )
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TrustedIssuer:
        templated = any(TENANT in name for name in self.issuer)
        if templated and not self.tenants:
            msg = f"the issuer holds {TENANT}: list the accepted tenants in `tenants`"
            raise ValueError(msg)
        if self.tenants and not templated:
            msg = f"`tenants` is given, but the issuer holds no {TENANT}"
            raise ValueError(msg)
        if not self.audiences and not _PINNING_CLAIMS.intersection(self.claims):
            msg = (
                "accepting every token of an issuer accepts the tokens it issues to other "
                "applications: give `audiences`, or pin the client with `claims` "
                "(client_id, azp or appid)"
            )
            raise ValueError(msg)
        for name in (self.jwks_url, self.discovery_url):
            if name is not None:
                check_jwks_url(name.replace(TENANT, "tenant"), "TrustedIssuer URL")
        discoverable = any(_is_url(name) for name in self.issuer)
        if self.jwks_url is None and self.discovery_url is None and not discoverable:
            msg = (
                f"the issuer {self.issuer[0]!r} is not a URL, so its keys cannot be discovered: "
                "give `jwks_url` or `discovery_url`"
            )
            raise ValueError(msg)
        return self

    def discovery_urls(self, issuer: str | None = None) -> list[str]:
        """Where the provider's metadata is looked for, in order, for one of its issuers."""
        if self.discovery_url is not None:
            return [
                self.discovery_url if issuer is None else self.concrete(self.discovery_url, issuer)
            ]
        base = self.home(issuer)
        if base is None:
            return []
        root = base.rstrip("/")
        scheme, _, rest = root.partition("://")
        host, _, path = rest.partition("/")
        urls = [f"{root}/.well-known/openid-configuration"]
        urls.append(
            f"{scheme}://{host}/.well-known/oauth-authorization-server"
            + (f"/{path}" if path else "")
        )
        return urls

    def home(self, issuer: str | None = None) -> str | None:
        """The spelling of the issuer its metadata is found from, and must name.

        `issuer` itself when it is a URL, as a tenant's issuer is; else the first
        spelling that is one (Google's `https://accounts.google.com` for
        `accounts.google.com`); `None` when no spelling is a URL.
        """
        if issuer is not None and _is_url(issuer):
            return issuer
        return next((name for name in self.issuer if TENANT not in name and _is_url(name)), None)

    def concrete(self, url: str, issuer: str) -> str:
        """`url` with the tenant of `issuer` in place of `{tenant}`."""
        for template in self.issuer:
            tenant = tenant_of(template, issuer)
            if tenant is not None:
                return url.replace(TENANT, tenant)
        return url


def _is_url(name: str) -> bool:
    return name.startswith(("https://", "http://"))


def tenant_of(template: str, issuer: str) -> str | None:
    """The tenant `issuer` names in the place of `{tenant}` in `template`, if it matches."""
    if TENANT not in template:
        return None
    before, _, after = template.partition(TENANT)
    if not (issuer.startswith(before) and issuer.endswith(after)):
        return None
    tenant = issuer[len(before) : len(issuer) - len(after)]
    return tenant if tenant and "/" not in tenant else None
