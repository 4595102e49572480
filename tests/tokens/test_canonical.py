"""One string per token: re-encodings of a revoked token stay revoked."""

from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from jwt.utils import base64url_decode, base64url_encode

from fastjwt import FastJWT, FJWTConfig, JWTDecodeError, RequestToken
from fastjwt.tokens.codec import _CURVE_ORDERS, parse
from tests.support import SECRET, bearer

CURVES: dict[str, ec.EllipticCurve] = {
    "ES256": ec.SECP256R1(),
    "ES256K": ec.SECP256K1(),
    "ES384": ec.SECP384R1(),
    "ES512": ec.SECP521R1(),
}


def _ec_config(algorithm: str) -> FJWTConfig:
    key = ec.generate_private_key(CURVES[algorithm])
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return FJWTConfig(JWT_ALGORITHM=algorithm, JWT_PRIVATE_KEY=pem)


def _high_s(token: str, algorithm: str) -> str:
    signing_input, _, signature = token.rpartition(".")
    raw = base64url_decode(signature)
    half = len(raw) // 2
    s = int.from_bytes(raw[half:], "big")
    flipped = (_CURVE_ORDERS[algorithm] - s).to_bytes(half, "big")
    return f"{signing_input}.{base64url_encode(raw[:half] + flipped).decode()}"


def _other_trailing_bits(segment: str) -> str | None:
    """The same bytes with different unused low bits in the last character, if any."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for character in alphabet:
        candidate = segment[:-1] + character
        if candidate != segment and base64url_decode(candidate) == base64url_decode(segment):
            return candidate
    return None


def re_encodings(token: str) -> dict[str, str]:
    header, payload, signature = token.split(".")
    variants = {
        "padded signature": f"{header}.{payload}.{signature}==",
        "padded payload": f"{header}.{payload}=.{signature}",
        "trailing data": f"{token}.x",
        "trailing character": f"{token}A",
    }
    bits = _other_trailing_bits(signature)
    if bits is not None:
        variants["unused bits"] = f"{header}.{payload}.{bits}"
    return variants


@pytest.mark.parametrize("algorithm", sorted(CURVES))
def test_ecdsa_tokens_are_signed_low_s(algorithm: str) -> None:
    security = FastJWT(_ec_config(algorithm))
    half = _CURVE_ORDERS[algorithm] // 2
    for _ in range(20):
        token = security.create_access_token(uid="alice")
        assert security.verify_token(RequestToken(token=token, location="headers")).sub == "alice"
        raw = base64url_decode(token.rpartition(".")[2])
        assert int.from_bytes(raw[len(raw) // 2 :], "big") <= half
        high = _high_s(token, algorithm)
        with pytest.raises(JWTDecodeError) as caught:
            security.verify_token(RequestToken(token=high, location="headers"))
        assert caught.value.description == "The token signature is not canonical"


def _blocklisting_app(config: FJWTConfig) -> tuple[TestClient, FastJWT[Any], set[str]]:
    security: FastJWT[Any] = FastJWT(config)
    revoked: set[str] = set()
    security.set_token_blocklist(lambda token: token in revoked)
    app = FastAPI()

    @app.get("/", dependencies=[Depends(security.access_token_required)])
    def home() -> str:
        return "ok"

    return TestClient(app), security, revoked


@pytest.mark.parametrize("algorithm", ["HS256", "ES256"])
def test_a_revoked_raw_token_stays_revoked_under_every_re_encoding(algorithm: str) -> None:
    config = FJWTConfig(JWT_SECRET_KEY=SECRET) if algorithm == "HS256" else _ec_config(algorithm)
    client, security, revoked = _blocklisting_app(config)
    token = security.create_access_token(uid="alice")
    assert client.get("/", headers=bearer(token)).json() == "ok"
    revoked.add(token)
    assert client.get("/", headers=bearer(token)).status_code == 401
    variants = re_encodings(token)
    if algorithm == "ES256":
        variants["high s"] = _high_s(token, algorithm)
    assert len(variants) >= 5
    for name, variant in variants.items():
        assert variant != token
        response = client.get("/", headers=bearer(variant))
        assert response.status_code == 401, name
        assert response.json()["detail"] in {
            "Unauthorized",
            "Authorization header must hold exactly one token",
        }, name


@pytest.mark.parametrize(
    "token",
    ["a.b", "a.b.c.d", "a.b!.c", "a.b.c=", "YQ.YQ.Y", "YR.YQ.YQ"],
    ids=["two", "four", "bad-char", "padding", "impossible-length", "unused-bits"],
)
def test_parse_refuses_non_canonical_tokens(token: str) -> None:
    with pytest.raises(JWTDecodeError):
        parse(token)


def test_parse_accepts_our_tokens() -> None:
    security = FastJWT(FJWTConfig(JWT_SECRET_KEY=SECRET))
    assert parse(security.create_access_token(uid="alice")).header["alg"] == "HS256"
