"""fastjwt 0.4.1's module of the request bundle: `fastjwt.dependencies.FastJWTDeps`."""

from fastjwt.web.request_helpers import FastJWTDeps

__all__ = ["FastJWTDeps"]
