"""Page setups of docs/providers/: a stand-in identity provider for each provider page.

Each `StandIn` starts the stand-in issuer of `tests.support.issuer` on a free port of
127.0.0.1, publishes discovery documents and keys at the paths the real provider uses,
answers `POST` at the provider's token endpoint with tokens shaped as it documents them
(`tests.support.providers`), and hands the app the settings the page exports, with the
provider's address replaced by the stand-in's. The page shows the stand-in at
`127.0.0.1:9000`.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from fastapi.testclient import TestClient

from tests.support import fresh_import, providers
from tests.support.docs.pages import DOCS_DIR, Page, parse_page
from tests.support.docs.setup import Setup, environment, first_exports
from tests.support.issuer import HOST, StandInIssuer, stand_in_issuer
from tests.support.keys import new_private_key, private_pem

ISSUER_ADDRESS = "127.0.0.1:9000"
"""Where the pages show the stand-in identity provider."""


@dataclass(frozen=True)
class StandIn:
    """How the stand-in issuer plays one provider.

    Attributes:
        provider: The provider's address in the page's settings, replaced by the stand-in's.
        issuers: The issuer paths to publish discovery documents and keys for.
        tokens: Token endpoint path -> (issuer path, shape of its tokens).
        keys: Paths of JWK Sets given directly in the settings (`jwks_url`), by their URL.
        logins: Authorization endpoint path -> (its token endpoint path, issuer path, shape
            of its tokens): the authorization-code grant with PKCE, for a browser.
        field: Where the token endpoint puts the token (`id_token` for Google).
    """

    provider: str
    issuers: tuple[str, ...]
    tokens: Mapping[str, tuple[str, providers.Shape]]
    keys: Mapping[str, str] = field(default_factory=dict)
    logins: Mapping[str, tuple[str, str, providers.Shape]] = field(default_factory=dict)
    field: str = "access_token"

    @contextlib.contextmanager
    def __call__(self, page: Page) -> Iterator[Setup]:
        with stand_in_issuer() as issuer:
            for path in self.issuers:
                issuer.serve_issuer(path)
            for path, (issuer_path, shape) in self.tokens.items():
                issuer.serve_token_endpoint(path, issuer.issuer(issuer_path), shape, self.field)
            for path, (token_path, issuer_path, shape) in self.logins.items():
                issuer.serve_authorization_code(path, token_path, issuer.issuer(issuer_path), shape)
            env = first_exports(page)
            for url, path in self.keys.items():
                issuer.serve_keys(path)
                env = {name: value.replace(url, issuer.issuer(path)) for name, value in env.items()}
            env = {name: value.replace(self.provider, issuer.base) for name, value in env.items()}
            yield Setup(env=env, servers={ISSUER_ADDRESS: f"{HOST}:{issuer.port}"}, state=issuer)


AUTH0 = StandIn(
    provider="https://example.eu.auth0.com",
    issuers=("/",),
    tokens={"/oauth/token": ("/", providers.auth0)},
)
KEYCLOAK = StandIn(
    provider="https://sso.example.com",
    issuers=("/realms/shop",),
    tokens={"/realms/shop/protocol/openid-connect/token": ("/realms/shop", providers.keycloak)},
)
KEYCLOAK_LOGIN = StandIn(
    provider="https://sso.example.com",
    issuers=("/realms/shop",),
    tokens={},
    logins={
        "/realms/shop/protocol/openid-connect/auth": (
            "/realms/shop/protocol/openid-connect/token",
            "/realms/shop",
            providers.keycloak,
        )
    },
)
"""The realm of the Keycloak page, with the login a browser goes through (Swagger UI's)."""
OKTA = StandIn(
    provider="https://example.okta.com",
    issuers=("/oauth2/default",),
    tokens={"/oauth2/default/v1/token": ("/oauth2/default", providers.okta)},
)
ENTRA = StandIn(
    provider="https://login.microsoftonline.com",
    issuers=tuple(f"/{tenant}/v2.0" for tenant in providers.ENTRA_TENANTS.values()),
    tokens={
        f"/{tenant}/oauth2/v2.0/token": (f"/{tenant}/v2.0", providers.entra)
        for tenant in providers.ENTRA_TENANTS.values()
    },
)
COGNITO = StandIn(
    provider="https://cognito-idp.eu-west-1.amazonaws.com",
    issuers=("/eu-west-1_Example1",),
    tokens={"/oauth2/token": ("/eu-west-1_Example1", providers.cognito)},
)
GOOGLE = StandIn(
    provider="https://accounts.google.com",
    issuers=("",),
    tokens={"/token": ("", providers.google)},
    keys={"https://www.googleapis.com/oauth2/v3/certs": "/oauth2/v3/certs"},
    field="id_token",
)


@contextlib.contextmanager
def signing_keys(page: Page) -> Iterator[Setup]:
    """The key file a page's app signs with: a new key of its `JWT_ALGORITHM`, written to a
    scratch directory, and the page's `JWT_PRIVATE_KEY_FILE` pointed at it."""
    env = first_exports(page)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / Path(env["JWT_PRIVATE_KEY_FILE"]).name
        path.write_text(private_pem(new_private_key(env["JWT_ALGORITHM"])))
        yield Setup(env={**env, "JWT_PRIVATE_KEY_FILE": str(path)})


@dataclass(frozen=True)
class ProviderApp:
    """A provider page's example app, running against the stand-in provider."""

    module: ModuleType
    client: TestClient
    issuer: StandInIssuer
    field: str

    def token(self, endpoint: str, **fields: str) -> str:
        """A token from the stand-in's token endpoint at `endpoint` (request fields given)."""
        answer: dict[str, Any] = self.issuer.token_endpoints[endpoint](fields)
        token: str = answer[self.field]
        return token

    def get(self, path: str, token: str) -> Any:
        """`GET path` with the token as a bearer token."""
        return self.client.get(path, headers={"Authorization": f"Bearer {token}"})


@contextlib.contextmanager
def provider_app(stand_in: StandIn, page: str, module: str) -> Iterator[ProviderApp]:
    """The example `module` of `page` (under docs/), configured as the page exports."""
    with stand_in(parse_page(DOCS_DIR / page)) as setup, environment(setup.env):
        example = fresh_import(module)
        with TestClient(example.app) as client:
            yield ProviderApp(example, client, setup.state, stand_in.field)


__all__ = [
    "AUTH0",
    "COGNITO",
    "ENTRA",
    "GOOGLE",
    "ISSUER_ADDRESS",
    "KEYCLOAK",
    "KEYCLOAK_LOGIN",
    "OKTA",
    "ProviderApp",
    "StandIn",
    "StandInIssuer",
    "provider_app",
    "signing_keys",
]
