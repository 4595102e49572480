"""OpenAPI shows, for each route, the locations its token may come from."""

from typing import Any

from fastapi import Depends, FastAPI

from fastjwt import add_error_responses
from tests.support.locations_app import make_app


def _schema(**settings: object) -> dict[str, Any]:
    app, _ = make_app(**settings)
    return app.openapi()


def test_every_location_scheme_is_declared() -> None:
    schemes = _schema()["components"]["securitySchemes"]
    assert schemes == {
        "JWT": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A JWT in the Authorization header",
        },
        "JWTCookie": {
            "type": "apiKey",
            "in": "cookie",
            "name": "access_token_cookie",
            "description": "A JWT in a cookie",
        },
        "JWTRefreshCookie": {
            "type": "apiKey",
            "in": "cookie",
            "name": "refresh_token_cookie",
            "description": "A JWT in a cookie",
        },
        "JWTQuery": {
            "type": "apiKey",
            "in": "query",
            "name": "token",
            "description": "A JWT in the query string",
        },
    }


def test_each_operation_lists_its_own_locations() -> None:
    paths = _schema()["paths"]
    assert paths["/me"]["get"]["security"] == [{"JWT": []}, {"JWTCookie": []}, {"JWTQuery": []}]
    assert paths["/refresh"]["post"]["security"] == [
        {"JWT": []},
        {"JWTRefreshCookie": []},
        {"JWTQuery": []},
    ]
    assert paths["/query-only"]["get"]["security"] == [{"JWTQuery": []}]
    assert "security" not in paths["/login"]["post"]


def test_configured_names_appear() -> None:
    schemes = _schema(JWT_ACCESS_COOKIE_NAME="session", JWT_QUERY_STRING_NAME="jwt")["components"][
        "securitySchemes"
    ]
    assert schemes["JWTCookie"]["name"] == "session"
    assert schemes["JWTQuery"]["name"] == "jwt"


def test_the_scheme_dependencies_add_no_parameters() -> None:
    operation = _schema()["paths"]["/me"]["get"]
    assert "parameters" not in operation


def test_error_responses_are_added_to_protected_operations_only() -> None:
    app, _ = make_app()
    add_error_responses(app)
    schema = app.openapi()
    me = schema["paths"]["/me"]["get"]["responses"]
    assert me["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AuthenticationErrorBody"
    }
    assert "WWW-Authenticate" in me["401"]["headers"]
    assert "401" not in schema["paths"]["/login"]["post"]["responses"]
    assert schema["components"]["schemas"]["AuthenticationErrorBody"]["required"] == ["detail"]
    assert app.openapi() is schema


def test_documented_401_is_kept_and_unprotected_apps_are_untouched() -> None:
    app = FastAPI()

    @app.get("/open", responses={401: {"description": "Mine"}})
    def open_route() -> str:
        return "open"

    add_error_responses(app)
    schema = app.openapi()
    assert schema["paths"]["/open"]["get"]["responses"]["401"] == {"description": "Mine"}
    assert "AuthenticationErrorBody" not in schema.get("components", {}).get("schemas", {})

    app, security = make_app()

    @app.get(
        "/documented",
        responses={401: {"description": "Mine"}},
        dependencies=[Depends(security.access_token_required)],
    )
    def documented() -> str:
        return "x"

    add_error_responses(app)
    assert app.openapi()["paths"]["/documented"]["get"]["responses"]["401"] == {
        "description": "Mine"
    }


def test_a_token_url_documents_the_header_as_an_oauth2_password_flow() -> None:
    schema = _schema(JWT_TOKEN_URL="/token")

    assert schema["components"]["securitySchemes"]["JWT"] == {
        "type": "oauth2",
        "description": "A JWT in the Authorization header, from the login form",
        "flows": {"password": {"tokenUrl": "/token", "scopes": {}}},
    }
    # The cookie and query schemes do not change.
    assert schema["components"]["securitySchemes"]["JWTQuery"]["type"] == "apiKey"


def test_a_token_url_leaves_another_header_an_api_key() -> None:
    schemes = _schema(JWT_TOKEN_URL="/token", JWT_HEADER_NAME="X-Token")["components"][
        "securitySchemes"
    ]

    assert schemes["JWTHeader"]["type"] == "apiKey"
    assert "JWT" not in schemes
