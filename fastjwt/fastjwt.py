"""fastjwt 0.4.1's module of the facade: `from fastjwt.fastjwt import FastJWT` keeps working."""

from fastjwt.core import FastJWT

__all__ = ["FastJWT"]
