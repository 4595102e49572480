from fastjwt import FastJWT, FJWTConfig

# No secret in the code: FJWTConfig reads JWT_SECRET_KEY (like every JWT_* setting)
# from the environment, and FastJWT refuses to start if it is missing or too short.
config = FJWTConfig()
security = FastJWT(config=config)
