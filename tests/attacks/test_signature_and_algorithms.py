"""Signature and algorithm: RFC 8725 sections 2.1, 2.2, 3.1, 3.2; RFC 7515 4.1; RFC 7797.

The algorithm a token declares never chooses the key or the verification: the settings do
(RFC 8725 section 3.1). Keys named by the token itself (`jwk`, `jku`, `x5u`, `x5c`) are never
read or fetched, and `kid` is only ever a dictionary key.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from fastjwt import BadConfigurationError
from tests.support import SECRET, secret_of
from tests.support.attacks import ACCEPTED, Target, invalid_token
from tests.support.forge import (
    b64,
    claims,
    hmac_sign,
    hs_token,
    segment,
    signed,
    unsigned,
    with_signature,
)
from tests.support.jwks import stub_jwks
from tests.support.keys import new_private_key, private_key

NOT_ACCEPTED = invalid_token("The token algorithm is not accepted")
BAD_SIGNATURE = invalid_token("The token signature is invalid")
NOT_CANONICAL = invalid_token("The token is not canonically encoded")
CRITICAL = invalid_token("The token uses an unsupported critical header")


def unknown_kid(shown: str) -> object:
    """The refusal of a key id no key has, shown as the challenge can carry it."""
    return invalid_token(f"The token key id {shown} is unknown")


# RFC 8725 section 2.1 / 3.1: "none", and every other algorithm the settings did not choose.


@pytest.mark.parametrize("name", ["none", "None", "NONE", "nOnE", ""])
def test_alg_none_in_every_spelling_without_a_signature(target: Target, name: str) -> None:
    assert target.send(unsigned(claims(), {"alg": name, "typ": "JWT"})) == NOT_ACCEPTED


@pytest.mark.parametrize("name", ["none", "None", "NONE", "nOnE", ""])
def test_alg_none_in_every_spelling_with_a_valid_hmac_signature(target: Target, name: str) -> None:
    assert target.send(hs_token(claims(), SECRET, {"alg": name})) == NOT_ACCEPTED


@pytest.mark.parametrize(
    "header",
    [{"typ": "JWT"}, {"alg": None}, {"alg": ["HS256"]}, {"alg": 256}, {"alg": "hs256"}],
    ids=["missing", "null", "list", "number", "lowercase"],
)
def test_alg_that_is_not_exactly_the_configured_name(
    target: Target, header: dict[str, Any]
) -> None:
    assert target.send(hs_token(claims(), SECRET, header)) == NOT_ACCEPTED


def test_a_stronger_hmac_the_settings_did_not_list(target: Target) -> None:
    token = hs_token(claims(), secret_of(48), algorithm="HS384")
    assert target.send(token) == NOT_ACCEPTED


# CVE-2022-29217 (PyJWT) and CVE-2024-33663 (python-jose): HMAC keyed with the public key.


def _public_key_as(form: str, algorithm: str) -> bytes:
    """The public key of the app's algorithm, written as `form`: the bytes an attacker has."""
    public = private_key(algorithm).public_key()
    if form == "jwk":
        kind = (
            RSAAlgorithm
            if isinstance(public, rsa.RSAPublicKey)
            else ECAlgorithm
            if isinstance(public, ec.EllipticCurvePublicKey)
            else OKPAlgorithm
        )
        return json.dumps(kind.to_jwk(public, as_dict=True)).encode()
    encoding = serialization.Encoding.PEM if form == "pem" else serialization.Encoding.DER
    data: bytes = public.public_bytes(encoding, serialization.PublicFormat.SubjectPublicKeyInfo)
    return data


@pytest.mark.parametrize("form", ["pem", "der", "jwk"])
@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "EdDSA"])
def test_hmac_signed_with_the_public_key(
    asymmetric: Callable[..., Target], algorithm: str, form: str
) -> None:
    token = hs_token(claims(), _public_key_as(form, algorithm))
    assert asymmetric(algorithm).send(token) == NOT_ACCEPTED


def test_hmac_with_the_public_key_when_hmac_is_also_listed_is_a_configuration_error(
    asymmetric: Callable[..., Target],
) -> None:
    with pytest.raises(BadConfigurationError, match="JWT_DECODE_ALGORITHMS must list"):
        asymmetric("RS256", JWT_DECODE_ALGORITHMS=["RS256", "HS256"])


# Other keys, tampering, truncated and appended signatures.


def test_signed_with_another_secret(target: Target) -> None:
    assert target.send(hs_token(claims(), secret_of(32, "o"))) == BAD_SIGNATURE


@pytest.mark.parametrize("algorithm", ["RS256", "PS256", "ES256", "EdDSA"])
def test_signed_with_another_private_key(asymmetric: Callable[..., Target], algorithm: str) -> None:
    token = signed(claims(), new_private_key(algorithm), algorithm)
    assert asymmetric(algorithm).send(token) == BAD_SIGNATURE


@pytest.mark.parametrize(("signed_as", "verified_as"), [("RS512", "RS256"), ("PS256", "RS256")])
def test_same_key_other_algorithm(
    asymmetric: Callable[..., Target], signed_as: str, verified_as: str
) -> None:
    token = signed(claims(), private_key(signed_as), signed_as)
    assert asymmetric(verified_as).send(token) == NOT_ACCEPTED


def test_tampered_payload_keeps_the_old_signature(target: Target) -> None:
    genuine = hs_token(claims(), SECRET)
    forged = hs_token(claims(sub="admin"), SECRET)
    head, body, _ = forged.split(".")
    assert target.send(f"{head}.{body}.{genuine.rsplit('.', 1)[1]}") == BAD_SIGNATURE


def test_tampered_header_keeps_the_old_signature(target: Target) -> None:
    genuine = hs_token(claims(), SECRET)
    other = hs_token(claims(), SECRET, {"alg": "HS256", "kid": "admin"})
    head = other.split(".")[0]
    _, body, tail = genuine.split(".")
    assert target.send(f"{head}.{body}.{tail}") == BAD_SIGNATURE


@pytest.mark.parametrize(
    ("keep", "expected"),
    [(0, BAD_SIGNATURE), (40, BAD_SIGNATURE), (41, NOT_CANONICAL)],
    ids=["empty", "30-bytes", "impossible-length"],
)
def test_truncated_signature(target: Target, keep: int, expected: object) -> None:
    token = hs_token(claims(), SECRET)
    head, body, tail = token.split(".")
    assert target.send(f"{head}.{body}.{tail[:keep]}") == expected


@pytest.mark.parametrize("extra", ["A", "AAAA", "AAAAAAAA"])
def test_appended_signature_bytes(target: Target, extra: str) -> None:
    assert target.send(hs_token(claims(), SECRET) + extra) == BAD_SIGNATURE


@pytest.mark.parametrize("algorithm", ["ES256", "ES384", "ES512"])
def test_all_zero_ecdsa_signature(asymmetric: Callable[..., Target], algorithm: str) -> None:
    token = signed(claims(), private_key(algorithm), algorithm)
    size = {"ES256": 64, "ES384": 96, "ES512": 132}[algorithm]
    assert asymmetric(algorithm).send(with_signature(token, bytes(size))) == BAD_SIGNATURE


def test_ecdsa_r_and_s_equal_to_the_curve_order(asymmetric: Callable[..., Target]) -> None:
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    token = signed(claims(), private_key("ES256"), "ES256")
    signature = order.to_bytes(32, "big") * 2
    assert asymmetric("ES256").send(with_signature(token, signature)) == BAD_SIGNATURE


def test_ecdsa_high_s_twin_of_a_valid_signature(asymmetric: Callable[..., Target]) -> None:
    app = asymmetric("ES256")
    token = app.security.create_access_token(uid="alice")
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    raw = base64.urlsafe_b64decode(token.rsplit(".", 1)[1] + "==")
    r, s = raw[:32], int.from_bytes(raw[32:], "big")
    twin = f"{token.rsplit('.', 1)[0]}.{b64(r + (order - s).to_bytes(32, 'big'))}"
    assert app.send(token) == ACCEPTED
    assert app.send(twin) == invalid_token("The token signature is not canonical")


# RFC 7515 section 4.1: keys the token names itself are never used, URLs never fetched.


def test_embedded_jwk_of_the_attackers_key(asymmetric: Callable[..., Target]) -> None:
    attacker = new_private_key("RS256")
    jwk = RSAAlgorithm.to_jwk(attacker.public_key(), as_dict=True)
    token = signed(claims(), attacker, "RS256", {"alg": "RS256", "jwk": jwk})
    assert asymmetric("RS256").send(token) == BAD_SIGNATURE


@pytest.mark.parametrize("parameter", ["jku", "x5u"])
def test_key_urls_are_never_fetched(asymmetric: Callable[..., Target], parameter: str) -> None:
    attacker = new_private_key("RS256")
    app = asymmetric("RS256")
    with stub_jwks() as stub:
        stub.publish({"keys": [RSAAlgorithm.to_jwk(attacker.public_key(), as_dict=True)]})
        token = signed(claims(), attacker, "RS256", {"alg": "RS256", parameter: stub.url})
        assert app.send(token) == BAD_SIGNATURE
        assert stub.requests == []


def test_x5c_certificate_of_the_attacker(asymmetric: Callable[..., Target]) -> None:
    attacker = new_private_key("RS256")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app.example.com")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(attacker.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(attacker, hashes.SHA256())
    )
    der = base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()
    token = signed(claims(), attacker, "RS256", {"alg": "RS256", "x5c": [der]})
    assert asymmetric("RS256").send(token) == BAD_SIGNATURE


HOSTILE_KIDS = [
    "../../../../../../dev/null",
    "/dev/null",
    "' OR '1'='1",
    "current' --",
    "http://127.0.0.1:9/key",
    "current\u0000",
    "k" * 300,
    "",
]
# How the refusal names each: cut at 64 characters, without what a challenge cannot carry
# (RFC 6750 section 3 leaves out control characters, quotes and backslashes).
SHOWN_KIDS = {
    "../../../../../../dev/null": "../../../../../../dev/null",
    "/dev/null": "/dev/null",
    "' OR '1'='1": "' OR '1'='1",
    "current' --": "current' --",
    "http://127.0.0.1:9/key": "http://127.0.0.1:9/key",
    "current\u0000": "current",
    "k" * 300: "k" * 61 + "...",
    "": "(empty)",
}


@pytest.mark.parametrize("kid", HOSTILE_KIDS)
def test_hostile_kid_with_a_key_set(kid: str) -> None:
    app = Target(JWT_SECRET_KEY=SECRET, JWT_KEY_ID="current")
    # The "kid points at an empty file" trick: HMAC keyed with nothing.
    token = hs_token(claims(), b"", {"alg": "HS256", "kid": kid})
    assert app.send(token) == unknown_kid(SHOWN_KIDS[kid])


@pytest.mark.parametrize("kid", HOSTILE_KIDS)
def test_hostile_kid_with_one_key_is_ignored(target: Target, kid: str) -> None:
    token = hs_token(claims(), b"", {"alg": "HS256", "kid": kid})
    assert target.send(token) == BAD_SIGNATURE


@pytest.mark.parametrize("kid", [1, ["current"], {"$ne": ""}, True])
def test_kid_that_is_not_a_string(kid: object) -> None:
    app = Target(JWT_SECRET_KEY=SECRET, JWT_KEY_ID="current")
    token = hs_token(claims(), SECRET, {"alg": "HS256", "kid": kid})
    assert app.send(token) == invalid_token("The token is invalid")


def test_no_kid_with_a_key_set() -> None:
    app = Target(JWT_SECRET_KEY=SECRET, JWT_KEY_ID="current")
    assert app.send(hs_token(claims(), SECRET)) == invalid_token("The token names no key id")


def test_kid_of_a_verification_key_signed_with_the_current_key() -> None:
    app = Target(
        JWT_SECRET_KEY=SECRET,
        JWT_KEY_ID="current",
        JWT_VERIFICATION_KEYS={"old": secret_of(32, "o")},
    )
    token = hs_token(claims(), SECRET, {"alg": "HS256", "kid": "old"})
    assert app.send(token) == BAD_SIGNATURE


# RFC 7515 section 4.1.11 and RFC 7797: critical extensions FastJWT does not implement.


@pytest.mark.parametrize(
    "extension",
    [{"crit": ["exp"]}, {"crit": []}, {"crit": ["b64"], "b64": False}, {"b64": False}],
    ids=["crit-exp", "crit-empty", "crit-b64", "b64-alone"],
)
def test_critical_extensions_are_refused(target: Target, extension: dict[str, Any]) -> None:
    token = hs_token(claims(), SECRET, {"alg": "HS256", **extension})
    assert target.send(token) == CRITICAL


def test_b64_false_with_an_unencoded_payload(target: Target) -> None:
    head = segment({"alg": "HS256", "b64": False, "crit": ["b64"]})
    payload = json.dumps(claims())
    signature = hmac_sign(f"{head}.{payload}", SECRET.encode())
    # A detached payload, as RFC 7797 sends it: the middle segment is empty.
    assert target.send(f"{head}..{b64(signature)}") == CRITICAL
