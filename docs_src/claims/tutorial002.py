from fastjwt import FastJWT, FJWTConfig

# --8<-- [start:identity]
config = FJWTConfig(
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    # Tokens of this system name their user in `user_id`, not in `sub`.
    JWT_IDENTITY_CLAIM="user_id",
)
security = FastJWT(config=config)

token = security.create_access_token(uid="alice")  # {"user_id": "alice", ...}, no "sub"
# --8<-- [end:identity]
