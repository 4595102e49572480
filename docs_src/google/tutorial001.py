from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# JWT_TRUSTED_ISSUERS comes from the environment: both spellings of Google's issuer, and
# the OAuth client id as the audience.
security = FastJWT(FJWTConfig())

app = FastAPI(title="Sign in with Google")


# --8<-- [start:claims]
class GoogleUser(TokenPayload):
    """The ID token claims this app reads, validated as the token is verified."""

    email: str
    email_verified: bool
    name: str | None = None


google_user = security.token_required(payload_type=GoogleUser)


def verified_email(user: Annotated[GoogleUser, Depends(google_user)]) -> GoogleUser:
    if not user.email_verified:
        raise HTTPException(403, detail="The email address is not verified")
    return user


# --8<-- [end:claims]


@app.get("/me")
def me(user: Annotated[GoogleUser, Depends(verified_email)]) -> dict[str, object]:
    return {"sub": user.sub, "email": user.email}
