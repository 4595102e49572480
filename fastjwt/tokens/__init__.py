"""Tokens: the codec over PyJWT (sign, parse, verify) and the claims of new tokens."""
