"""An application that reads tokens from every location, for the location tests."""

from typing import Annotated

from fastapi import Body, Depends, FastAPI, Response, WebSocket

from fastjwt import FastJWT, FastJWTDeps, FJWTConfig, TokenPayload
from tests.support import SECRET

ALL_LOCATIONS = ["headers", "cookies", "query", "json"]


def make_app(**settings: object) -> tuple[FastAPI, FastJWT[object]]:
    """Build the app; `settings` override the configuration."""
    config = FJWTConfig(
        JWT_SECRET_KEY=SECRET,
        JWT_TOKEN_LOCATION=ALL_LOCATIONS,
        JWT_COOKIE_SECURE=False,
        **settings,
    )
    security: FastJWT[object] = FastJWT(config)
    app = FastAPI()
    Access = Annotated[TokenPayload, Depends(security.access_token_required)]  # noqa: N806 - type aliases
    Refresh = Annotated[TokenPayload, Depends(security.refresh_token_required)]  # noqa: N806 - type aliases
    Bundle = Annotated[FastJWTDeps[object], Depends(security.get_dependency)]  # noqa: N806 - type aliases

    @app.get("/me")
    def read_me(payload: Access) -> str | None:
        return payload.sub

    @app.post("/me")
    def change_me(payload: Access) -> str | None:
        return payload.sub

    @app.post("/echo")
    def echo(payload: Access, body: Annotated[dict[str, object], Body()]) -> dict[str, object]:
        return {"sub": payload.sub, "body": body}

    @app.post("/refresh")
    def refresh(payload: Refresh, response: Response) -> dict[str, str]:
        assert payload.sub is not None
        token = security.create_access_token(uid=payload.sub)
        security.set_access_cookies(token, response)
        return {"access_token": token}

    @app.post("/login")
    def login(deps: Bundle) -> dict[str, str]:
        access = deps.create_access_token(uid="alice", fresh=True)
        refresh = deps.create_refresh_token(uid="alice")
        deps.set_access_cookies(access)
        deps.set_refresh_cookies(refresh)
        return {"access_token": access, "refresh_token": refresh}

    @app.post("/logout")
    def logout(deps: Bundle) -> str:
        deps.unset_cookies()
        return "bye"

    no_csrf = security.token_required(verify_csrf=False)
    always_csrf = security.token_required(verify_csrf=True)
    query_only = security.token_required(locations=["query"])

    @app.post("/no-csrf")
    def skip_csrf(payload: Annotated[TokenPayload, Depends(no_csrf)]) -> str | None:
        return payload.sub

    @app.get("/always-csrf")
    def check_csrf(payload: Annotated[TokenPayload, Depends(always_csrf)]) -> str | None:
        return payload.sub

    @app.get("/query-only")
    def query(payload: Annotated[TokenPayload, Depends(query_only)]) -> str | None:
        return payload.sub

    @app.websocket("/ws")
    async def socket(websocket: WebSocket, payload: Access) -> None:
        await websocket.accept()
        await websocket.send_text(f"hello {payload.sub}")
        await websocket.close()

    return app, security
