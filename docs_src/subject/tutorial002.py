import asyncio

from fastapi import FastAPI, Request
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig


class User(BaseModel):
    username: str
    full_name: str


USERS = {"alice": User(username="alice", full_name="Alice Liddell")}

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT[User](config)


# --8<-- [start:getter]
@security.set_subject_getter
async def get_user(uid: str) -> User | None:
    await asyncio.sleep(0)  # stands for an awaited query on an async database driver
    return USERS.get(uid)
    # --8<-- [end:getter]


# --8<-- [start:alias]
@app.get("/me")
def me(user: User = security.CURRENT_SUBJECT) -> User:  # 0.4.1's alias
    return user
    # --8<-- [end:alias]


# --8<-- [start:call]
@app.get("/greeting")
async def greeting(request: Request) -> dict[str, str]:
    user = await security.get_current_subject(request)
    return {"message": f"Hello, {user.full_name}"}
    # --8<-- [end:call]
