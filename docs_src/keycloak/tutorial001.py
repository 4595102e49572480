from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: the realm and the API's audience.
security = FastJWT(FJWTConfig())

app = FastAPI(title="Orders API")


# --8<-- [start:claims]
class RealmAccess(BaseModel):
    roles: list[str] = []


class KeycloakClaims(TokenPayload):
    """The Keycloak claims this API reads, validated as the token is verified."""

    azp: str
    preferred_username: str
    realm_access: RealmAccess = RealmAccess()


user = security.token_required(payload_type=KeycloakClaims)


def role(name: str) -> Any:
    """A dependency that requires a realm role (Keycloak writes roles, not scopes)."""

    def check(claims: Annotated[KeycloakClaims, Depends(user)]) -> KeycloakClaims:
        if name not in claims.realm_access.roles:
            raise HTTPException(403, detail=f"The {name} role is required")
        return claims

    return Depends(check)


# --8<-- [end:claims]


@app.get("/me")
def me(claims: Annotated[KeycloakClaims, Depends(user)]) -> dict[str, object]:
    return {
        "sub": claims.sub,
        "username": claims.preferred_username,
        "scopes": claims.scopes,
        "roles": claims.realm_access.roles,
    }


@app.get("/orders", dependencies=[Depends(security.scopes_required("orders:read"))])
def list_orders() -> list[str]:
    return ["order-1", "order-2"]


@app.post("/refunds", dependencies=[role("refunds")])
def refund() -> dict[str, str]:
    return {"refund": "queued"}
