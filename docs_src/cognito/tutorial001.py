from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: the user pool, and the app client
# pinned by `client_id` (Cognito's access tokens carry no audience).
security = FastJWT(FJWTConfig())

app = FastAPI(title="Orders API")


@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    return {
        "sub": payload.sub,
        "username": payload.extra_dict["username"],
        "scopes": payload.scopes,
    }


# --8<-- [start:groups]
# `cognito:groups` is listed among the scope claims: a group is required like a scope.
@app.get("/orders", dependencies=[Depends(security.scopes_required("orders/read"))])
def list_orders() -> list[str]:
    return ["order-1", "order-2"]


@app.get("/reports", dependencies=[Depends(security.scopes_required("managers"))])
def reports() -> dict[str, int]:
    return {"orders": 2}


# --8<-- [end:groups]
