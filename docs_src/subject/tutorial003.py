from typing import Annotated

from fastapi import Depends, FastAPI

from fastjwt import FastJWT, FJWTConfig

app = FastAPI()
security = FastJWT(FJWTConfig(JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes"))
security.check_at_startup(app)  # or security.handle_errors(app), which checks too


@app.get("/me")
def me(user: Annotated[str, Depends(security.current_subject)]) -> str:
    return user


# No `security.set_subject_getter(...)`: under uvicorn, the application stops with
# "BadConfigurationError: No subject getter is set: register one with
# FastJWT.set_subject_getter ..." before it serves a single request.
