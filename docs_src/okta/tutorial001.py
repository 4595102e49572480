from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: the authorization server and its audience.
security = FastJWT(FJWTConfig())

app = FastAPI(title="Orders API")


@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, object]:
    claims = payload.extra_dict
    return {"sub": payload.sub, "uid": claims["uid"], "scopes": payload.scopes}


@app.get("/orders", dependencies=[Depends(security.scopes_required("orders:read"))])
def list_orders() -> list[str]:
    return ["order-1", "order-2"]
