"""An application with revocation and refresh rotation, for the revocation tests.

`make_app(store)` builds one in process; the module-level `app` reads its Redis
address and key prefix from the environment, for the tests that run it in uvicorn.
"""

import os
from typing import Annotated

from fastapi import Depends, FastAPI, WebSocket

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from fastjwt.stores import RevocationStore
from tests.support import SECRET


def make_app(store: RevocationStore | None = None) -> tuple[FastAPI, FastJWT[object]]:
    """Build the app over `store` (a memory store when `None`)."""
    security: FastJWT[object] = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET), store=store)
    app = FastAPI()
    Access = Annotated[TokenPayload, Depends(security.access_token_required)]  # noqa: N806
    Refresh = Annotated[TokenPayload, Depends(security.refresh_token_required)]  # noqa: N806

    @app.post("/login")
    def login() -> dict[str, str]:
        access, refresh = security.create_token_pair("alice")
        return {"access_token": access, "refresh_token": refresh}

    @app.get("/me")
    def me(payload: Access) -> str | None:
        return payload.sub

    @app.post("/logout")
    async def logout(payload: Access) -> str:
        await security.revoke(payload)
        return "bye"

    @app.post("/logout-everywhere")
    async def logout_everywhere(payload: Access) -> dict[str, str]:
        assert payload.sub is not None
        await security.revoke_subject(payload.sub)
        return {"access_token": security.create_access_token(uid=payload.sub)}

    @app.post("/refresh")
    async def refresh(payload: Refresh) -> dict[str, str]:
        access, refresh = await security.rotate_refresh_token(payload)
        return {"access_token": access, "refresh_token": refresh}

    @app.websocket("/ws")
    async def socket(websocket: WebSocket, payload: Access) -> None:
        await websocket.accept()
        await websocket.send_text(f"hello {payload.sub}")
        await websocket.close()

    return app, security


def _store_from_environment() -> RevocationStore | None:
    url = os.environ.get("FASTJWT_TEST_REDIS_URL")
    if url is None:
        return None
    from fastjwt.stores.redis_store import RedisStore  # noqa: PLC0415 - only for uvicorn runs

    return RedisStore.from_url(url, prefix=os.environ["FASTJWT_TEST_PREFIX"], timeout=5.0)


app, security = make_app(_store_from_environment())
