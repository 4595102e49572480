import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from fastjwt import FastJWT, FJWTConfig
from fastjwt.stores.redis_store import RedisStore

# --8<-- [start:config]
# Every setting comes from the environment (JWT_ALGORITHM, JWT_KEY_ID,
# JWT_PRIVATE_KEY_FILE, ...): FastJWT refuses to start when a key is
# missing, unreadable or too weak.
config = FJWTConfig(JWT_TOKEN_URL="/token")
security = FastJWT(config)
# --8<-- [end:config]


# --8<-- [start:store]
@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # One Redis for every worker and server: a logout holds wherever the
    # next request lands.
    store = RedisStore.from_url(os.environ["REDIS_URL"], prefix="notes:")
    security.store = store
    yield
    await store.aclose()


app = FastAPI(lifespan=lifespan)
# --8<-- [end:store]

# --8<-- [start:cors]
# Only your own front end may send credentialed requests from a browser,
# with the CSRF header.
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://notes.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Authorization", "Content-Type", "X-CSRF-TOKEN"],
)
# --8<-- [end:cors]


# --8<-- [start:logging]
class DropQueryStrings(logging.Filter):
    """Keep query strings, and any token in them, out of uvicorn's access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            record.args = (client, method, str(path).split("?", 1)[0], version, status)
        return True


logging.getLogger("uvicorn.access").addFilter(DropQueryStrings())
# --8<-- [end:logging]
