"""Verification cost against the floor: PyJWT alone, with the same pre-loaded key.

Run with `python -m tests.bench.verify`. For HS256 and RS256: PyJWT's `decode`
with a key object (the floor), FastJWT's claim verification, and FastJWT's full
check of a request token (claims validated into `TokenPayload`, type, CSRF).
"""

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fastjwt import FastJWT, FJWTConfig, RequestToken
from tests.bench.common import median_seconds, report

NUMBER, REPEAT = 2000, 9


def _rsa_config() -> FJWTConfig:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return FJWTConfig(JWT_ALGORITHM="RS256", JWT_PRIVATE_KEY=pem)


def main() -> None:
    configs = {
        "HS256": FJWTConfig(JWT_SECRET_KEY="a-benchmark-secret-of-thirty-two-bytes"),
        "RS256": _rsa_config(),
    }
    for algorithm, config in configs.items():
        security: FastJWT[object] = FastJWT(config)
        token = security.create_access_token(uid="alice")
        key = security.keys.verifying_key
        request_token = RequestToken(token=token, location="headers")

        def floor(key: object = key, token: str = token, algorithm: str = algorithm) -> object:
            return jwt.decode(token, key, algorithms=[algorithm])  # type: ignore[arg-type]

        def claims(token: str = token, security: FastJWT[object] = security) -> object:
            return security.verify_token_claims(token)

        def full(
            security: FastJWT[object] = security, found: RequestToken = request_token
        ) -> object:
            return security.verify_token(found)

        results = {
            "PyJWT decode, pre-loaded key (floor)": median_seconds(
                floor, number=NUMBER, repeat=REPEAT
            ),
            "FastJWT verify_claims": median_seconds(claims, number=NUMBER, repeat=REPEAT),
            "FastJWT verify_token (claims + model + checks)": median_seconds(
                full, number=NUMBER, repeat=REPEAT
            ),
        }
        report(
            f"{algorithm}: verifying one token, median",
            results,
            "PyJWT decode, pre-loaded key (floor)",
        )


if __name__ == "__main__":
    main()
