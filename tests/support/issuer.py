"""A stand-in identity provider on 127.0.0.1: discovery documents, JWK Sets, and its tokens.

It publishes what an OpenID Connect provider publishes (metadata at
`<issuer>/.well-known/openid-configuration`, a JWK Set at its `jwks_uri`) for
one or several issuers (tenants), and signs tokens with its keys the way a
provider does, so tests and the documentation's examples can verify
"provider" tokens without leaving the machine.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

HOST = "127.0.0.1"
_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "ES256": ec.SECP256R1,
    "ES384": ec.SECP384R1,
    "ES512": ec.SECP521R1,
}


def provider_key(algorithm: str) -> Any:
    """A new private key for `algorithm` (RSA 2048 for RS*/PS*, its curve for ES*, Ed25519)."""
    if algorithm in _CURVES:
        return ec.generate_private_key(_CURVES[algorithm]())
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class StandInIssuer:
    """The provider's state: its keys, the documents it serves, the requests it got."""

    def __init__(self, algorithm: str = "RS256", kid: str = "stand-in-1", key: Any = None) -> None:
        self.algorithm = algorithm
        self.kid = kid
        self.key: Any = provider_key(algorithm) if key is None else key
        self.port = 0
        self.documents: dict[str, bytes] = {}
        self.token_endpoints: dict[str, Callable[[Mapping[str, str]], dict[str, Any]]] = {}
        self.requests: list[str] = []
        self.status = 200
        self.delay = 0.0
        """Seconds every GET waits before it is answered (a slow provider)."""
        self.redirects: dict[str, str] = {}
        """Paths answered with `302 Found` to another location."""

    @property
    def base(self) -> str:
        """The server's root URL."""
        return f"http://{HOST}:{self.port}"

    def issuer(self, path: str = "") -> str:
        """The URL of an issuer the server speaks for (`path` like `/tenant/v2.0`)."""
        return f"{self.base}{path}"

    def jwk_set(self) -> dict[str, Any]:
        """The public keys, as a JWK Set."""
        implementation = jwt.get_algorithm_by_name(self.algorithm)
        jwk = dict(implementation.to_jwk(self.key.public_key(), as_dict=True))
        jwk.update(kid=self.kid, use="sig", alg=self.algorithm)
        return {"keys": [jwk]}

    def serve_issuer(self, path: str = "", *, issuer: str | None = None) -> str:
        """Publish metadata and keys for the issuer at `path`; return its URL."""
        url = self.issuer(path)
        root = path.rstrip("/")
        jwks_path = f"{root}/discovery/keys"
        metadata = {
            "issuer": issuer or url,
            "jwks_uri": f"{self.base}{jwks_path}",
            "authorization_endpoint": f"{url}/authorize",
            "token_endpoint": f"{url}/oauth/token",
        }
        self.documents[f"{root}/.well-known/openid-configuration"] = json.dumps(metadata).encode()
        self.documents[jwks_path] = json.dumps(self.jwk_set()).encode()
        return url

    def serve_keys(self, path: str) -> str:
        """Publish the JWK Set at `path` too (a provider whose JWKS URL is given directly)."""
        self.documents[path] = json.dumps(self.jwk_set()).encode()
        return f"{self.base}{path}"

    def serve_token_endpoint(
        self,
        path: str,
        issuer: str,
        shape: Callable[[str, Mapping[str, str]], tuple[dict[str, Any], dict[str, Any]]],
        field: str = "access_token",
    ) -> str:
        """Answer `POST path` (form fields) with a token of `issuer` written by `shape`.

        The answer is a token response (RFC 6749 section 5.1) with the token under
        `field`: what a provider's token endpoint returns, minus any authentication.
        """

        def respond(fields: Mapping[str, str]) -> dict[str, Any]:
            claims, headers = shape(issuer, fields)
            token = self.token(claims, headers=headers)
            return {field: token, "token_type": "Bearer", "expires_in": 600}

        self.token_endpoints[path] = respond
        return f"{self.base}{path}"

    def token(
        self, claims: dict[str, Any], *, headers: dict[str, Any] | None = None, lifetime: int = 600
    ) -> str:
        """A token signed with the provider's key: `iat`, `exp` and `jti` added unless given.

        A claim or header field given as `None` is left out (`kid=None`: a token without one).
        """
        now = int(time.time())
        full = {"iat": now, "exp": now + lifetime, "jti": str(uuid.uuid4()), **claims}
        # A header field given as None is left out (PyJWT drops a None `typ` itself).
        given = {"kid": self.kid, **(headers or {})}
        header = {
            name: value for name, value in given.items() if value is not None or name == "typ"
        }
        return jwt.encode(
            {name: value for name, value in full.items() if value is not None},
            self.key,
            algorithm=self.algorithm,
            headers=header,
        )


def _handler(issuer: StandInIssuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            issuer.requests.append(self.path)
            if issuer.delay:
                time.sleep(issuer.delay)
            if self.path in issuer.redirects:
                self.send_response(302)
                self.send_header("Location", issuer.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = issuer.documents.get(self.path)
            status = issuer.status if body is not None else 404
            body = body if status == 200 and body is not None else b'{"error": "not_found"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            issuer.requests.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            fields = dict(parse_qsl(self.rfile.read(length).decode()))
            endpoint = issuer.token_endpoints.get(self.path)
            status, answer = (
                (404, {"error": "not_found"}) if endpoint is None else (200, endpoint(fields))
            )
            body = json.dumps(answer, separators=(",", ":")).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

    return Handler


@contextlib.contextmanager
def stand_in_issuer(algorithm: str = "RS256", key: Any = None) -> Iterator[StandInIssuer]:
    """Serve a `StandInIssuer` on a free port of 127.0.0.1 for the duration of the block.

    `key` is its private key (a new one by default), for tests that sign its tokens elsewhere.
    """
    issuer = StandInIssuer(algorithm, key=key)
    server = ThreadingHTTPServer((HOST, 0), _handler(issuer))
    server.daemon_threads = True
    issuer.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
