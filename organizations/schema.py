"""How the OpenAPI schema describes token authentication (loaded by the app's ready())."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "organizations.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token, created at `/accounts/tokens/` (signed in): send "
                "`Authorization: Bearer <secret>` or `Authorization: Token <secret>`. A "
                "read-only token may only read; writes need a `read_write` token. An unknown, "
                "revoked or expired token answers 401 with `WWW-Authenticate`."
            ),
        }
