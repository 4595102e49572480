from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_HEADER_NAME="X-Auth-Token",
    JWT_HEADER_TYPE="",  # no scheme: the header holds the bare token
)
# --8<-- [end:config]
security = FastJWT(config=config)


@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | None]:
    return {"user": payload.sub}
