from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# The default store: revocations live in this process's memory only.
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))
app = FastAPI()


@app.post("/login")
def login() -> dict[str, str]:
    return {"access_token": security.create_access_token(uid="test")}


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str:
    return str(payload.sub)


@app.post("/logout")
async def logout(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str]:
    await security.revoke(payload)
    return {"message": "Logged out"}
