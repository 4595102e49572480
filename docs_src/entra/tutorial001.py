from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: the tenants, the API's client id, and
# `oid` as the subject.
security = FastJWT(FJWTConfig())

app = FastAPI(title="Orders API")


@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    return {"oid": payload.sub, "tenant": payload.extra_dict["tid"], "scopes": payload.scopes}


# --8<-- [start:scopes]
# A user's delegated permission arrives in `scp`; an application's, in `roles`.
@app.get("/orders", dependencies=[Depends(security.scopes_required("Orders.Read"))])
def list_orders() -> list[str]:
    return ["order-1", "order-2"]


@app.post("/orders/export", dependencies=[Depends(security.scopes_required("Orders.Export"))])
def export_orders() -> dict[str, str]:
    return {"export": "started"}


# --8<-- [end:scopes]
