"""The JWS examples of RFC 7515 (appendix A.1 to A.3) and RFC 8037 (A.4), verified by FastJWT.

The tokens and keys are the RFCs' own, byte for byte. A.1 to A.3 carry `exp`
1300819380 (2011-03-22T18:43:00Z), so they are verified as of a moment before it,
and refused as expired now. A tampered signature is refused in every case.

What each vector goes through:

- A.1 (HS256, a 64-byte binary key given as the JWK's base64url `k`):
  `TokenPayload.decode` with the key's bytes, and an application configured with
  `JWT_SECRET_KEY_ENCODING="base64url"`, whose own tokens then verify with the RFC's
  JWK in jwcrypto.
- A.2 (RS256): `TokenPayload.decode` with the RFC's public key, read from its JWK by
  FastJWT's JWK Set reader.
- A.3 (ES256): its signature has a high `s`. `TokenPayload.decode` and the rules of
  trusted issuers (`low_s=False`) verify it; the paths that verify FastJWT's own tokens
  in requests (`RequestToken.verify`) refuse it as not canonical, since the raw-string
  blocklist needs one spelling per token.
- A.4 (EdDSA, Ed25519): a JWS whose payload is a sentence, not a claims set. Its
  signature verifies with the RFC 8037 A.2 public key; FastJWT then refuses it as a
  JWT, saying the payload is malformed (not that the signature is wrong).

The command line verifies own-key tokens with FastJWT's rules, which require the claims
every FastJWT token carries (`iat`, `jti`, `type`): it checks A.1's signature, then
refuses it for its missing `iat`, whatever `--at` says (required claims come before the
time claims), so no RFC vector verifies there.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from jwcrypto import jwk as crypto_jwk
from jwcrypto import jwt as crypto_jwt

from fastjwt import FastJWT, FJWTConfig, JWTDecodeError, RequestToken, TokenPayload
from fastjwt.cli import main
from fastjwt.keys.jwk import read_jwk_set
from fastjwt.keys.keyring import VerificationKey
from fastjwt.tokens import codec
from fastjwt.types import AlgorithmType
from tests.support import keys_of

BEFORE_EXPIRY = datetime(2011, 3, 22, 18, 0, tzinfo=UTC)  # exp is 18:43:00Z
EXPIRY = 1300819380
CLAIMS = {"iss": "joe", "exp": EXPIRY, "http://example.com/is_root": True}

# RFC 7515 A.1: the HMAC key as a JWK, and the token.
A1_KEY = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
A1 = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)
# RFC 7515 A.2: the RSA public key (n, e) and the token.
A2_KEY = {
    "kty": "RSA",
    "n": (
        "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEz"
        "P1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf6"
        "3kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5Zw"
        "Kh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRW"
        "yuXpoQ"
    ),
    "e": "AQAB",
}
A2 = (
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGb"
    "ds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0Ga"
    "rZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY"
    "9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
)
# RFC 7515 A.3: the P-256 public key and the token.
A3_KEY = {
    "kty": "EC",
    "crv": "P-256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
}
A3 = (
    "eyJhbGciOiJFUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
)
# RFC 8037 A.2 (the Ed25519 public key) and A.4 (the JWS of "Example of Ed25519 signing").
A4_KEY = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
A4 = (
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    ".hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)


def tampered(token: str) -> str:
    """The token with one signature bit flipped (its last character changed)."""
    head, _, signature = token.rpartition(".")
    raw = bytearray(codec.base64url_decode(signature))
    raw[0] ^= 1
    return f"{head}.{codec.base64url_encode(bytes(raw))}"


def key_of(jwk: dict[str, Any], algorithm: str) -> Any:
    """The public key of an RFC JWK, read by FastJWT's JWK Set reader."""
    (found,) = read_jwk_set({"keys": [jwk]}, (algorithm,)).values()
    assert found.algorithms == (algorithm,)
    return found.key


def a1_secret() -> bytes:
    return base64.urlsafe_b64decode(A1_KEY + "==")


def reason(error: pytest.ExceptionInfo[JWTDecodeError]) -> str:
    return str(error.value.description)


@pytest.mark.parametrize(
    ("token", "key", "algorithm"),
    [
        pytest.param(A1, a1_secret(), "HS256", id="RFC7515-A.1-HS256"),
        pytest.param(A2, key_of(A2_KEY, "RS256"), "RS256", id="RFC7515-A.2-RS256"),
    ],
)
def test_rfc7515_vectors_decode_as_of_a_time_before_their_expiry(
    token: str, key: Any, algorithm: AlgorithmType
) -> None:
    payload = TokenPayload.decode(token, key, [algorithm], at=BEFORE_EXPIRY)
    assert (payload.iss, payload.exp) == ("joe", EXPIRY)
    assert payload.model_dump()["http://example.com/is_root"] is True
    with pytest.raises(JWTDecodeError) as expired:
        TokenPayload.decode(token, key, [algorithm])
    assert reason(expired) == "The token has expired"
    with pytest.raises(JWTDecodeError) as forged:
        TokenPayload.decode(tampered(token), key, [algorithm], at=BEFORE_EXPIRY)
    assert "signature" in reason(forged)


def test_rfc7515_a1_key_configured_as_base64url_is_the_rfc_key() -> None:
    config = FJWTConfig(JWT_SECRET_KEY=A1_KEY, JWT_SECRET_KEY_ENCODING="base64url")
    assert keys_of(config).signing_key == a1_secret()
    security = FastJWT(config)
    # A.1 lacks the claims FastJWT's own tokens carry: the signature and expiry hold as of
    # BEFORE_EXPIRY, and the refusal names the first missing claim.
    with pytest.raises(JWTDecodeError) as refused:
        security.verify_token_claims(A1, at=BEFORE_EXPIRY)
    assert reason(refused) == "The token lacks the iat claim"
    with pytest.raises(JWTDecodeError) as forged:
        security.verify_token_claims(tampered(A1), at=BEFORE_EXPIRY)
    assert "signature" in reason(forged)
    # A token FastJWT signs with that key verifies with the RFC's JWK elsewhere.
    token = security.create_access_token(uid="joe")
    verifier = crypto_jwt.JWT(algs=["HS256"], expected_type="JWS")
    verifier.deserialize(token, crypto_jwk.JWK(kty="oct", k=A1_KEY))
    assert json.loads(verifier.claims)["sub"] == "joe"


def test_rfc7515_a3_high_s_signature_verifies_under_the_trusted_issuer_rules() -> None:
    key = VerificationKey(key_of(A3_KEY, "ES256"), ("ES256",))
    now = BEFORE_EXPIRY.timestamp()
    external = codec.DecodeRules(low_s=False)
    assert codec.verify(codec.parse(A3), key, external, now) == CLAIMS
    with pytest.raises(JWTDecodeError) as forged:
        codec.verify(codec.parse(tampered(A3)), key, external, now)
    assert "signature" in reason(forged)
    # TokenPayload.decode reads any library's tokens: high-S included.
    payload = TokenPayload.decode(A3, key.key, ["ES256"], at=BEFORE_EXPIRY)
    assert (payload.iss, payload.exp, payload.iat, payload.jti) == ("joe", EXPIRY, None, None)
    # The request paths keep FastJWT's own rule (one spelling per token): low-S only.
    found = RequestToken(token=A3, location="headers")
    with pytest.raises(JWTDecodeError) as own:
        found.verify(key.key, algorithms=["ES256"])
    assert reason(own) == "The token signature is not canonical"


def test_rfc8037_a4_signature_verifies_and_its_payload_is_not_a_claims_set() -> None:
    key = key_of(A4_KEY, "EdDSA")
    parsed = codec.parse(A4)
    assert parsed.header == {"alg": "EdDSA"}
    assert parsed.payload == b"Example of Ed25519 signing"
    with pytest.raises(JWTDecodeError) as genuine:
        TokenPayload.decode(A4, key, ["EdDSA"])
    with pytest.raises(JWTDecodeError) as forged:
        TokenPayload.decode(tampered(A4), key, ["EdDSA"])
    assert "signature" not in reason(genuine)
    assert reason(genuine) == codec.MALFORMED
    assert "signature" in reason(forged)


def test_the_command_line_checks_a1_as_of_a_time_and_requires_fastjwts_claims(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET_KEY", A1_KEY)
    monkeypatch.setenv("JWT_SECRET_KEY_ENCODING", "base64url")
    # Required claims are checked before the time claims: `--at` cannot get A.1 further.
    for at in ("2011-03-22T18:00:00Z", "1300819381"):
        code = main(["verify", "--algorithm", "HS256", "--at", at, A1])
        out, _ = capsys.readouterr()
        assert (code, out.strip()) == (1, "INVALID: The token lacks the iat claim")
    code = main(["verify", "--algorithm", "HS256", "--at", "1300819000", tampered(A1)])
    assert code == 1
    assert "signature" in capsys.readouterr().out
