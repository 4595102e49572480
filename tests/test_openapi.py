"""OpenAPI shows, for each route, the locations its token may come from."""

from typing import Any

from tests.locations_app import make_app


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
