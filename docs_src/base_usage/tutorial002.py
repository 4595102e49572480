from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig

security = FastJWT()  # no configuration yet

app = FastAPI()


@app.get("/protected", dependencies=[Depends(security.access_token_required)])
def get_protected() -> str:
    return "You have access to a protected endpoint"


# Later, once the settings are known (in a factory, at startup, ...):
config = FJWTConfig()
config.JWT_SECRET_KEY = "demo-only-secret-replace-me-with-32-random-bytes"
security.load_config(config)
