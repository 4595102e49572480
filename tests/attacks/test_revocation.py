"""Revocation (OWASP JWT cheat sheet: no built-in revocation): a revoked token stays revoked.

Revocation keys on the verified claims (`jti`, the subject, `iat`), and a token has one
spelling: every other encoding of a revoked token is refused before its claims are read,
wherever it is sent and however the scheme is written.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable

import pytest

from fastjwt import RequestToken
from tests.support.attacks import Target, invalid_request, invalid_token
from tests.support.forge import b64

REVOKED = invalid_token("The token was revoked (token)", "Token has been revoked")
NOT_CANONICAL = invalid_token("The token is not canonically encoded")


def _revoked(target: Target) -> str:
    security = target.security
    token = security.create_access_token(uid="alice")
    payload = security.verify_token(RequestToken(token=token, location="headers"))
    asyncio.run(security.revoke(payload))
    return token


def test_the_revoked_token(target: Target) -> None:
    assert target.send(_revoked(target)) == REVOKED


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer  "])
def test_the_revoked_token_with_another_spelling_of_the_scheme(target: Target, scheme: str) -> None:
    token = _revoked(target)
    response = target.client.get("/p", headers={"Authorization": f"{scheme} {token}"})
    assert (response.status_code, response.json()) == (401, {"detail": "Token has been revoked"})


def test_every_token_of_a_revoked_subject(target: Target) -> None:
    security = target.security
    tokens = [security.create_access_token(uid="alice") for _ in range(3)]
    asyncio.run(security.revoke_subject("alice"))
    expected = invalid_token("The token was revoked (subject)", "Token has been revoked")
    assert [target.send(token) for token in tokens] == [expected] * 3


def test_the_revoked_token_with_padding(target: Target) -> None:
    assert target.send(_revoked(target) + "=") == NOT_CANONICAL


def test_the_revoked_token_in_the_standard_base64_alphabet(target: Target) -> None:
    token = _revoked(target)
    head, body, tail = token.split(".")
    respelled = f"{head}.{body}.{tail.replace('-', '+').replace('_', '/')}"
    if respelled == token:
        respelled = f"{head}.{body}.{tail[:-1]}+"
    assert target.send(respelled) == NOT_CANONICAL


def test_the_revoked_token_with_other_unused_bits(target: Target) -> None:
    token = _revoked(target)
    head, body, tail = token.split(".")
    # 43 characters hold 32 bytes and 2 unused bits, which FastJWT writes as zero.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet[alphabet.index(tail[-1]) + 1]
    assert target.send(f"{head}.{body}.{tail[:-1]}{last}") == NOT_CANONICAL


def test_the_revoked_token_with_whitespace_inside(target: Target) -> None:
    token = _revoked(target)
    head, rest = token.split(".", 1)
    assert target.send(f"{head}. {rest}") == invalid_request(
        "Authorization header must hold exactly one token",
        "Expected Authorization: Bearer <token>",
    )


def test_the_high_s_twin_of_a_revoked_ecdsa_token(asymmetric: Callable[..., Target]) -> None:
    target = asymmetric("ES256")
    token = _revoked(target)
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    raw = base64.urlsafe_b64decode(token.rsplit(".", 1)[1] + "==")
    twin = raw[:32] + (order - int.from_bytes(raw[32:], "big")).to_bytes(32, "big")
    # The twin is a valid signature of the same claims: it must not dodge the blocklist.
    assert target.send(f"{token.rsplit('.', 1)[0]}.{b64(twin)}") == invalid_token(
        "The token signature is not canonical"
    )


def test_the_revoked_token_in_another_location() -> None:
    target = Target(
        JWT_SECRET_KEY="test-secret-of-at-least-thirty-two-bytes",
        JWT_TOKEN_LOCATION=["headers", "query", "cookies"],
    )
    token = _revoked(target)
    by_query = target.client.get("/p", params={"token": token})
    target.client.cookies.set("access_token_cookie", token)
    by_cookie = target.client.get("/p")
    assert [(r.status_code, r.json()) for r in (by_query, by_cookie)] == [
        (401, {"detail": "Token has been revoked"})
    ] * 2
