import json
from typing import Any

from jwcrypto import jwk, jwt


def verify(token: str, jwk_set: dict[str, Any]) -> dict[str, Any]:
    """jwcrypto: `exp` and `nbf` checked as the token is read (its default leeway is 60 s)."""
    keys = jwk.JWKSet.from_json(json.dumps(jwk_set))
    checked = jwt.JWT(
        algs=["ES256"], check_claims={"iss": "https://auth.example.com"}, expected_type="JWS"
    )
    checked.leeway = 0
    checked.deserialize(token, keys)
    claims: dict[str, Any] = json.loads(checked.claims)
    return claims
