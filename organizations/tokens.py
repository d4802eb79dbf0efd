"""API token authentication and scope (decision 70).

``Authorization: Token <secret>`` or ``Authorization: Bearer <secret>``: the request is the
token's user's, with the token as ``request.auth``. A header naming another scheme is left
to the next authentication class (the session); a token that is unknown, revoked or expired,
or whose user is inactive, answers 401 with ``WWW-Authenticate``. Being first in
``DEFAULT_AUTHENTICATION_CLASSES``, this class also makes an anonymous write a 401 (with
``WWW-Authenticate: Token``) rather than a 403. Token requests need no CSRF token: only the
session, which a browser sends by itself, does (DRF's ``SessionAuthentication``).
"""

from django.utils import formats
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from organizations.models import ApiToken
from organizations.services import api_token_authenticate

KEYWORDS = ("token", "bearer")
REALM = "api"


class TokenAuthentication(authentication.BaseAuthentication):
    """A user's API token in the ``Authorization`` header (``Token`` or ``Bearer``)."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Token <secret> (no spaces in the secret).")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = api_token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("This token expired on %(date)s.")
                % {"date": formats.date_format(token.expires_at, "DATETIME_FORMAT")}
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token

    def authenticate_header(self, request):
        return f'Token realm="{REALM}"'


class TokenScope(permissions.BasePermission):
    """A read-only token reads (GET, HEAD, OPTIONS); anything else answers 403 naming it."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken) or request.method in permissions.SAFE_METHODS:
            return True
        if token.scope == ApiToken.Scope.READ_WRITE:
            return True
        self.message = _(
            "This token's scope is read only (%(scope)s): it may not %(method)s. Create a "
            "read and write (read_write) token to change data."
        ) % {"scope": token.scope, "method": request.method}
        return False
