# --8<-- [start:verifier]
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_JWKS_URL comes from the environment, for instance
# https://auth.example.com/.well-known/jwks.json
config = FJWTConfig(
    JWT_DECODE_ALGORITHMS=["ES256"],
    JWT_DECODE_ISSUER="https://auth.example.com",
    JWT_DECODE_AUDIENCE="orders",
)
security = FastJWT(config)

app = FastAPI(title="Orders service")


@app.get("/orders")
def list_orders(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    return {"user": payload.sub, "orders": []}


# --8<-- [end:verifier]
