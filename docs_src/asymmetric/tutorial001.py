# --8<-- [start:issuer]
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_PRIVATE_KEY_FILE=keys/2025-06.pem in the environment: the public key is
# derived from it, so this service both creates and verifies tokens.
config = FJWTConfig(JWT_ALGORITHM="ES256")
security = FastJWT(config)

app = FastAPI(title="Auth service")


@app.post("/login")
def login(username: str, password: str) -> dict[str, str]:
    if username == "alice" and password == "wonderland":  # a demo: check a password hash
        return {"access_token": security.create_access_token(uid="user-1")}
    raise HTTPException(401, detail="Bad credentials")


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str | None:
    return payload.sub


# --8<-- [end:issuer]
