from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, WebSocket
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# The browser client of the page, served at /static/client.js.
app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    # Browsers cannot set headers on a WebSocket: they send the token in the query string.
    JWT_TOKEN_LOCATION=["headers", "query"],
)
security = FastJWT(config=config)
# --8<-- [end:config]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {"access_token": security.create_access_token(uid=credentials.username)}


# --8<-- [start:chat]
@app.websocket("/chat")
async def chat(
    websocket: WebSocket,
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> None:
    # Only an authenticated handshake gets this far: accept it, then talk.
    await websocket.accept()
    await websocket.send_text(f"Hello, {payload.sub}!")
    async for text in websocket.iter_text():
        await websocket.send_text(f"{payload.sub}: {text}")
        # --8<-- [end:chat]
