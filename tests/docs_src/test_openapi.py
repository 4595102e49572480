"""The Swagger UI and OpenAPI page (docs_src/openapi): its JSON extracts are the app's own."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx2
import pytest
from fastapi.testclient import TestClient

import docs_src.openapi.tutorial001 as tutorial001
from tests.support import fresh_import
from tests.support.docs.pages import DOCS_DIR, parse_page
from tests.support.docs.providers import KEYCLOAK_LOGIN
from tests.support.docs.setup import environment
from tests.support.docs.tutorial import STEPS, load_step
from tests.support.issuer import StandInIssuer, s256

PAGE = parse_page(DOCS_DIR / "how-to" / "openapi.md")
Schema = dict[str, Any]


def security_of_operations(schema: Schema) -> Schema:
    return {
        path: {method: {"security": op["security"]} for method, op in item.items()}
        for path, item in schema["paths"].items()
        if any("security" in op for op in item.values())
    }


# What each JSON block of the page shows, in page order.
EXTRACTS: list[Callable[[Schema], object]] = [
    lambda schema: schema["components"]["securitySchemes"],
    security_of_operations,
    lambda schema: schema["paths"]["/me"]["get"]["responses"]["401"],
    lambda schema: schema["components"]["schemas"]["AuthenticationErrorBody"],
]


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(tutorial001.app) as client:
        yield client


PASSWORD_FLOW = "/openapi.json: components.securitySchemes.JWT"
ISSUER_SCHEME = "/openapi.json: components.securitySchemes.OAuth2"
ISSUER_SECURITY = "/openapi.json: the security of each operation (issuer login)"
AUTHORIZE = "/realms/shop/protocol/openid-connect/auth"
TOKEN = "/realms/shop/protocol/openid-connect/token"


def json_block(title: str) -> Any:
    (fence,) = [fence for fence in PAGE.fences if fence.title == title]
    return json.loads("\n".join(fence.lines))


def test_the_pages_json_is_the_applications_schema() -> None:
    blocks = [
        json.loads("\n".join(fence.lines))
        for fence in PAGE.fences
        if fence.lang == "json"
        and fence.title not in {PASSWORD_FLOW, ISSUER_SCHEME, ISSUER_SECURITY}
    ]
    schema = tutorial001.app.openapi()

    assert len(blocks) == len(EXTRACTS)
    for block, extract in zip(blocks, EXTRACTS, strict=True):
        assert block == extract(schema)


def test_the_password_flow_is_the_tutorials_schema() -> None:
    (block,) = [fence for fence in PAGE.fences if fence.title == PASSWORD_FLOW]
    schema = load_step(STEPS[0]).app.openapi()

    assert json.loads("\n".join(block.lines)) == schema["components"]["securitySchemes"]["JWT"]


def test_every_protected_operation_documents_its_401() -> None:
    paths = tutorial001.app.openapi()["paths"]

    assert "401" in paths["/me"]["get"]["responses"]
    assert "401" in paths["/exports/report.csv"]["get"]["responses"]
    assert "401" not in paths["/login"]["post"]["responses"]
    assert "security" not in paths["/login"]["post"]


def test_the_routes_work_from_each_location(client: TestClient) -> None:
    refused = client.post("/login", json={"username": "test", "password": "no"})
    login = client.post("/login", json={"username": "test", "password": "test"})
    token = login.json()["access_token"]

    header = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    client.cookies.set("access_token_cookie", token)
    cookie = client.get("/me")
    client.cookies.clear()
    report = client.get("/exports/report.csv", params={"token": token})
    missing = client.get("/me")

    assert (refused.status_code, refused.json()) == (
        401,
        {"detail": {"message": "Bad credentials"}},
    )
    assert header.json() == cookie.json() == {"user": "test"}
    assert (report.status_code, report.text) == (200, "user,notes\ntest,3\n")
    assert (missing.status_code, missing.json()) == (
        401,
        {
            "detail": "Missing JWT in request: looked in the Authorization header, "
            "the access_token_cookie cookie"
        },
    )


@pytest.fixture
def realm() -> Iterator[tuple[ModuleType, StandInIssuer]]:
    """The issuer-login example, configured as the page exports, against a stand-in realm."""
    with KEYCLOAK_LOGIN(PAGE) as setup, environment(setup.env):
        yield fresh_import("docs_src.openapi.tutorial002"), setup.state


def test_the_issuer_login_json_is_the_applications_schema(
    realm: tuple[ModuleType, StandInIssuer],
) -> None:
    example, issuer = realm
    schema = example.app.openapi()
    shown = json.dumps(json_block(ISSUER_SCHEME)).replace("https://sso.example.com", issuer.base)

    assert json.loads(shown) == schema["components"]["securitySchemes"]["OAuth2"]
    assert set(schema["components"]["securitySchemes"]) == {"OAuth2"}
    assert json_block(ISSUER_SECURITY) == security_of_operations(schema)
    assert example.app.swagger_ui_init_oauth == {
        "clientId": "shop-frontend",
        "usePkceWithAuthorizationCodeGrant": True,
        "scopes": "orders:read",
    }


def log_in(issuer: StandInIssuer, verifier: str, username: str = "alice") -> dict[str, str]:
    """Go through the realm's login as Swagger UI and its user do; return the exchange form."""
    redirect = "http://127.0.0.1:8000/docs/oauth2-redirect"
    query = {
        "response_type": "code",
        "client_id": "shop-frontend",
        "redirect_uri": redirect,
        "scope": "orders:read",
        "state": "xyz",
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    }
    with httpx2.Client(base_url=issuer.base) as browser:
        form = browser.get(AUTHORIZE, params=query)
        assert (form.status_code, 'name="username"' in form.text) == (200, True)
        sent = browser.get(f"{AUTHORIZE}/login", params={**query, "username": username})
    assert sent.status_code == 302
    location = urlsplit(sent.headers["Location"])
    back = dict(parse_qsl(location.query))
    assert (location.path, back["state"]) == ("/docs/oauth2-redirect", "xyz")
    return {
        "grant_type": "authorization_code",
        "code": back["code"],
        "client_id": "shop-frontend",
        "redirect_uri": redirect,
        "code_verifier": verifier,
    }


def exchange(issuer: StandInIssuer, form: dict[str, str]) -> httpx2.Response:
    return httpx2.post(
        issuer.base + TOKEN,
        content=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def test_a_token_from_the_issuer_login_opens_the_routes(
    realm: tuple[ModuleType, StandInIssuer],
) -> None:
    example, issuer = realm
    form = log_in(issuer, secrets.token_urlsafe(32))
    answer = exchange(issuer, form)
    token = answer.json()["access_token"]

    with TestClient(example.app) as client:
        me = client.get("/me", headers={"Authorization": f"Bearer {token}"})
        orders = client.get("/orders", headers={"Authorization": f"Bearer {token}"})

    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert me.json()["username"] == "alice"
    assert "orders:read" in me.json()["scopes"]
    assert orders.json() == ["order-1", "order-2"]


def test_the_realm_wants_the_pkce_verifier_and_a_code_once(
    realm: tuple[ModuleType, StandInIssuer],
) -> None:
    _, issuer = realm
    form = log_in(issuer, secrets.token_urlsafe(32))
    wrong = exchange(issuer, {**form, "code_verifier": secrets.token_urlsafe(32)})
    again = log_in(issuer, "a-verifier-" + "x" * 40)
    first, second = exchange(issuer, again), exchange(issuer, again)

    plain = httpx2.get(
        issuer.base + AUTHORIZE,
        params={
            "response_type": "code",
            "client_id": "c",
            "redirect_uri": "r",
            "code_challenge": "x",
        },
    )
    no_challenge = httpx2.get(
        f"{issuer.base}{AUTHORIZE}/login", params={"client_id": "c", "username": "alice"}
    )

    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert first.status_code == 200
    assert (second.status_code, second.json()["error"]) == (400, "invalid_grant")
    assert (plain.status_code, "S256 is required" in plain.text) == (400, True)
    assert (no_challenge.status_code, "code_challenge" in no_challenge.text) == (400, True)
