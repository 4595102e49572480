"""Sign and verify compact JWS tokens; the one module that imports PyJWT.

Verification goes through PyJWT's algorithm objects with keys parsed once, and
does less per token than `jwt.decode` while checking as much: a token costs a
split, three strict base64url decodes, two JSON parses, one signature check
and a few comparisons against rules fixed when the configuration loads
(`DecodeRules`). The signature is checked before the claims are parsed.

Parsing is strict, so that one token has one spelling: base64url without
padding, unused bits zero, exactly three segments. For tokens FastJWT signs
itself, ECDSA signatures must also have a low `s` (`DecodeRules.low_s`), as
FastJWT writes them: `(r, s)` and `(r, n - s)` are both valid, and a
blocklist of raw token strings must not be dodged that way.

Every failure is a `JWTDecodeError` whose description fits a
`WWW-Authenticate` header and repeats nothing the client sent.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, NoReturn, Protocol

from jwt.algorithms import Algorithm, HMACAlgorithm, get_default_algorithms
from jwt.exceptions import InvalidKeyError

from fastjwt.exceptions import JWTDecodeError

__all__ = [
    "ALGORITHMS",
    "DecodeRules",
    "HMACAlgorithm",
    "InvalidKeyError",
    "Parsed",
    "SigningKey",
    "base64url_decode",
    "base64url_encode",
    "encode",
    "missing",
    "parse",
    "read_claims",
    "read_header",
    "shown",
    "unverified_claims",
    "verify",
]

ALGORITHMS: dict[str, Algorithm] = get_default_algorithms()
"""PyJWT's implementation of each algorithm name."""

MALFORMED = "The token is malformed"
NOT_CANONICAL = "The token is not canonically encoded"
EXPIRED = "The token has expired"
NOT_YET_VALID = "The token is not valid yet"
BAD_SIGNATURE = "The token signature is invalid"
BAD_ALGORITHM = "The token algorithm is not accepted"
_SHOWN = 64


def missing(claim: str) -> str:
    """The description of a token that lacks `claim`."""
    return f"The token lacks the {claim} claim"


INVALID = "The token is invalid"

_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# The last character of a segment carries 4 unused bits (length 2 mod 4) or 2
# (length 3 mod 4); canonical base64url leaves them zero.
_LAST_OF_2 = frozenset(_ALPHABET[::16])
_LAST_OF_3 = frozenset(_ALPHABET[::4])
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_PAD = (b"", b"", b"==", b"=")

# Group orders of the ECDSA curves (SEC 2, FIPS 186-4).
_CURVE_ORDERS: dict[str, int] = {
    "ES256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "ES256K": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
    "ES384": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
    "ES512": int(
        "01FF" + "FFFFFFFF" * 7 + "FFFFFFFA"
        "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
        16,
    ),
}


def _refuse_constant(name: str) -> NoReturn:
    msg = f"{name} is not JSON"
    raise ValueError(msg)


# NaN and Infinity are not JSON (RFC 8259), though Python's parser reads them.
_JSON = json.JSONDecoder(parse_constant=_refuse_constant)
_HEADERS: dict[tuple[str, tuple[tuple[str, Any], ...]], bytes] = {}
# Headers read before, by their encoded segment. Never handed out to be changed: the
# pipeline only reads `alg` and `kid`, and `read_header` returns a copy.
_HEADERS_READ: dict[str, dict[str, Any]] = {}


class SigningKey(Protocol):
    """A parsed key and the algorithms it may verify (`keys.keyring.VerificationKey`)."""

    @property
    def key(self) -> Any:
        """The key object PyJWT's algorithm implementation takes."""

    @property
    def algorithms(self) -> tuple[str, ...]:
        """The algorithm names a token signed with this key may declare."""


@dataclass(frozen=True, slots=True)
class DecodeRules:
    """What the registered claims of accepted tokens must satisfy; fixed per configuration.

    Attributes:
        leeway: Seconds of clock skew tolerated for `exp`, `nbf` and `iat`.
        audience: The accepted audiences; `None` refuses any token with `aud`
            (PyJWT's rule: a token meant for someone must not be taken by all).
        issuer: The accepted issuers, compared exactly; `None` checks none.
        require: Claims that must be present and not null.
        low_s: Refuse ECDSA signatures with a high `s` (FastJWT's own tokens).
        types: The accepted values of the `typ` header, lowercase and without
            `application/` (RFC 8725 section 3.11: a token of another kind, such
            as `secevent+jwt`, must not pass for this one); `None` accepts any.
        type_required: Refuse a token without `typ` (explicit typing).
    """

    leeway: float = 0.0
    audience: tuple[str, ...] | None = None
    issuer: tuple[str, ...] | None = None
    require: tuple[str, ...] = ()
    low_s: bool = True
    types: frozenset[str] | None = frozenset({"jwt"})
    type_required: bool = False


class Parsed(NamedTuple):
    """A token split and decoded, before its signature is checked."""

    header: dict[str, Any]
    signing_input: bytes
    payload: bytes
    signature: bytes


def base64url_encode(data: bytes) -> str:
    """Encode bytes as base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(segment: str) -> bytes:
    """Decode one segment of a compact token, refusing every non-canonical spelling.

    Raises:
        JWTDecodeError: The segment holds other characters than base64url's,
            padding, a length no encoding has, or unused bits that are not zero.
    """
    rest = len(segment) % 4
    if (
        rest == 1
        or (rest == 2 and segment[-1] not in _LAST_OF_2)
        or (rest == 3 and segment[-1] not in _LAST_OF_3)
        or not _SEGMENT.fullmatch(segment)
    ):
        raise JWTDecodeError(description=NOT_CANONICAL)
    # The characters and the length were checked above: nothing is left for binascii to refuse.
    return binascii.a2b_base64(segment.encode("ascii").translate(_TO_STANDARD) + _PAD[rest])


MAX_NESTING = 64
"""How deep arrays and objects may nest in a token's header or claims."""


def check_nesting(text: str, document: object) -> None:
    """Refuse a decoded JSON document whose arrays and objects nest deeper than `MAX_NESTING`.

    Python 3.11's decoder stops at about a thousand levels with `RecursionError`; later
    versions go much deeper, and the code that walks claims recursively afterwards (pydantic,
    copying a claim for a cached token) would then fail. Text with no more than `MAX_NESTING`
    brackets cannot nest deeper, so nearly every token skips the walk.

    Raises:
        ValueError: The document nests deeper.
    """
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: list[object] = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_NESTING:
            msg = f"JSON nested deeper than {MAX_NESTING} levels"
            raise ValueError(msg)
        pending.extend((child, depth + 1) for child in children)


def _json_object(data: bytes) -> dict[str, Any]:
    try:
        text = data.decode("utf-8")
        document = _JSON.decode(text)
        check_nesting(text, document)
    except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, 5,000-digit numbers
        raise JWTDecodeError(description=MALFORMED) from error
    if not isinstance(document, dict):
        raise JWTDecodeError(description=MALFORMED)
    return document


def parse(token: str) -> Parsed:
    """Split a compact token and decode its header, without checking anything else.

    Raises:
        JWTDecodeError: The token is not three canonical segments, or its header
            is not a JSON object, declares critical extensions (`crit`, `b64`)
            or a `kid` that is not a string.
    """
    segments = token.split(".")
    if len(segments) != 3:
        raise JWTDecodeError(description=MALFORMED)
    head, body, tail = segments
    header = _HEADERS_READ.get(head)
    if header is None:
        header = _read_header(head)
    return Parsed(
        header,
        f"{head}.{body}".encode("ascii"),
        base64url_decode(body),
        base64url_decode(tail),
    )


def _read_header(segment: str) -> dict[str, Any]:
    """Decode and check a header segment; remember it, since a key's tokens share one header."""
    header = _json_object(base64url_decode(segment))
    if "crit" in header or "b64" in header:
        raise JWTDecodeError(description="The token uses an unsupported critical header")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise JWTDecodeError(description=INVALID)
    if len(_HEADERS_READ) >= 256:
        _HEADERS_READ.clear()  # a flood of distinct headers only costs their parsing
    _HEADERS_READ[segment] = header
    return header


def read_header(token: str) -> dict[str, Any]:
    """Read a token's JOSE header without verifying anything.

    Raises:
        JWTDecodeError: As `parse`.
    """
    return dict(parse(token).header)


def unverified_claims(token: str) -> dict[str, Any]:
    """Read the claims of a token this process created, without verifying it.

    Raises:
        ValueError: `token` is not a JWT.
    """
    try:
        return _json_object(parse(token).payload)
    except JWTDecodeError as error:
        msg = f"Not a JWT: {error.description}"
        raise ValueError(msg) from error


def verify(
    parsed: Parsed,
    key: SigningKey,
    rules: DecodeRules,
    now: float,
    claims: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Check a parsed token's algorithm, type and signature with `key`, then its claims.

    Only the algorithms of `key` are accepted, never one the token merely
    declares. `claims` are the payload, when it was already read (to find
    the token's issuer); it is trusted only once the signature holds.

    Raises:
        JWTDecodeError: The algorithm or `typ` is not accepted, the signature
            is wrong, or a registered claim fails (see `check_claims`).
    """
    header = parsed.header
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in key.algorithms:
        raise JWTDecodeError(description=BAD_ALGORITHM)
    if "typ" in header or rules.type_required:
        _check_type(header.get("typ"), rules)
    if not ALGORITHMS[algorithm].verify(parsed.signing_input, key.key, parsed.signature):
        raise JWTDecodeError(description=BAD_SIGNATURE)
    if rules.low_s and algorithm in _CURVE_ORDERS and _high_s(parsed.signature, algorithm):
        raise JWTDecodeError(description="The token signature is not canonical")
    if claims is None:
        claims = _json_object(parsed.payload)
    check_claims(claims, rules, now)
    return claims


def read_claims(parsed: Parsed) -> dict[str, Any]:
    """The payload of a parsed token, NOT verified: only to learn which issuer to check it with.

    Raises:
        JWTDecodeError: The payload is not a JSON object.
    """
    return _json_object(parsed.payload)


def shown(value: object) -> str:
    """A value from a token, fit to be named in an error description (short, printable)."""
    if value == "":
        return "(empty)"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        text = ", ".join(value)
    else:
        text = value if isinstance(value, str) else f"of type {type(value).__name__}"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _check_type(typ: object, rules: DecodeRules) -> None:
    if typ is None and rules.type_required:
        raise JWTDecodeError(description="The token lacks the typ header")
    if rules.types is None:
        return
    if not isinstance(typ, str) or typ.lower().removeprefix("application/") not in rules.types:
        raise JWTDecodeError(description=f"The token type {shown(typ)} is not accepted")


def _high_s(signature: bytes, algorithm: str) -> bool:
    return int.from_bytes(signature[len(signature) // 2 :], "big") > _CURVE_ORDERS[algorithm] // 2


def _number(claims: Mapping[str, Any], name: str, wrong: str = MALFORMED) -> float | None:
    value = claims.get(name)
    if value is None and name not in claims:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):  # nor is None
        raise JWTDecodeError(description=wrong)
    if type(value) is float and not math.isfinite(value):  # 1e400 reads as infinity
        raise JWTDecodeError(description=wrong)
    return value


def check_claims(claims: Mapping[str, Any], rules: DecodeRules, now: float) -> None:
    """Check the registered claims against `rules` as of `now`, in PyJWT's order.

    Raises:
        JWTDecodeError: A required claim is missing, a time claim is not a
            number or is out of range, the issuer or audience is not accepted,
            or `sub` or `jti` is not a string.
    """
    for name in rules.require:
        if claims.get(name) is None:
            raise JWTDecodeError(description=missing(name))
    leeway = rules.leeway
    issued = _number(claims, "iat", INVALID)
    if issued is not None and issued > now + leeway:
        raise JWTDecodeError(description=NOT_YET_VALID)
    not_before = _number(claims, "nbf")
    if not_before is not None and not_before > now + leeway:
        raise JWTDecodeError(description=NOT_YET_VALID)
    expiry = _number(claims, "exp")
    if expiry is not None and expiry <= now - leeway:
        raise JWTDecodeError(description=EXPIRED)
    if rules.issuer is not None:
        issuer = claims.get("iss")
        if issuer is None:
            raise JWTDecodeError(description=missing("iss"))
        if not isinstance(issuer, str) or issuer not in rules.issuer:
            raise JWTDecodeError(description=f"The token issuer {shown(issuer)} is not accepted")
    _check_audience(claims, rules.audience)
    for name in ("sub", "jti"):
        if name in claims and not isinstance(claims[name], str):
            raise JWTDecodeError(description=INVALID)


def _check_audience(claims: Mapping[str, Any], accepted: tuple[str, ...] | None) -> None:
    if accepted is None:
        if "aud" in claims:
            raise JWTDecodeError(description="The token names an audience, and none is accepted")
        return
    audience = claims.get("aud")
    if audience is None:
        raise JWTDecodeError(description=missing("aud"))
    named = [audience] if isinstance(audience, str) else audience
    if (
        not isinstance(named, list)
        or not all(isinstance(item, str) for item in named)
        or not any(item in accepted for item in named)
    ):
        raise JWTDecodeError(description=f"The token audience {shown(audience)} is not accepted")


def _header_segment(algorithm: str, headers: Mapping[str, Any] | None) -> bytes:
    """The encoded JOSE header, as PyJWT writes it (sorted keys), cached per distinct header."""
    extra = tuple(sorted((headers or {}).items()))
    try:
        cache_key = (algorithm, extra)
        cached = _HEADERS.get(cache_key)
    except TypeError:  # an unhashable header value: encode it every time
        cache_key, cached = None, None
    if cached is not None:
        return cached
    header = {"typ": "JWT", "alg": algorithm, **dict(extra)}
    if not header["typ"]:  # `typ: None` in `headers` leaves it out, as in PyJWT
        del header["typ"]
    encoded = base64url_encode(
        json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    ).encode("ascii")
    if cache_key is not None and len(_HEADERS) < 256:
        _HEADERS[cache_key] = encoded
    return encoded


def encode(
    claims: Mapping[str, Any],
    key: Any,
    algorithm: str,
    headers: Mapping[str, Any] | None = None,
) -> str:
    """Sign `claims` into a compact JWT with a parsed key (a low-S signature for ECDSA).

    Raises:
        TypeError: A claim or header value cannot be written as JSON.
        ValueError: `headers` tries to set `alg`, `crit` or `b64`.
    """
    if headers and not {"alg", "crit", "b64"}.isdisjoint(headers):
        msg = "headers cannot set alg, crit or b64: the algorithm comes from JWT_ALGORITHM"
        raise ValueError(msg)
    payload = base64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = _header_segment(algorithm, headers) + b"." + payload.encode("ascii")
    signature = ALGORITHMS[algorithm].sign(signing_input, key)
    order = _CURVE_ORDERS.get(algorithm)
    if order is not None:
        half = len(signature) // 2
        s = int.from_bytes(signature[half:], "big")
        if s > order // 2:
            signature = signature[:half] + (order - s).to_bytes(half, "big")
    return f"{signing_input.decode('ascii')}.{base64url_encode(signature)}"
