import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from fastjwt.stores.redis_store import RedisStore

# Any node of the cluster: the client reads the others from it.
REDIS_CLUSTER_URL = os.environ.get("REDIS_CLUSTER_URL", "redis://127.0.0.1:7000")

security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    store = RedisStore.from_url(REDIS_CLUSTER_URL, cluster=True, timeout=0.5)
    await store.check_server()  # reads the settings of every node
    security.store = store
    yield
    await store.aclose()


app = FastAPI(lifespan=lifespan)


@app.post("/login")
def login() -> dict[str, str]:
    access, refresh = security.create_token_pair("test")
    return {"access_token": access, "refresh_token": refresh}


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)


@app.post("/logout")
async def logout(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str]:
    await security.revoke(payload)
    return {"message": "Logged out"}


@app.post("/refresh")
async def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    access, refresh = await security.rotate_refresh_token(payload)
    return {"access_token": access, "refresh_token": refresh}
