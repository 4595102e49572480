from typing import Any

from fastapi import FastAPI

from fastjwt import FastJWT, FastJWTDeps, FJWTConfig, RequestToken, TokenPayload

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)


# --8<-- [start:aliases]
@app.get("/me")
def me(payload: TokenPayload = security.ACCESS_REQUIRED) -> dict[str, str | None]:
    return {"user": payload.sub}


@app.post("/refresh")
def refresh(payload: TokenPayload = security.REFRESH_REQUIRED) -> dict[str, str]:
    return {"access_token": security.create_access_token(uid=str(payload.sub))}


@app.post("/email", dependencies=[security.FRESH_REQUIRED])
def change_email() -> dict[str, str]:
    return {"message": "E-mail address changed"}


@app.get("/where")
def where(token: RequestToken | None = security.ACCESS_TOKEN) -> dict[str, str | None]:
    # Unverified: fine for telling where a token came from, not for trusting it.
    return {"location": None if token is None else token.location}


@app.post("/logout")
def logout(deps: FastJWTDeps[Any] = security.BUNDLE) -> dict[str, str]:
    deps.unset_cookies()
    return {"message": "Logged out"}
    # --8<-- [end:aliases]
