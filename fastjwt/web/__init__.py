"""The FastAPI-facing parts: token locations, cookies, dependencies, middleware, routers."""
