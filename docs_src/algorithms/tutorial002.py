# --8<-- [start:migration]
from fastjwt import FastJWT, FJWTConfig

# One RSA key (JWT_PRIVATE_KEY_FILE in the environment) for both algorithms.
config = FJWTConfig(
    JWT_ALGORITHM="PS256",  # new tokens are signed with RSA-PSS
    JWT_DECODE_ALGORITHMS=["PS256", "RS256"],  # tokens signed before the switch still pass
)
security = FastJWT(config)
# --8<-- [end:migration]
