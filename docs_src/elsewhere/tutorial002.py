from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet


def verify(token: str, jwk_set: dict[str, Any]) -> dict[str, Any]:
    """joserfc: the key the token's `kid` names, then the time claims, with no leeway."""
    keys = KeySet.import_key_set(jwk_set)  # type: ignore[arg-type]
    decoded = jwt.decode(token, keys, algorithms=["ES256"])
    jwt.JWTClaimsRegistry(
        leeway=0, iss={"essential": True, "value": "https://auth.example.com"}
    ).validate(decoded.claims)
    return dict(decoded.claims)
