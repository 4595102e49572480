# --8<-- [start:imports]
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# --8<-- [end:imports]
app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)


class Credentials(BaseModel):
    username: str
    password: str


# --8<-- [start:users]
class User(BaseModel):
    password: str  # demo only: store a password hash, never the password
    role: str
    team: str | None = None


USERS = {
    "alice": User(password="wonderland", role="admin", team="core"),
    "bob": User(password="builder", role="guest"),
}
# --8<-- [end:users]


# --8<-- [start:login]
@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    user = USERS.get(credentials.username)
    if user is None or user.password != credentials.password:
        raise HTTPException(401, detail={"message": "Bad credentials"})
    token = security.create_access_token(
        uid=credentials.username,
        data={"role": user.role},  # claims as a mapping...
        team=user.team,  # ...or as keyword arguments: both end up in the token
    )
    return {"access_token": token}
    # --8<-- [end:login]


# --8<-- [start:profile]
@app.get("/profile")
def profile(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, Any]:
    return {"user": payload.sub, "role": payload.role, "extra": payload.extra_dict}
    # --8<-- [end:profile]


# --8<-- [start:typed]
class StaffClaims(TokenPayload):
    role: Literal["admin", "editor"]
    team: str


staff_token_required = security.token_required(payload_type=StaffClaims)


@app.get("/team")
def team(claims: Annotated[StaffClaims, Depends(staff_token_required)]) -> dict[str, str]:
    return {"team": claims.team, "role": claims.role}
    # --8<-- [end:typed]
