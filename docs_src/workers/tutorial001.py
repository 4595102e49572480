import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload
from fastjwt.stores.redis_store import RedisStore

# --8<-- [start:store]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
KEY_PREFIX = os.environ.get("FASTJWT_KEY_PREFIX", "myapp:fastjwt:")

security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # The Redis client belongs to the event loop that serves requests: open it there.
    store = RedisStore.from_url(REDIS_URL, prefix=KEY_PREFIX, timeout=0.5)
    # Logs a warning for each server setting that can lose revocations.
    await store.check_server()
    security.store = store
    yield
    await store.aclose()


app = FastAPI(lifespan=lifespan)
# --8<-- [end:store]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {"access_token": security.create_access_token(uid=credentials.username)}


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)


@app.post("/logout")
async def logout(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str]:
    await security.revoke(payload)
    return {"message": "Logged out"}
