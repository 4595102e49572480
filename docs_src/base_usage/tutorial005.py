from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)
# --8<-- [start:handle_errors]
security.handle_errors(app)
security.MSG_DECODE_JWT_ERROR = "Your session is not valid: log in again"
# --8<-- [end:handle_errors]


@app.get("/protected", dependencies=[Depends(security.access_token_required)])
def get_protected() -> str:
    return "You have access to a protected endpoint"
