from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["headers", "json"],
)
security = FastJWT(config=config)
# --8<-- [end:config]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {
        "access_token": security.create_access_token(uid=credentials.username),
        "refresh_token": security.create_refresh_token(uid=credentials.username),
    }


# --8<-- [start:routes]
class Note(BaseModel):
    text: str


@app.post("/notes")
def add_note(
    note: Note,
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | None]:
    # The body carried the token and the note: FastJWT read the first, FastAPI the second.
    return {"author": payload.sub, "text": note.text}


@app.post("/refresh")
def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    # FastJWT accepts no token without a subject: `sub` is always set here.
    return {"access_token": security.create_access_token(uid=str(payload.sub))}
    # --8<-- [end:routes]
