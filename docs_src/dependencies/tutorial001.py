from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FastJWTDeps, FJWTConfig, TokenPayload

config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    # API clients send the header, the browser front end the cookie.
    JWT_TOKEN_LOCATION=["headers", "cookies"],
)
security = FastJWT(config=config)

# --8<-- [start:aliases]
Access = Annotated[TokenPayload, Depends(security.access_token_required)]
Deps = Annotated[FastJWTDeps[Any], Depends(security.get_dependency)]
# --8<-- [end:aliases]

app = FastAPI()


class Credentials(BaseModel):
    username: str
    password: str


# --8<-- [start:bundle]
@app.post("/login")
def login(credentials: Credentials, deps: Deps) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    token = deps.create_access_token(uid=credentials.username, fresh=True)
    deps.set_access_cookies(token)  # on the response FastAPI sends: no Response parameter
    return {"access_token": token}


@app.post("/logout")
def logout(deps: Deps) -> dict[str, str]:
    deps.unset_cookies()
    return {"message": "Logged out"}
    # --8<-- [end:bundle]


# --8<-- [start:route]
@app.get("/status", dependencies=[Depends(security.access_token_required)])
def status() -> dict[str, str]:
    return {"status": "all systems go"}


@app.get("/me")
def me(payload: Access) -> dict[str, str | None]:
    return {"user": payload.sub}
    # --8<-- [end:route]


# --8<-- [start:router]
admin = APIRouter(prefix="/admin", dependencies=[Depends(security.fresh_token_required)])


@admin.get("/stats")
def stats() -> dict[str, int]:
    return {"users": 1}


@admin.get("/audit")
def audit(payload: Access) -> dict[str, str | None]:
    return {"auditor": payload.sub}


app.include_router(admin)
# --8<-- [end:router]
