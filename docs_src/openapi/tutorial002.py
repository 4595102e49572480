from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: the realm, with its two endpoints.
security = FastJWT(FJWTConfig())

# --8<-- [start:swagger]
app = FastAPI(
    title="Orders API",
    swagger_ui_init_oauth={
        "clientId": "shop-frontend",
        "usePkceWithAuthorizationCodeGrant": True,
        "scopes": "orders:read",
    },
)
# --8<-- [end:swagger]


@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    return {
        "sub": payload.sub,
        "username": payload.extra_dict["preferred_username"],
        "scopes": payload.scopes,
    }


@app.get("/orders", dependencies=[Depends(security.scopes_required("orders:read"))])
def list_orders() -> list[str]:
    return ["order-1", "order-2"]
