from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {
        "access_token": security.create_access_token(uid=credentials.username, fresh=True),
        "refresh_token": security.create_refresh_token(uid=credentials.username),
    }


# --8<-- [start:refresh]
@app.post("/refresh")
async def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    access, refresh = await security.rotate_refresh_token(payload)
    return {"access_token": access, "refresh_token": refresh}
    # --8<-- [end:refresh]


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)
