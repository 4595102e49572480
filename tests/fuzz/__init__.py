"""Property-based fuzzing of everything a client sends: no 5xx, nothing a model would refuse.

Each test sends generated requests to an app in process (raw ASGI, no HTTP client to clean
them up) and checks three things of every answer: it is not a 5xx, no exception escaped the
app (a server would log it as a 500), and it is accepted only when a plain model of FastJWT's
rules (written here, apart from the library) accepts it too.

The number of examples comes from a hypothesis profile named by FASTJWT_HYPOTHESIS_PROFILE
(`conftest.py`): `dev` by default, `ci` (at least 10,000 examples over the fuzz tests, as
`.ci/run` selects) and `long` for a local hunt.
"""
