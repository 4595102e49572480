"""Keys: parsing key text, a configuration's own key ring, JWKs, other services' JWK Sets."""
