from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["headers", "cookies"],
)
security = FastJWT(config=config)

# --8<-- [start:custom]
# A fresh token, from the Authorization header only.
fresh_header_token = security.token_required(verify_fresh=True, locations=["headers"])


@app.post("/api-keys")
def create_api_key(
    payload: Annotated[TokenPayload, Depends(fresh_header_token)],
) -> dict[str, str | None]:
    return {"owner": payload.sub}
    # --8<-- [end:custom]
