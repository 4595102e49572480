from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))
# --8<-- [start:dependencies]
Access = Annotated[TokenPayload, Depends(security.access_token_required)]
# The refresh token travels in the JSON body of the logout request.
refresh_in_body = security.token_required("refresh", locations=["json"])
Refresh = Annotated[TokenPayload, Depends(refresh_in_body)]
# --8<-- [end:dependencies]


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


@app.get("/me")
def me(payload: Access) -> dict[str, str | None]:
    return {"user": payload.sub}


# --8<-- [start:logout]
@app.post("/logout")
async def logout(access: Access, refresh: Refresh) -> dict[str, str]:
    await security.revoke(access, refresh)
    return {"message": "Logged out"}
    # --8<-- [end:logout]


# --8<-- [start:everywhere]
@app.post("/logout-everywhere")
async def logout_everywhere(access: Access) -> dict[str, str]:
    await security.revoke_subject(str(access.sub))
    return {"message": "Every session of this user is closed"}
    # --8<-- [end:everywhere]
