"""Trusted issuers: which identity provider a token comes from, its keys and its rules.

A token names its issuer in `iss`. Before its signature is checked, that
claim only chooses which issuer's policy and keys to check it with: a token
naming a trusted issuer is verified with that issuer's JWK Set alone, never
with the application's own keys nor another issuer's, and a token whose
issuer is not trusted never causes a fetch.

Once verified, a provider's claims are made to read like FastJWT's: the
subject under `sub`, the scopes (from `scope`, `scp`, `permissions`, ...)
as the list `scopes`, `type` set to `access`, and a `jti` derived from the
signature when the provider sends none (so the token can be revoked).
Refresh, freshness and CSRF belong to FastJWT's own tokens: a provider's
token is never fresh and never a refresh token.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastjwt.exceptions import JWTDecodeError
from fastjwt.issuer_settings import TENANT, tenant_of
from fastjwt.keys.remote import JWKSClient
from fastjwt.tokens import codec

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from fastjwt.issuer_settings import TrustedIssuer

__all__ = ["IssuerPolicy", "Issuers"]

_ACCESS_TYPES = frozenset({"jwt", "at+jwt"})


@dataclass(frozen=True, slots=True)
class IssuerPolicy:
    """How the tokens of one concrete issuer (one tenant's, for a multi-tenant one) are checked.

    Attributes:
        issuer: The `iss` value this policy is for.
        settings: The trusted issuer's settings.
        rules: The registered-claim rules of its tokens.
        keys: Its JWK Set.
    """

    issuer: str
    settings: TrustedIssuer
    rules: codec.DecodeRules
    keys: JWKSClient

    def accept(self, token: str, claims: dict[str, Any]) -> dict[str, Any]:
        """Check the issuer's own claim rules and return the claims as FastJWT reads them.

        Raises:
            JWTDecodeError: A required value is missing or different, the
                subject is not a non-empty string, or a scope claim is malformed.
        """
        for name, wanted in self.settings.claims.items():
            value = claims.get(name)
            if value is None:
                raise JWTDecodeError(description=codec.missing(name))
            allowed = wanted if isinstance(wanted, tuple) else (wanted,)
            if not isinstance(value, str) or value not in allowed:
                raise JWTDecodeError(
                    description=f"The token {name} {codec.shown(value)} is not accepted"
                )
        subject = claims.get(self.settings.subject_claim)
        if not isinstance(subject, str) or not subject:
            raise JWTDecodeError(description="The token subject must be a non-empty string")
        read = dict(claims)
        read["sub"] = subject
        read["scopes"] = _scopes(claims, self.settings.scope_claims)
        read["type"] = "access"
        read.pop("fresh", None)
        read.pop("csrf", None)
        read.pop("fam", None)
        if not isinstance(read.get("jti"), str):
            signature = token.rpartition(".")[2]
            digest = hashlib.sha256(signature.encode("ascii")).digest()
            read["jti"] = "sha256:" + codec.base64url_encode(digest)
        return read


def _scopes(claims: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    scopes: dict[str, None] = {}
    for name in names:
        value = claims.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            items: list[Any] = value.split()
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            items = value
        else:
            raise JWTDecodeError(description=f"The token {name} claim is malformed")
        scopes.update(dict.fromkeys(items))
    return list(scopes)


class Issuers:
    """The trusted issuers of a configuration, by the `iss` values their tokens carry.

    Args:
        trusted: The trusted issuers' settings.
        leeway: `JWT_DECODE_LEEWAY`, for issuers that set none.
        lifetime: Seconds a fetched JWK Set is used (`JWT_JWKS_CACHE_LIFETIME`).
        min_interval: Fewest seconds between two fetches (`JWT_JWKS_MIN_FETCH_INTERVAL`).
        timeout: Seconds a fetch may take (`JWT_JWKS_TIMEOUT`).
        previous: The issuers of the configuration before a change: the JWK
            Sets of unchanged issuers are kept, fetched keys included.
    """

    def __init__(
        self,
        trusted: Sequence[TrustedIssuer],
        *,
        leeway: float,
        lifetime: float,
        min_interval: float,
        timeout: float,
        previous: Issuers | None = None,
    ) -> None:
        self.trusted = tuple(trusted)
        self._leeway = leeway
        self._fetching = (lifetime, min_interval, timeout)
        self._kept = {} if previous is None else dict(previous.policies)
        self.policies: dict[str, IssuerPolicy] = {}
        """The policies made so far, by `iss` (tenants of a multi-tenant issuer as they come)."""
        self._templates: list[tuple[str, TrustedIssuer]] = []
        self._clients: dict[tuple[int, str], JWKSClient] = {}
        for settings in self.trusted:
            for name in settings.issuer:
                if TENANT in name:
                    self._templates.append((name, settings))
                else:
                    self.policies[name] = self._policy(name, settings)

    def match(self, issuer: object) -> IssuerPolicy | None:
        """The policy of the trusted issuer that `issuer` (a token's `iss`) names, if any."""
        if not isinstance(issuer, str):
            return None
        policy = self.policies.get(issuer)
        if policy is not None:
            return policy
        for template, settings in self._templates:
            tenant = tenant_of(template, issuer)
            if tenant is not None and tenant in settings.tenants:
                policy = self.policies[issuer] = self._policy(issuer, settings)
                return policy
        return None

    def _policy(self, issuer: str, settings: TrustedIssuer) -> IssuerPolicy:
        keys = self._keys(issuer, settings)
        kept = self._kept.get(issuer)
        if kept is not None and kept.settings == settings and kept.keys is keys:
            return kept
        typ = settings.token_type
        rules = codec.DecodeRules(
            leeway=self._leeway if settings.leeway is None else float(settings.leeway),
            audience=settings.audiences or None,
            issuer=(issuer,),
            require=settings.required_claims,
            low_s=False,  # other libraries sign ECDSA with any s: only FastJWT's are canonical
            types=_ACCESS_TYPES
            if typ is None
            else frozenset({typ.lower().removeprefix("application/")}),
            type_required=typ is not None,
        )
        return IssuerPolicy(issuer, settings, rules, keys)

    def _keys(self, issuer: str, settings: TrustedIssuer) -> JWKSClient:
        """The JWK Set of `issuer`: one per issuer, shared by the spellings of one issuer."""
        url = settings.jwks_url
        where = None if url is None else settings.concrete(url, issuer)
        home = settings.home(issuer)
        shared = (id(settings), where or home or issuer)
        client = self._clients.get(shared)
        if client is None:
            lifetime, min_interval, timeout = self._fetching
            client = JWKSClient(
                where,
                algorithms=settings.algorithms,
                lifetime=lifetime,
                min_interval=min_interval,
                timeout=timeout,
                discovery=settings.discovery_urls(issuer),
                issuer=home or issuer,
            )
            kept = self._kept.get(issuer)
            if kept is not None and (kept.settings, kept.keys.settings) == (
                settings,
                client.settings,
            ):
                client = kept.keys
            self._clients[shared] = client
        return client
