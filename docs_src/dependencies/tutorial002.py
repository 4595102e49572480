from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig

# The tokens are issued by another service that shares this secret.
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)

# --8<-- [start:app]
app = FastAPI(dependencies=[Depends(security.access_token_required)])


@app.get("/reports")
def reports() -> list[str]:
    return ["2026-q1.pdf"]


@app.get("/reports/latest")
def latest_report() -> str:
    return "2026-q1.pdf"
    # --8<-- [end:app]
