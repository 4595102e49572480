from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
config = FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes")
security = FastJWT(config=config)


class Credentials(BaseModel):
    username: str
    password: str


class Article(BaseModel):
    title: str


# --8<-- [start:login]
# Demo users: their password, and the scopes their role grants.
USERS = {
    "alice": ("wonderland", ["articles:read", "articles:write", "reports"]),
    "bob": ("builder", ["articles:read"]),
}


@app.post("/login")
def login(credentials: Credentials) -> dict[str, str]:
    password, scopes = USERS.get(credentials.username, (None, []))
    if password is None or password != credentials.password:
        raise HTTPException(401, detail={"message": "Bad credentials"})
    token = security.create_access_token(uid=credentials.username, scopes=scopes)
    return {"access_token": token}
    # --8<-- [end:login]


# --8<-- [start:dependencies]
can_read = security.scopes_required("articles:read")
can_write = security.scopes_required("articles:read", "articles:write")
can_see_reports = security.scopes_required("reports", "admin", any_of=True)
# --8<-- [end:dependencies]


# --8<-- [start:routes]
@app.get("/articles")
def list_articles(payload: Annotated[TokenPayload, Depends(can_read)]) -> list[str]:
    articles = ["Published article"]
    if payload.has_scopes("articles:write"):
        articles.append("Draft article")
    return articles


@app.post("/articles", status_code=201, dependencies=[Depends(can_write)])
def create_article(article: Article) -> dict[str, str]:
    return {"created": article.title}


@app.get("/reports", dependencies=[Depends(can_see_reports)])
def reports() -> dict[str, int]:
    return {"articles": 2}
    # --8<-- [end:routes]
