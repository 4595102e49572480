from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload, add_error_responses

app = FastAPI(title="Notes")
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["headers", "cookies"],
)
security = FastJWT(config=config)
# --8<-- [end:config]


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    if credentials.username != "test" or credentials.password != "test":
        raise HTTPException(401, detail={"message": "Bad credentials"})
    return {"access_token": security.create_access_token(uid=credentials.username)}


# --8<-- [start:routes]
@app.get("/me")
def me(
    payload: Annotated[TokenPayload, Depends(security.access_token_required)],
) -> dict[str, str | None]:
    return {"user": payload.sub}


from_query = security.token_required(locations=["query"])


@app.get(
    "/exports/report.csv",
    response_class=PlainTextResponse,
    dependencies=[Depends(from_query)],
)
def download_report() -> str:
    return "user,notes\ntest,3\n"
    # --8<-- [end:routes]


# --8<-- [start:errors]
add_error_responses(app)
# --8<-- [end:errors]
