# --8<-- [start:imports]
from fastapi import Depends, FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig

# --8<-- [end:imports]
# --8<-- [start:app]
app = FastAPI(title="My Base App")
# --8<-- [end:app]

# --8<-- [start:config]
config = FJWTConfig()
config.JWT_ALGORITHM = "HS256"
# A demo value: real secrets come from the environment, see "Handle secrets".
config.JWT_SECRET_KEY = "demo-only-secret-replace-me-with-32-random-bytes"
# --8<-- [end:config]

# --8<-- [start:security]
security = FastJWT(config=config)
# --8<-- [end:security]


# --8<-- [start:login]
@app.post("/login")
def login(username: str, password: str) -> dict[str, str]:
    if username == "test" and password == "test":
        token = security.create_access_token(uid=username)
        return {"access_token": token}
    raise HTTPException(401, detail={"message": "Bad credentials"})
    # --8<-- [end:login]


# --8<-- [start:protected]
@app.get("/protected", dependencies=[Depends(security.access_token_required)])
def get_protected() -> str:
    return "You have access to a protected endpoint"
    # --8<-- [end:protected]
