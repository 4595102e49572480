from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: the tenant and the API identifier.
security = FastJWT(FJWTConfig())

app = FastAPI(title="Orders API")


@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    return {"sub": payload.sub, "scopes": payload.scopes, "client": payload.extra_dict["azp"]}


# --8<-- [start:scopes]
@app.get("/orders", dependencies=[Depends(security.scopes_required("read:orders"))])
def list_orders() -> list[str]:
    return ["order-1", "order-2"]


@app.delete("/orders/{order_id}", dependencies=[Depends(security.scopes_required("delete:orders"))])
def delete_order(order_id: str) -> dict[str, str]:
    return {"deleted": order_id}


# --8<-- [end:scopes]
