"""Build tokens by hand, the way an attacker does: any header, any claims, any signature.

FastJWT's own `create_access_token` only writes well-formed tokens; the attack and fuzz
tests need the others too, signed with the right key, a wrong one, or not at all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from typing import Any

from jwt.algorithms import get_default_algorithms

ALGORITHMS = get_default_algorithms()
_HMAC_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64(data: bytes) -> str:
    """base64url without padding, as JWS writes every segment."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def segment(value: Mapping[str, Any] | bytes) -> str:
    """One encoded segment: JSON for a mapping, the bytes themselves otherwise."""
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    return b64(data)


def claims(**overrides: Any) -> dict[str, Any]:
    """The claims of a valid access token for alice, with `overrides` (None removes a claim)."""
    now = time.time()
    base: dict[str, Any] = {
        "sub": "alice",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": str(uuid.uuid4()),
        "type": "access",
        "fresh": False,
    }
    base.update(overrides)
    return {name: value for name, value in base.items() if value is not None}


def hmac_sign(signing_input: str, key: bytes, algorithm: str = "HS256") -> bytes:
    """The HMAC signature of `signing_input`, with any key bytes (an empty key included)."""
    return hmac.new(key, signing_input.encode(), _HMAC_HASHES[algorithm]).digest()


def hs_token(
    payload: Mapping[str, Any] | bytes,
    key: str | bytes,
    header: Mapping[str, Any] | bytes | None = None,
    algorithm: str = "HS256",
) -> str:
    """A token signed with HMAC and `key`, whatever its header says."""
    head = segment({"alg": algorithm, "typ": "JWT"} if header is None else header)
    signing_input = f"{head}.{segment(payload)}"
    secret = key if isinstance(key, bytes) else key.encode()
    return f"{signing_input}.{b64(hmac_sign(signing_input, secret, algorithm))}"


def signed(
    payload: Mapping[str, Any] | bytes,
    private_key: Any,
    algorithm: str,
    header: Mapping[str, Any] | bytes | None = None,
) -> str:
    """A token signed by PyJWT's implementation of `algorithm` with a key object."""
    head = segment({"alg": algorithm, "typ": "JWT"} if header is None else header)
    signing_input = f"{head}.{segment(payload)}"
    signature = ALGORITHMS[algorithm].sign(signing_input.encode(), private_key)
    return f"{signing_input}.{b64(signature)}"


def unsigned(payload: Mapping[str, Any] | bytes, header: Mapping[str, Any] | bytes) -> str:
    """A token with an empty signature (what `alg: none` sends)."""
    return f"{segment(header)}.{segment(payload)}."


def with_signature(token: str, signature: bytes) -> str:
    """`token` with its signature replaced."""
    return f"{token.rsplit('.', 1)[0]}.{b64(signature)}"
