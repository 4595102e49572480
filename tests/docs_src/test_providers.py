"""The provider pages (docs_src/keycloak, okta, entra, cognito, google): each example app,
configured as its page exports, accepts its provider's tokens with the right subject and
scopes, and refuses the tokens the page says it refuses.

Auth0's page has its own test module (tests/docs_src/test_auth0.py).
"""

from __future__ import annotations

from tests.support import providers
from tests.support.docs.providers import (
    COGNITO,
    ENTRA,
    GOOGLE,
    KEYCLOAK,
    OKTA,
    provider_app,
)

CONTOSO, FABRIKAM, LITWARE = providers.ENTRA_TENANTS.values()


def challenge(response: object) -> str:
    headers = getattr(response, "headers")  # noqa: B009 - a Response of the TestClient
    return str(headers["WWW-Authenticate"])


def test_keycloak_subject_scopes_and_realm_roles() -> None:
    endpoint = "/realms/shop/protocol/openid-connect/token"
    with provider_app(KEYCLOAK, "providers/keycloak.md", "docs_src.keycloak.tutorial001") as kc:
        alice = kc.token(endpoint, username="alice", scope="orders:read", roles="refunds")
        me = kc.get("/me", alice).json()
        assert (
            me["sub"]
            == providers.keycloak(kc.issuer.issuer("/realms/shop"), {"username": "alice"})[0]["sub"]
        )
        assert me["scopes"] == ["openid", "email", "profile", "orders:read"]
        assert me["roles"] == ["default-roles-shop", "refunds"]
        assert kc.get("/orders", alice).status_code == 200
        assert (
            kc.client.post("/refunds", headers={"Authorization": f"Bearer {alice}"}).status_code
            == 200
        )
        bob = kc.token(endpoint, username="bob")
        assert kc.get("/orders", bob).status_code == 403
        assert (
            kc.client.post("/refunds", headers={"Authorization": f"Bearer {bob}"}).status_code
            == 403
        )
        # Without the audience mapper, `aud` names `account` only; an ID-like token has another typ.
        claims, headers = providers.keycloak(kc.issuer.issuer("/realms/shop"), {"username": "eve"})
        unmapped = kc.issuer.token({**claims, "aud": "account"}, headers=headers)
        assert "audience account is not accepted" in challenge(kc.get("/me", unmapped))
        id_token = kc.issuer.token({**claims, "typ": "ID"}, headers=headers)
        assert "typ ID is not accepted" in challenge(kc.get("/me", id_token))


def test_okta_subject_and_scp_scopes() -> None:
    endpoint = "/oauth2/default/v1/token"
    with provider_app(OKTA, "providers/okta.md", "docs_src.okta.tutorial001") as okta:
        alice = okta.token(endpoint, username="alice", scope="openid orders:read")
        me = okta.get("/me", alice).json()
        assert (me["sub"], me["scopes"]) == ("alice@example.com", ["openid", "orders:read"])
        assert me["uid"].startswith("00u")
        assert okta.get("/orders", alice).json() == ["order-1", "order-2"]
        assert (
            okta.get("/orders", okta.token(endpoint, username="alice", scope="openid")).status_code
            == 403
        )


def test_entra_tenants_oid_subject_and_scp_or_roles() -> None:
    with provider_app(ENTRA, "providers/entra.md", "docs_src.entra.tutorial001") as entra:

        def token(tenant: str, **fields: str) -> str:
            return entra.token(f"/{tenant}/oauth2/v2.0/token", **fields)

        alice = token(CONTOSO, username="alice", scope="Orders.Read")
        me = entra.get("/me", alice).json()
        claims, _ = providers.entra(entra.issuer.issuer(f"/{CONTOSO}/v2.0"), {"username": "alice"})
        assert me == {"oid": claims["oid"], "tenant": CONTOSO, "scopes": ["Orders.Read"]}
        assert me["oid"] != claims["sub"]
        assert entra.get("/orders", alice).status_code == 200
        exporter = token(FABRIKAM, username="nightly-export", roles="Orders.Read Orders.Export")
        assert entra.get("/me", exporter).json()["scopes"] == ["Orders.Read", "Orders.Export"]
        export = entra.client.post(
            "/orders/export", headers={"Authorization": f"Bearer {exporter}"}
        )
        assert export.json() == {"export": "started"}
        refused = entra.get("/me", token(LITWARE, username="mallory", scope="Orders.Read"))
        assert refused.status_code == 401
        assert f"issuer {entra.issuer.issuer(f'/{LITWARE}/v2.0')} is not accepted" in challenge(
            refused
        )
        # Litware's discovery document was never fetched: its tokens cause no request.
        assert not any(
            LITWARE in request for request in entra.issuer.requests if "well-known" in request
        )


def test_cognito_client_pinning_token_use_and_groups() -> None:
    with provider_app(COGNITO, "providers/cognito.md", "docs_src.cognito.tutorial001") as pool:
        alice = pool.token(
            "/oauth2/token", username="alice", scope="orders/read", groups="managers"
        )
        me = pool.get("/me", alice).json()
        claims, _ = providers.cognito(
            pool.issuer.issuer("/eu-west-1_Example1"), {"username": "alice"}
        )
        assert me == {
            "sub": claims["sub"],
            "username": "alice",
            "scopes": ["orders/read", "managers"],
        }
        assert pool.get("/reports", alice).json() == {"orders": 2}
        bob = pool.token("/oauth2/token", username="bob", scope="orders/read")
        assert pool.get("/orders", bob).status_code == 200
        assert pool.get("/reports", bob).status_code == 403
        other = pool.token("/oauth2/token", username="bob", client_id="another-client")
        assert "client_id another-client is not accepted" in challenge(pool.get("/me", other))
        id_token = pool.token("/oauth2/token", username="bob", token_use="id")
        assert "token_use id is not accepted" in challenge(pool.get("/me", id_token))
        with_aud = pool.issuer.token({**claims, "aud": "anything"}, headers=providers.NO_TYP)
        assert pool.get("/me", with_aud).status_code == 401


def test_google_id_tokens_under_both_issuer_spellings() -> None:
    with provider_app(GOOGLE, "providers/google.md", "docs_src.google.tutorial001") as google:
        claims, _ = providers.google(google.issuer.issuer(""), {"username": "alice"})
        for legacy in ("no", "yes"):
            token = google.token("/token", username="alice", legacy=legacy)
            assert google.get("/me", token).json() == {
                "sub": claims["sub"],
                "email": "alice@example.com",
            }
        unverified = google.token("/token", username="bob", verified="no")
        assert google.get("/me", unverified).status_code == 403
        other = google.token("/token", username="alice", aud="x.apps.googleusercontent.com")
        assert "audience x.apps.googleusercontent.com is not accepted" in challenge(
            google.get("/me", other)
        )
        no_email = google.issuer.token({**claims, "email": None})
        assert "lacks the email claim" in challenge(google.get("/me", no_email))
        # Both spellings are checked with the keys given by jwks_url: no discovery is needed.
        assert "/oauth2/v3/certs" in google.issuer.requests
        assert "/.well-known/openid-configuration" not in google.issuer.requests
