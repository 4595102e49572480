# --8<-- [start:setup]
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig


class User(BaseModel):
    username: str
    full_name: str


# A stand-in for your user table.
USERS: dict[str, User] = {"alice": User(username="alice", full_name="Alice Liddell")}

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config, model=User)  # or: FastJWT[User](config)
# --8<-- [end:setup]


# --8<-- [start:getter]
@security.set_subject_getter
def get_user(uid: str) -> User | None:
    return USERS.get(uid)
    # --8<-- [end:getter]


# --8<-- [start:routes]
CurrentUser = Annotated[User, Depends(security.current_subject)]


@app.post("/signup", status_code=201)
def signup(user: User) -> dict[str, str]:
    # A demo: a real sign-up also checks and stores a password (hash).
    if user.username in USERS:
        raise HTTPException(409, detail="This username is taken")
    USERS[user.username] = user
    return {"access_token": security.create_access_token(uid=user.username)}


@app.get("/me")
def me(user: CurrentUser) -> User:
    return user


@app.delete("/me", status_code=204)
def delete_me(user: CurrentUser) -> None:
    del USERS[user.username]
    # --8<-- [end:routes]
