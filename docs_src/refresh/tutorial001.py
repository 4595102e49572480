from datetime import timedelta
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_ACCESS_TOKEN_EXPIRES=timedelta(minutes=15),  # the default
    JWT_REFRESH_TOKEN_EXPIRES=timedelta(days=30),  # the default is 20 days
)
security = FastJWT(config=config)
# --8<-- [end:config]


class Credentials(BaseModel):
    username: str
    password: str


# --8<-- [start:login]
@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {
        "access_token": security.create_access_token(uid=credentials.username, fresh=True),
        "refresh_token": security.create_refresh_token(uid=credentials.username),
    }
    # --8<-- [end:login]


# --8<-- [start:refresh]
@app.post("/refresh")
def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    # FastJWT accepts no token without a subject: `sub` is always set here.
    return {"access_token": security.create_access_token(uid=str(payload.sub))}
    # --8<-- [end:refresh]


# --8<-- [start:protected]
@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | None]:
    return {"user": payload.sub}
    # --8<-- [end:protected]
