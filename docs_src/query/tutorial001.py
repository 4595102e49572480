from datetime import timedelta
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# Headers stay the application's location; one route below reads the query string instead.
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)
Access = Annotated[TokenPayload, Depends(security.access_token_required)]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {"access_token": security.create_access_token(uid=credentials.username)}


# --8<-- [start:link]
LINK_LIFETIME = timedelta(seconds=60)


@app.post("/exports")
def create_export_link(payload: Access) -> dict[str, str]:
    # FastJWT accepts no token without a subject: `sub` is always set here.
    token = security.create_access_token(uid=str(payload.sub), expiry=LINK_LIFETIME)
    return {"url": f"/exports/report.csv?token={token}"}
    # --8<-- [end:link]


# --8<-- [start:download]
from_query = security.token_required(locations=["query"])


@app.get("/exports/report.csv", response_class=PlainTextResponse)
def download_report(payload: Annotated[TokenPayload, Depends(from_query)]) -> str:
    return f"user,notes\n{payload.sub},3\n"
    # --8<-- [end:download]
