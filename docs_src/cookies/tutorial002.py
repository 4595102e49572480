from html import escape
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse

from fastjwt import FastJWT, FJWTConfig, TokenPayload

app = FastAPI()
# --8<-- [start:config]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    JWT_TOKEN_LOCATION=["cookies"],
    JWT_CSRF_CHECK_FORM=True,
)
# --8<-- [end:config]
security = FastJWT(config=config)
Access = Annotated[TokenPayload, Depends(security.access_token_required)]


# --8<-- [start:form]
@app.get("/account", response_class=HTMLResponse)
def account(payload: Access) -> str:
    # The form repeats the token's CSRF value, which a page on another site cannot know.
    return f"""
    <form method="post" action="/account/close">
      <input type="hidden" name="csrf_token" value="{escape(payload.csrf or "")}">
      <button>Close the account of {escape(payload.sub or "")}</button>
    </form>
    """


@app.post("/account/close")
def close_account(payload: Access) -> dict[str, str]:
    return {"message": f"Account of {payload.sub} closed"}
    # --8<-- [end:form]
