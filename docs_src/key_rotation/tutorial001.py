# --8<-- [start:config]
from fastjwt import FastJWT, FJWTConfig

# JWT_KEY_ID, JWT_PRIVATE_KEY_FILE and JWT_VERIFICATION_KEY_FILES come from
# the environment (see below).
config = FJWTConfig(JWT_ALGORITHM="ES256")
security = FastJWT(config)
# --8<-- [end:config]
