from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config)
# --8<-- [end:config]
# --8<-- [start:dependencies]
Access = Annotated[TokenPayload, Depends(security.access_token_required)]
Refresh = Annotated[TokenPayload, Depends(security.refresh_token_required)]
# --8<-- [end:dependencies]


class User(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(user: User) -> dict[str, str]:
    if user.username != "test" or user.password != "test":
        raise HTTPException(status_code=401, detail="Bad username or password")
    return {
        "access_token": security.create_access_token(uid=user.username, fresh=True),
        "refresh_token": security.create_refresh_token(uid=user.username),
    }


@app.post("/refresh")
def refresh(payload: Refresh) -> dict[str, str]:
    return {"access_token": security.create_access_token(uid=str(payload.sub))}


@app.get("/user")
def user(payload: Access) -> dict[str, str]:
    return {"user": str(payload.sub)}


# --8<-- [start:logout]
@app.delete("/logout")
async def logout(payload: Access) -> dict[str, str]:
    await security.revoke(payload)  # no denylist to keep: the store holds the jti until expiry
    return {"msg": "Access token has been revoked"}
    # --8<-- [end:logout]
