from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["headers", "query"],  # flask-jwt-extended's "query_string"
)
security = FastJWT(config)  # FastJWT binds to no app: dependencies do the work
security.check_at_startup(app)
# --8<-- [end:config]

USERS = {"alice": {"username": "alice", "role": "admin"}}
BLOCKLIST: set[str] = set()


# --8<-- [start:loaders]
@security.set_subject_getter  # user_lookup_loader: it receives the subject
def user_lookup(uid: str) -> dict[str, str] | None:
    return USERS.get(uid)


@security.set_revocation_check  # token_in_blocklist_loader: it receives the verified payload
def check_if_token_revoked(payload: TokenPayload) -> bool:
    return payload.jti in BLOCKLIST
    # --8<-- [end:loaders]


# --8<-- [start:dependencies]
Jwt = Annotated[TokenPayload, Depends(security.access_token_required)]  # get_jwt()
CurrentUser = Annotated[dict[str, str], Depends(security.current_subject)]  # current_user
# --8<-- [end:dependencies]


class Login(BaseModel):
    username: str


@app.post("/login")
def login(body: Login) -> dict[str, str]:
    if body.username not in USERS:
        raise HTTPException(401, detail="Bad username")
    role = USERS[body.username]["role"]
    return {"access_token": security.create_access_token(uid=body.username, data={"role": role})}


# --8<-- [start:routes]
@app.get("/me")
def me(user: CurrentUser, jwt: Jwt) -> dict[str, str]:
    return {"user": user["username"], "role": jwt.role}


@app.delete("/logout")
def logout(jwt: Jwt) -> dict[str, str]:
    BLOCKLIST.add(str(jwt.jti))
    return {"msg": "Logged out"}
    # --8<-- [end:routes]
