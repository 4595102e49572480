from fastapi import FastAPI, HTTPException

from fastjwt import FastJWT, FJWTConfig

# JWT_ALGORITHM, JWT_KEY_ID and JWT_PRIVATE_KEY (or JWT_PRIVATE_KEY_FILE) come from the
# environment.
security = FastJWT(FJWTConfig(JWT_ENCODE_ISSUER="https://auth.example.com"))

app = FastAPI(title="Auth service")
app.include_router(security.jwks_router())  # GET /.well-known/jwks.json


@app.post("/login")
def login(username: str, password: str) -> dict[str, str]:
    if username == "alice" and password == "wonderland":  # a demo: check a password hash
        return {"access_token": security.create_access_token(uid="user-1")}
    raise HTTPException(401, detail="Bad credentials")
