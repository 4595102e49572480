from typing import Any

from jose import jwt


def verify(token: str, jwk_set: dict[str, Any]) -> dict[str, Any]:
    """python-jose: give it the key the token's `kid` names; it checks `exp`, `nbf` and `iss`."""
    kid = jwt.get_unverified_header(token).get("kid")
    (key,) = [key for key in jwk_set["keys"] if key["kid"] == kid]
    return jwt.decode(token, key, algorithms=["ES256"], issuer="https://auth.example.com")
