from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    # Who issues the tokens, and who they are for: written into each token...
    JWT_ENCODE_ISSUER="https://auth.example.com",
    JWT_ENCODE_AUDIENCE="https://api.example.com",
    # ...and required of each token this API accepts.
    JWT_DECODE_ISSUER="https://auth.example.com",
    JWT_DECODE_AUDIENCE="https://api.example.com",
    # Tolerate clocks that disagree by up to 10 seconds.
    JWT_DECODE_LEEWAY=10,
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
    token = security.create_access_token(uid=credentials.username, fresh=True, role="editor")
    return {"access_token": token}


# --8<-- [start:claims]
@app.get("/claims")
def claims(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, Any]:
    return payload.model_dump(exclude_none=True)
    # --8<-- [end:claims]
