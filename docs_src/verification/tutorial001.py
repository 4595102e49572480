from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import AuthenticationError, FastJWT, FJWTConfig, RequestToken, TokenPayload

config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config)
app = FastAPI()


class Credentials(BaseModel):
    username: str
    password: str


class Inspected(BaseModel):
    token: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {"access_token": security.create_access_token(uid=credentials.username)}


# --8<-- [start:routes]
@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str | None:
    return payload.sub


@app.post("/logout")
async def logout(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str]:
    await security.revoke(payload)
    return {"message": "Logged out"}


@app.post("/inspect")
def inspect(body: Inspected) -> dict[str, str | None]:
    """A sync route: `verify_token` runs every stage, revocation included."""
    try:
        payload = security.verify_token(RequestToken(token=body.token, location="headers"))
    except AuthenticationError as error:
        return {"valid": "no", "reason": error.description or str(error.detail)}
    return {"valid": "yes", "sub": payload.sub}


@app.post("/inspect-async")
async def inspect_async(body: Inspected) -> dict[str, str | None]:
    """An async route: `verify_token_async` can also await a Redis store or a JWK Set."""
    try:
        found = RequestToken(token=body.token, location="headers")
        payload = await security.verify_token_async(found)
    except AuthenticationError as error:
        return {"valid": "no", "reason": error.description or str(error.detail)}
    return {"valid": "yes", "sub": payload.sub}
    # --8<-- [end:routes]
