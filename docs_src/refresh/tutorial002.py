from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)


# --8<-- [start:login]
@app.post("/login")
def login() -> dict[str, str]:
    # (The credential check of the first example is left out.)
    claims = {"role": "editor", "tenant": "acme"}
    return {
        "access_token": security.create_access_token(uid="test", fresh=True, data=claims),
        # The refresh token carries the claims too, so that /refresh can copy them.
        "refresh_token": security.create_refresh_token(uid="test", data=claims),
    }
    # --8<-- [end:login]


# --8<-- [start:refresh]
@app.post("/refresh")
def refresh(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)],
) -> dict[str, str]:
    token = security.create_access_token(uid=str(payload.sub), data=payload.extra_dict)
    return {"access_token": token}
    # --8<-- [end:refresh]
