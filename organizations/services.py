"""Writes of the organizations app: API tokens are created and revoked here only."""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import ApiToken, User

# Every secret starts so, which tells a leaked one apart in logs and secret scanners.
SECRET_START = "napt_"
# Characters of the secret kept in clear to tell tokens apart: the start and 8 random ones.
PREFIX_LENGTH = len(SECRET_START) + 8
# Once a minute at most: last_used_at is a hint, not an audit log, and costs no write a request.
LAST_USED_PRECISION_SECONDS = 60


def secret_hash(secret: str) -> str:
    """The SHA-256 hex digest stored in place of the secret."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _stamp(token: ApiToken, actor: User | None, reason: str) -> None:
    token._history_user = actor
    token._change_reason = reason


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token of ``user``: the row and its secret, which is never stored nor shown again."""
    secret = SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=secret_hash(secret),
    )
    token.full_clean()
    _stamp(token, user, "Created")
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token for good: its owner's or, for staff, anyone's. Revoking twice is a no-op."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.user_id != actor.pk and not actor.is_staff:
        raise PermissionDenied(_("You may only revoke your own tokens."))
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        _stamp(locked, actor, "Revoked")
        locked.save()
    return locked


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The token (with its user) whose secret this is, revoked or not; None if none is.

    Marks it used (at most once a minute, without a history row).
    """
    token = ApiToken.objects.select_related("user").filter(key_hash=secret_hash(secret)).first()
    if token is None or not token.is_active:
        return token
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_PRECISION_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
