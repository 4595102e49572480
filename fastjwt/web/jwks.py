"""Publishing the public half of the key set: a router for `/.well-known/jwks.json`."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from starlette.responses import JSONResponse

from fastjwt.keys.jwk import check_publishable, jwk_set
from fastjwt.keys.keyring import KeyMaterial

__all__ = ["JWKS_PATH", "jwks_router"]

JWKS_PATH = "/.well-known/jwks.json"
"""Where services conventionally publish their JWK Set."""


def jwks_router(
    keys: Callable[[], KeyMaterial], *, path: str = JWKS_PATH, max_age: int = 300
) -> APIRouter:
    """A router with one route, `GET path`, that answers the public JWK Set of `keys()`.

    The set is built from the current keys at each request, so a rotation
    (`load_config`) is published at once. See `FastJWT.jwks_router`.

    Raises:
        BadConfigurationError: The keys cannot be published.
    """
    check_publishable(keys())
    router = APIRouter()
    cache_control = f"public, max-age={max_age}"

    @router.get(path, include_in_schema=False)
    def jwks() -> JSONResponse:
        return JSONResponse(jwk_set(keys()), headers={"Cache-Control": cache_control})

    return router
