from datetime import timedelta
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["cookies"],
    JWT_IMPLICIT_REFRESH_DELTATIME=timedelta(minutes=5),
    # A page left open polls this route every minute: that is not user activity,
    # and must not keep the session alive forever.
    JWT_IMPLICIT_REFRESH_ROUTE_EXCLUDE=["/notifications"],
    # Preflight and HEAD requests renew nothing either.
    JWT_IMPLICIT_REFRESH_METHOD_EXCLUDE=["OPTIONS", "HEAD"],
)
# --8<-- [end:config]
security = FastJWT(config=config)

app = FastAPI()
app.add_middleware(security.implicit_refresh)

Access = Annotated[TokenPayload, Depends(security.access_token_required)]


@app.api_route("/data", methods=["GET", "HEAD"])
def data(payload: Access) -> dict[str, str | None]:
    return {"user": payload.sub}


@app.get("/notifications")
def notifications(payload: Access) -> dict[str, str | list[str] | None]:
    return {"user": payload.sub, "unread": []}
