from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))

# --8<-- [start:blocklist]
BLOCKLIST: set[str] = set()


@security.set_token_blocklist
def in_blocklist(token: str) -> bool:
    return token in BLOCKLIST
    # --8<-- [end:blocklist]


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)
