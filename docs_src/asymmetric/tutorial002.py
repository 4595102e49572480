# --8<-- [start:verifier]
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_PUBLIC_KEY_FILE=keys/2025-06.pub.pem in the environment: this service
# verifies tokens and cannot create any.
config = FJWTConfig(JWT_ALGORITHM="ES256")
security = FastJWT(config)

app = FastAPI(title="Orders service")


@app.get("/orders")
def list_orders(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    return {"user": payload.sub, "orders": []}


# --8<-- [end:verifier]
