from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from fastjwt import FastJWT, FastJWTDeps, FJWTConfig, TokenPayload

app = FastAPI()

# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["cookies"],
    # The refresh token is only ever needed by the refresh route: send it nowhere else.
    JWT_REFRESH_COOKIE_PATH="/refresh",
)
security = FastJWT(config=config)

Access = Annotated[TokenPayload, Depends(security.access_token_required)]
Refresh = Annotated[TokenPayload, Depends(security.refresh_token_required)]
Deps = Annotated[FastJWTDeps[Any], Depends(security.get_dependency)]
# --8<-- [end:config]


class Credentials(BaseModel):
    username: str
    password: str


class Note(BaseModel):
    text: str


# --8<-- [start:login]
@app.post("/login")
def login(credentials: Credentials, deps: Deps) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    deps.set_access_cookies(deps.create_access_token(uid=credentials.username, fresh=True))
    deps.set_refresh_cookies(deps.create_refresh_token(uid=credentials.username))
    return {"message": f"Logged in as {credentials.username}"}
    # --8<-- [end:login]


# --8<-- [start:routes]
@app.get("/me")
def me(payload: Access) -> dict[str, str | None]:
    return {"user": payload.sub}


@app.post("/notes")
def add_note(note: Note, payload: Access) -> dict[str, str | None]:
    return {"author": payload.sub, "text": note.text}
    # --8<-- [end:routes]


# --8<-- [start:refresh]
@app.post("/refresh")
def refresh(payload: Refresh, deps: Deps) -> dict[str, str]:
    # FastJWT accepts no token without a subject: `sub` is always set here.
    deps.set_access_cookies(deps.create_access_token(uid=str(payload.sub)))
    return {"message": "Access token refreshed"}
    # --8<-- [end:refresh]


# --8<-- [start:logout]
@app.post("/logout")
def logout(deps: Deps) -> dict[str, str]:
    deps.unset_cookies()
    return {"message": "Logged out"}
    # --8<-- [end:logout]


# --8<-- [start:static]
STATIC = Path(__file__).parent / "static"
app.mount("/static", StaticFiles(directory=STATIC), name="static")


@app.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html")
    # --8<-- [end:static]
