from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, RequestToken


class User(BaseModel):
    username: str


USERS = {"alice": User(username="alice")}
REVOKED: set[str] = set()

app = FastAPI()
config = FJWTConfig()
config.JWT_ALGORITHM = "HS256"
# --8<-- [start:secret]
config.JWT_SECRET_KEY = "demo-only-secret-replace-me-with-32-random-bytes"  # 32 bytes or more
# --8<-- [end:secret]
security = FastJWT(config, model=User)
security.handle_errors(app)


def get_user(uid: str) -> User | None:
    return USERS.get(uid)


def is_revoked(token: str) -> bool:
    return token in REVOKED


security.set_subject_getter(get_user)
security.set_token_blocklist(is_revoked)


@app.get("/login")
def login(username: str) -> dict[str, str]:
    if username not in USERS:
        raise HTTPException(401, detail="Unknown user")
    return {"access_token": security.create_access_token(uid=username)}


@app.get("/me")
def me(user: User = security.CURRENT_SUBJECT) -> User:
    return user


@app.post("/logout", dependencies=[security.ACCESS_REQUIRED])
def logout(token: RequestToken = security.ACCESS_TOKEN) -> str:
    REVOKED.add(str(token.token))
    return "Logged out"
