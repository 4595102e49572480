import os
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, WebSocket
from pydantic import BaseModel

from fastjwt import FastJWT, FastJWTDeps, FJWTConfig, TokenPayload

app = FastAPI()

# --8<-- [start:config]
config = FJWTConfig(
    # From a secret store in production (`fastjwt keygen HS256` makes one).
    JWT_SECRET_KEY=os.environ.get(
        "APP_JWT_SECRET", "demo-only-secret-replace-me-with-32-random-bytes"
    ),
    # A browser app: HttpOnly cookies, so a script injected in the page cannot read them.
    JWT_TOKEN_LOCATION=["cookies"],
    JWT_COOKIE_SECURE=True,
    JWT_COOKIE_SAMESITE="Strict",
    # Only the refresh route ever receives the refresh token.
    JWT_REFRESH_COOKIE_PATH="/refresh",
    # Tokens say who issued them and for whom, and both are checked.
    JWT_ENCODE_ISSUER="https://app.example.com",
    JWT_DECODE_ISSUER="https://app.example.com",
    JWT_ENCODE_AUDIENCE="https://app.example.com/api",
    JWT_DECODE_AUDIENCE="https://app.example.com/api",
    # The pages that may open the WebSocket with the user's cookies.
    JWT_WEBSOCKET_ALLOWED_ORIGINS=["https://app.example.com"],
)
security = FastJWT(config=config)
# --8<-- [end:config]

Access = Annotated[TokenPayload, Depends(security.access_token_required)]
Deps = Annotated[FastJWTDeps[Any], Depends(security.get_dependency)]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials, deps: Deps) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    deps.set_access_cookies(deps.create_access_token(uid=credentials.username, fresh=True))
    deps.set_refresh_cookies(deps.create_refresh_token(uid=credentials.username))
    return {"message": f"Logged in as {credentials.username}"}


@app.get("/me")
def me(payload: Access) -> dict[str, str | None]:
    return {"user": payload.sub}


@app.post("/notes")
def add_note(payload: Access) -> dict[str, str | None]:
    return {"author": payload.sub}


@app.websocket("/events")
async def events(websocket: WebSocket, payload: Access) -> None:
    await websocket.accept()
    await websocket.send_json({"to": payload.sub})
    await websocket.close()
