from datetime import timedelta
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Response
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# --8<-- [start:setup]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["cookies"],
    JWT_ACCESS_TOKEN_EXPIRES=timedelta(minutes=15),  # the default
    # Renew the access cookie when its token has less than 5 minutes left.
    JWT_IMPLICIT_REFRESH_DELTATIME=timedelta(minutes=5),
)
security = FastJWT(config=config)

app = FastAPI()
app.add_middleware(security.implicit_refresh)
# --8<-- [end:setup]


class Credentials(BaseModel):
    username: str
    password: str


# --8<-- [start:login]
@app.post("/login")
def login(credentials: Credentials, response: Response, minutes: int = 15) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    # `minutes` is a demo knob: it lets you watch a renewal without waiting 10 minutes.
    token = security.create_access_token(
        uid=credentials.username, fresh=True, expiry=timedelta(minutes=minutes)
    )
    security.set_access_cookies(token, response)
    return {"message": f"Logged in for {minutes} minutes"}
    # --8<-- [end:login]


# --8<-- [start:routes]
@app.get("/data")
def data(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | bool | None]:
    return {"user": payload.sub, "fresh": payload.fresh}


@app.post("/logout")
def logout(response: Response) -> dict[str, str]:
    security.unset_access_cookies(response)
    return {"message": "Logged out"}
    # --8<-- [end:routes]
