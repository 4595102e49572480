from typing import Annotated

from fastapi import Depends, FastAPI, WebSocket

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:origin]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["cookies"],
    # The pages allowed to open this app's WebSockets with the user's cookies.
    JWT_WEBSOCKET_ALLOWED_ORIGINS=["https://app.example.com"],
)
security = FastJWT(config=config)


@app.websocket("/notifications")
async def notifications(
    websocket: WebSocket,
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> None:
    await websocket.accept()
    await websocket.send_json({"to": payload.sub, "unread": 0})
    await websocket.close()
    # --8<-- [end:origin]
