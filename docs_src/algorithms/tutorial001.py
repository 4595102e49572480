# --8<-- [start:eddsa]
from fastjwt import FastJWT, FJWTConfig

# The key comes from the environment, JWT_PRIVATE_KEY_FILE=keys/ed25519.pem,
# a file made with: fastjwt keygen EdDSA --out keys/ed25519.pem
config = FJWTConfig(JWT_ALGORITHM="EdDSA")
security = FastJWT(config)
# --8<-- [end:eddsa]
