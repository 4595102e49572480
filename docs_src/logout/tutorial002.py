import asyncio
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))

# Stands for a table of your database: token id -> reason.
REVOKED_IN_DATABASE: dict[str, str] = {}


# --8<-- [start:check]
@security.set_revocation_check
async def is_revoked(payload: TokenPayload) -> bool:
    await asyncio.sleep(0)  # an async database query would go here
    return str(payload.jti) in REVOKED_IN_DATABASE
    # --8<-- [end:check]


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)
