from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_KEY_ID="2026-06",  # the signing key's id, written into every new token
    # Keys that still verify but no longer sign: authx's JWT_PREVIOUS_SECRET_KEY.
    JWT_VERIFICATION_KEYS={"2025-12": "demo-only-previous-secret-of-32-bytes-too"},
    JWT_TOKEN_LOCATION=["headers"],
)
security = FastJWT(config=config)
security.handle_errors(app)
# --8<-- [end:config]


@app.post("/login")
def login(username: str, password: str) -> dict[str, str]:
    if username == "test" and password == "test":
        token = security.create_access_token(uid=username, scopes=["posts:read", "posts:write"])
        return {"access_token": token}
    raise HTTPException(401, detail="Invalid credentials")


# --8<-- [start:scopes]
@app.get("/posts", dependencies=[Depends(security.scopes_required("posts:read"))])
def list_posts() -> list[str]:
    return ["Hello"]


@app.delete("/posts", dependencies=[Depends(security.scopes_required("posts:delete"))])
def delete_posts() -> str:
    return "Deleted"
    # --8<-- [end:scopes]


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> dict[str, str]:
    return {"user": str(payload.sub)}
