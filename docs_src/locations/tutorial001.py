from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()

# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["headers", "cookies", "query", "json"],
)
security = FastJWT(config=config)
# --8<-- [end:config]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username == "test" and credentials.password == "test":
        return {"access_token": security.create_access_token(uid=credentials.username)}
    raise HTTPException(401, detail={"message": "Bad credentials"})


# --8<-- [start:routes]
@app.get("/protected")
def protected(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | None]:
    return {"user": payload.sub}


header_only = security.token_required(locations=["headers"])


@app.get("/api/profile")
def profile(payload: Annotated[TokenPayload, Depends(header_only)]) -> dict[str, str | None]:
    return {"user": payload.sub}
    # --8<-- [end:routes]
