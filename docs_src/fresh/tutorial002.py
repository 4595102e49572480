from datetime import timedelta

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    # A fresh access token stops being fresh 5 minutes after it was issued.
    JWT_FRESH_TOKEN_MAX_AGE=timedelta(minutes=5),
)
security = FastJWT(config=config)
# --8<-- [end:config]


@app.delete("/account", dependencies=[Depends(security.fresh_token_required)])
def delete_account() -> dict[str, str]:
    return {"message": "Account deleted"}
