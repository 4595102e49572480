from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)


class Credentials(BaseModel):
    username: str
    password: str


class EmailChange(BaseModel):
    email: str


# --8<-- [start:tokens]
@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {
        # The user has just typed their password: this access token is fresh.
        "access_token": security.create_access_token(uid=credentials.username, fresh=True),
        "refresh_token": security.create_refresh_token(uid=credentials.username),
    }


@app.post("/refresh")
def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    # A refreshed access token is not fresh (fresh=False is the default).
    return {"access_token": security.create_access_token(uid=str(payload.sub))}
    # --8<-- [end:tokens]


# --8<-- [start:routes]
@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | bool | None]:
    return {"user": payload.sub, "fresh": payload.fresh}


@app.put("/email", dependencies=[Depends(security.fresh_token_required)])
def change_email(change: EmailChange) -> dict[str, str]:
    return {"message": f"E-mail address changed to {change.email}"}
    # --8<-- [end:routes]
