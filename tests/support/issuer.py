"""A stand-in identity provider on 127.0.0.1: discovery documents, JWK Sets, and its tokens.

It publishes what an OpenID Connect provider publishes (metadata at
`<issuer>/.well-known/openid-configuration`, a JWK Set at its `jwks_uri`) for
one or several issuers (tenants), and signs tokens with its keys the way a
provider does, so tests and the documentation's examples can verify
"provider" tokens without leaving the machine.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

HOST = "127.0.0.1"
_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "ES256": ec.SECP256R1,
    "ES384": ec.SECP384R1,
    "ES512": ec.SECP521R1,
}


class OAuthError(Exception):
    """A refused OAuth 2.0 request: answered 400 with `{"error": code}` (RFC 6749 section 5.2)."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass(frozen=True)
class Grant:
    """What an authorization code stands for until it is exchanged (once)."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    username: str
    scope: str


Page = Callable[[Mapping[str, str]], tuple[int, dict[str, str], bytes]]
"""A dynamic GET route: the query's fields -> status, headers and body."""


def s256(verifier: str) -> str:
    """The S256 code challenge of a PKCE code verifier (RFC 7636 section 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


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
        self.pages: dict[str, Page] = {}
        """Dynamic GET routes, by path (the query string is handed to them)."""
        self.grants: dict[str, Grant] = {}
        """Authorization codes not yet exchanged."""
        self.exchanges: list[dict[str, str]] = []
        """The form fields of every authorization-code exchange, accepted or refused."""

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

    def serve_authorization_code(
        self,
        authorize_path: str,
        token_path: str,
        issuer: str,
        shape: Callable[[str, Mapping[str, str]], tuple[dict[str, Any], dict[str, Any]]],
    ) -> None:
        """Let users log in at `authorize_path` and clients exchange codes at `token_path`.

        The authorization-code grant of RFC 6749 section 4.1, with PKCE required (RFC 7636,
        `S256` only): `GET authorize_path` shows a sign-in form (a user name, no password);
        submitting it redirects to the client's `redirect_uri` with a one-use code and the
        `state`; `POST token_path` exchanges the code, with the verifier whose S256 challenge
        the authorization request carried, for a token of `issuer` written by `shape` (given
        the user name and the requested `scope`). Any other grant is refused.
        """

        def authorize(query: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
            wanted = {"response_type", "client_id", "redirect_uri", "code_challenge"}
            missing = sorted(wanted - set(query))
            if missing:
                return _page(400, f"invalid_request: missing {', '.join(missing)}")
            if query["response_type"] != "code":
                return _page(400, "unsupported_response_type: only code is served")
            if query.get("code_challenge_method") != "S256":
                return _page(400, "invalid_request: PKCE with S256 is required")
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
                for name, value in query.items()
            )
            form = (
                f'<form method="get" action="{authorize_path}/login">{hidden}'
                '<label>User name <input name="username" autofocus></label>'
                '<button type="submit">Sign in</button></form>'
            )
            return _page(200, form)

        def login(query: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
            wanted = {"client_id", "redirect_uri", "code_challenge", "username"}
            missing = sorted(wanted - set(query))
            if missing:
                return _page(400, f"invalid_request: missing {', '.join(missing)}")
            code = secrets.token_urlsafe(16)
            self.grants[code] = Grant(
                client_id=query["client_id"],
                redirect_uri=query["redirect_uri"],
                code_challenge=query["code_challenge"],
                username=query["username"],
                scope=query.get("scope", ""),
            )
            answer = {"code": code, **({"state": query["state"]} if "state" in query else {})}
            separator = "&" if urlsplit(query["redirect_uri"]).query else "?"
            location = f"{query['redirect_uri']}{separator}{urlencode(answer)}"
            return 302, {"Location": location}, b""

        def exchange(fields: Mapping[str, str]) -> dict[str, Any]:
            self.exchanges.append(dict(fields))
            if fields.get("grant_type") != "authorization_code":
                raise OAuthError("unsupported_grant_type", "only authorization_code is served")
            grant = self.grants.pop(fields.get("code", ""), None)
            if grant is None:
                raise OAuthError("invalid_grant", "unknown or already used code")
            if (fields.get("client_id"), fields.get("redirect_uri")) != (
                grant.client_id,
                grant.redirect_uri,
            ):
                raise OAuthError("invalid_grant", "client or redirect_uri differ")
            if s256(fields.get("code_verifier", "")) != grant.code_challenge:
                raise OAuthError("invalid_grant", "the code verifier does not match")
            claims, headers = shape(issuer, {"username": grant.username, "scope": grant.scope})
            token = self.token(claims, headers=headers)
            return {
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": 600,
                "scope": grant.scope,
            }

        self.pages[authorize_path] = authorize
        self.pages[f"{authorize_path}/login"] = login
        self.token_endpoints[token_path] = exchange

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


def _page(status: int, content: str) -> tuple[int, dict[str, str], bytes]:
    """A small HTML page."""
    body = f"<!doctype html><title>Stand-in provider</title><body>{content}</body>".encode()
    return status, {"Content-Type": "text/html; charset=utf-8"}, body


def _handler(issuer: StandInIssuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def end_headers(self) -> None:
            # A browser app (Swagger UI) on another origin calls the token endpoint.
            self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def do_OPTIONS(self) -> None:
            """Answer a CORS preflight: any origin may POST, with the headers it asks for."""
            issuer.requests.append(f"OPTIONS {self.path}")
            self.send_response(204)
            self.send_header("Access-Control-Allow-Methods", "GET, POST")
            asked = self.headers.get("Access-Control-Request-Headers")
            if asked:
                self.send_header("Access-Control-Allow-Headers", asked)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            issuer.requests.append(self.path)
            if issuer.delay:
                time.sleep(issuer.delay)
            path, _, query = self.path.partition("?")
            page = issuer.pages.get(path)
            if page is not None:
                status, headers, content = page(dict(parse_qsl(query)))
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(content))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(content)
                return
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
            status: int
            answer: dict[str, Any]
            if endpoint is None:
                status, answer = 404, {"error": "not_found"}
            else:
                try:
                    status, answer = 200, endpoint(fields)
                except OAuthError as error:
                    status = 400
                    answer = {"error": error.code, "error_description": error.description}
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
