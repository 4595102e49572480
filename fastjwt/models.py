"""The token as found in a request (`RequestToken`), and its verified claims (`TokenPayload`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from fastjwt import pipeline
from fastjwt._types import AlgorithmType, StrOrSeq, TokenLocation, TokenType
from fastjwt.payload import TokenPayload

__all__ = ["RequestToken", "TokenPayload"]


class RequestToken(BaseModel):
    """A token found in a request, before it is verified.

    See Also:
        [How verification works](../explanation/verification.md), which says
        what `verify` checks and what `FastJWT.verify_token` adds.

    Example:
        ```python
        from fastjwt import FastJWT, FJWTConfig, RequestToken

        security = FastJWT(FJWTConfig(JWT_SECRET_KEY="a-secret-of-thirty-two-bytes-at-least"))
        found = RequestToken(token=security.create_access_token(uid="alice"), location="headers")
        assert security.verify_token(found).sub == "alice"
        ```
    """

    token: str | None = None
    csrf: str | None = None
    type: TokenType = "access"
    location: TokenLocation

    def verify(
        self,
        key: Any,
        algorithms: Sequence[AlgorithmType] = ("HS256",),
        audience: StrOrSeq | None = None,
        issuer: str | None = None,
        verify_jwt: bool = True,
        verify_type: bool = True,
        verify_csrf: bool = True,
        verify_fresh: bool = False,
    ) -> TokenPayload:
        """Verify this token with an explicit key, through the same checks as the dependencies.

        The signature and registered claims, the type, freshness and, for a
        cookie token, the CSRF double submit value are checked, in the
        pipeline's order. There is no revocation check: the key alone knows
        no store. `FastJWT.verify_token` does everything with the configured
        keys and store; prefer it.

        Warning:
            With `verify_jwt=False` the signature and the registered claims
            (expiry included) are not checked.

        Raises:
            MissingTokenError: `token` is empty.
            JWTDecodeError: The token is malformed, wrongly signed or expired.
            TokenTypeError: The token is not of type `type`.
            FreshTokenRequiredError: `verify_fresh` is set and the token is not fresh.
            MissingCSRFTokenError: `verify_csrf` is set and a cookie token came
                without its CSRF value.
            CSRFError: `verify_csrf` is set and the CSRF value does not match.
        """
        return pipeline.verify_with_key(
            self,
            key,
            tuple(algorithms),
            audience=audience,
            issuer=issuer,
            verify_jwt=verify_jwt,
            policy=pipeline.Policy(
                token_type=self.type, verify_type=verify_type, verify_fresh=verify_fresh
            ),
            csrf=verify_csrf,
        )
