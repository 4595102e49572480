from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel

from fastjwt import AuthenticationError, FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {"access_token": security.create_access_token(uid=credentials.username)}


# --8<-- [start:optional]
@app.get("/greeting")
def greeting(
    payload: Annotated[TokenPayload | None, Depends(security.access_token_optional)],
) -> dict[str, str]:
    if payload is None:
        return {"message": "Hello, stranger"}
    return {"message": f"Hello, {payload.sub}"}
    # --8<-- [end:optional]


# --8<-- [start:graceful]
@app.get("/banner")
async def banner(request: Request) -> dict[str, str]:
    try:
        payload = await security.access_token_optional.authenticate(request)
    except AuthenticationError:
        return {"banner": "Your session has ended: log in again"}
    if payload is None:
        return {"banner": "Create an account to save your work"}
    return {"banner": f"Welcome back, {payload.sub}"}
    # --8<-- [end:graceful]
