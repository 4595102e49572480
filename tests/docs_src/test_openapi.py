"""The Swagger UI and OpenAPI page (docs_src/openapi): its JSON extracts are the app's own."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import docs_src.openapi.tutorial001 as tutorial001
from tests.support.docs.pages import DOCS_DIR, parse_page
from tests.support.docs.tutorial import STEPS, load_step

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


def test_the_pages_json_is_the_applications_schema() -> None:
    blocks = [
        json.loads("\n".join(fence.lines))
        for fence in PAGE.fences
        if fence.lang == "json" and fence.title != PASSWORD_FLOW
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
