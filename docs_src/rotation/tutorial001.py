from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))


class Credentials(BaseModel):
    username: str
    password: str


# --8<-- [start:login]
@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    # Both tokens start one family: a reused refresh token revokes this access token too.
    access, refresh = security.create_token_pair(credentials.username)
    return {"access_token": access, "refresh_token": refresh}
    # --8<-- [end:login]


# --8<-- [start:refresh]
@app.post("/refresh")
async def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    access, refresh = await security.rotate_refresh_token(payload)
    return {"access_token": access, "refresh_token": refresh}
    # --8<-- [end:refresh]


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)
