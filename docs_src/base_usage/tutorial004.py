from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI(title="My Base App")

config = FJWTConfig()
config.JWT_ALGORITHM = "HS256"
# A demo value: real secrets come from the environment, see "Handle secrets".
config.JWT_SECRET_KEY = "demo-only-secret-replace-me-with-32-random-bytes"

security = FastJWT(config=config)


@app.post("/login")
def login(username: str, password: str) -> dict[str, str]:
    if username == "test" and password == "test":
        token = security.create_access_token(uid=username)
        return {"access_token": token}
    raise HTTPException(401, detail={"message": "Bad credentials"})


@app.get("/protected", dependencies=[Depends(security.access_token_required)])
def get_protected() -> str:
    return "You have access to a protected endpoint"


# --8<-- [start:whoami]
@app.get("/whoami")
def whoami(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | None]:
    return {"uid": payload.sub, "token_id": payload.jti}
    # --8<-- [end:whoami]
