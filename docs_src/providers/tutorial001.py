from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, RequestToken, TokenPayload, TrustedIssuer


# --8<-- [start:config]
def build_security(issuer: str, audience: str) -> FastJWT[object]:
    """The application's own tokens, and those of one identity provider, side by side."""
    config = FJWTConfig(
        JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
        JWT_TRUSTED_ISSUERS=[TrustedIssuer(issuer=issuer, audiences=[audience])],
    )
    return FastJWT(config)


# --8<-- [end:config]


def build_app(security: FastJWT[object]) -> FastAPI:
    app = FastAPI()

    # --8<-- [start:route]
    @app.get("/me")
    def me(
        payload: Annotated[TokenPayload, Depends(security.access_token_required)],
    ) -> dict[str, object]:
        # A provider's token and one of the app's own read the same way.
        return {"sub": payload.sub, "iss": payload.iss, "scopes": payload.scopes}

    # --8<-- [end:route]
    return app


# --8<-- [start:outside]
async def subject_of(security: FastJWT[object], token: str) -> str | None:
    """Verify a token outside a request, a message of a queue say; keys are fetched if needed."""
    found = RequestToken(token=token, location="headers")
    payload = await security.verify_token_async(found)
    return payload.sub


# --8<-- [end:outside]
