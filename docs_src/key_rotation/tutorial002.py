# --8<-- [start:imports]
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# --8<-- [end:imports]
# --8<-- [start:rotate]
KEYS = Path("keys")
security = FastJWT()  # configured by rotate(), at startup and at each rotation


def rotate(signing_kid: str, *older_kids: str) -> None:
    """Sign with the key `signing_kid` from now on; keep verifying tokens of `older_kids`."""
    security.load_config(
        FJWTConfig(
            JWT_ALGORITHM="ES256",
            JWT_KEY_ID=signing_kid,
            JWT_PRIVATE_KEY_FILE=KEYS / f"{signing_kid}.pem",
            JWT_VERIFICATION_KEY_FILES={kid: KEYS / f"{kid}.pub.pem" for kid in older_kids},
        )
    )


# --8<-- [end:rotate]
# --8<-- [start:app]
app = FastAPI()


@app.get("/me")
def me(payload: Annotated[TokenPayload, Depends(security.access_token_required)]) -> str | None:
    return payload.sub


# --8<-- [end:app]
