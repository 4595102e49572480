from typing import Annotated

from fastapi import Depends, FastAPI, WebSocket, WebSocketException, status

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["cookies"],
)
security = FastJWT(config=config)

# --8<-- [start:origin]
ALLOWED_ORIGINS = {"https://app.example.com"}


def same_origin(websocket: WebSocket) -> None:
    # A page on any site can open a WebSocket to this app, and the browser adds the
    # cookies. The Origin header, which pages cannot forge, says who opened it.
    if websocket.headers.get("origin") not in ALLOWED_ORIGINS:
        raise WebSocketException(status.WS_1008_POLICY_VIOLATION, "Origin not allowed")


@app.websocket("/notifications", dependencies=[Depends(same_origin)])
async def notifications(
    websocket: WebSocket,
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> None:
    await websocket.accept()
    await websocket.send_json({"to": payload.sub, "unread": 0})
    await websocket.close()
    # --8<-- [end:origin]
