"""The attack suite: one test per attack, each pinning the exact answer FastJWT gives.

Organised as the references that list the attacks:

- `test_signature_and_algorithms`: RFC 8725 sections 2.1, 2.2, 3.1 and 3.2 (`none`,
  algorithm confusion, weak signatures), RFC 7515 section 4.1 (`jwk`, `jku`, `x5u`, `x5c`,
  `kid`, `crit`), RFC 7797 (`b64`), and CVE-2022-29217 (PyJWT) and CVE-2024-33663
  (python-jose): HMAC with the public key.
- `test_claims`: RFC 8725 sections 3.8 to 3.10 and RFC 7519 section 4.1 (time claims,
  issuer, audience, subject), FastJWT's `type` claim, and CVE-2024-53861 (PyJWT's partial
  issuer match).
- `test_malformed_input`: RFC 7515 section 5.2 and RFC 8725 section 3.1 (segments,
  base64url, JSON), the OWASP JWT cheat sheet, CVE-2024-33664 (python-jose's JWE
  decompression bomb), and the size limits.
- `test_transport`: ambiguous requests (headers, cookies, query parameters, JSON keys), the
  OWASP CSRF cheat sheet (double submit, Origin of WebSocket handshakes).
- `test_revocation`: the OWASP JWT cheat sheet's revocation: re-encodings of a revoked token.
- `test_configuration`: RFC 8725 sections 3.2 and 3.5 and the OWASP JWT cheat sheet's weak
  secrets: settings that cannot be right, and secrets kept out of crash output.

Each test asserts the status, the body and the `WWW-Authenticate` challenge (or the close code
and reason of a WebSocket, or the error of a setting). An attack that is refused today is
pinned as it is refused, so that a change of answer is a decision, not an accident.
"""
