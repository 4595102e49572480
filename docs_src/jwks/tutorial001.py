# --8<-- [start:issuer]
from fastapi import FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig

# The keys come from the environment: JWT_ALGORITHM, JWT_KEY_ID,
# JWT_PRIVATE_KEY_FILE and, after a rotation, JWT_VERIFICATION_KEY_FILES.
config = FJWTConfig(
    JWT_ENCODE_ISSUER="https://auth.example.com",
    JWT_ENCODE_AUDIENCE="orders",
)
security = FastJWT(config)

app = FastAPI(title="Auth service")
app.include_router(security.jwks_router())  # GET /.well-known/jwks.json


@app.post("/login")
def login(username: str, password: str) -> dict[str, str]:
    if username == "alice" and password == "wonderland":  # a demo: check a password hash
        return {"access_token": security.create_access_token(uid="user-1")}
    raise HTTPException(401, detail="Bad credentials")


# --8<-- [end:issuer]
