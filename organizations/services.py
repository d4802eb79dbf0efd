"""Writes of the organizations app: API tokens, invitations and memberships, here only."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import ApiToken, Invitation, Membership, Organization, User

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


# How long an invitation link works (decision 84).
INVITATION_VALID_DAYS = 7


def may_manage_members(*, actor: User, organization: Organization) -> bool:
    """Site admins (staff) manage every organization's members; an org admin her own."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return Membership.objects.filter(
        user=actor, organization=organization, role=Membership.Role.ORG_ADMIN
    ).exists()


def _check_manager(actor: User, organization: Organization) -> None:
    if not may_manage_members(actor=actor, organization=organization):
        raise PermissionDenied(
            _("Only an admin of %(org)s may manage its members.") % {"org": organization}
        )


def invitation_link(secret: str, base_url: str = "") -> str:
    """The address of the page that accepts an invitation (absolute when ``base_url`` is the
    site's, e.g. ``request.build_absolute_uri("/")``)."""
    from django.urls import reverse

    return base_url.rstrip("/") + reverse("members:accept", kwargs={"secret": secret})


def invitation_check(*, organization: Organization, email: str) -> None:
    """Refuse (``ValidationError`` on ``email``) an invitation of someone who already
    belongs to ``organization`` or already has an open, unexpired invitation to it; an
    expired one does not count (``invitation_create`` revokes and replaces it)."""
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": [
                    _("%(email)s already belongs to %(org)s.")
                    % {"email": email, "org": organization}
                ]
            },
            code="already_member",
        )
    pending = Invitation.objects.filter(
        organization=organization,
        email=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    if any(not invitation.is_expired for invitation in pending):
        raise ValidationError(
            {
                "email": [
                    _("%(email)s already has an open invitation to %(org)s.")
                    % {"email": email, "org": organization}
                ]
            },
            code="duplicate_invitation",
        )


def invitation_country(*, organization: Organization, role: str, country):
    """The country an invitation carries: a government respondent's, which must be one the
    organization covers (``ValidationError`` on ``country``); None for every other role."""
    if role != Membership.Role.GOVERNMENT_RESPONDENT:
        return None
    if country is None:
        raise ValidationError(
            {"country": [_("Choose the country this government respondent answers for.")]}
        )
    if not organization.coverages.filter(country=country).exists():
        raise ValidationError(
            {
                "country": [
                    _("%(org)s does not cover %(country)s.")
                    % {"org": organization, "country": country}
                ]
            }
        )
    return country


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    organization: Organization,
    email: str,
    role: str = Membership.Role.EDITOR,
    country=None,
    send: bool = True,
    base_url: str = "",
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organization`` with ``role``; the answer is the row and the
    secret of its link, which is emailed (``send``) and never stored.

    A government respondent is invited for one ``country`` the organization covers; other
    roles take no country. Refused when the person already belongs to the organization or
    already has an open invitation to it; an expired one is revoked and replaced.
    """
    _check_manager(actor, organization)
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Choose a role.")]})
    country = invitation_country(organization=organization, role=role, country=country)
    invitation_check(organization=organization, email=email)
    pending = Invitation.objects.select_for_update().filter(
        organization=organization,
        email=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    for previous in pending:  # expired: invitation_check let it through
        previous.revoked_at = timezone.now()
        _stamp(previous, actor, "Expired, replaced")
        previous.save()
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        country=country,
        invited_by=actor,
        key_hash=secret_hash(secret),
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    _stamp(invitation, actor, "Invited")
    invitation.save()
    if send:
        context = {
            "invitation": invitation,
            "link": invitation_link(secret, base_url),
            "days": INVITATION_VALID_DAYS,
        }
        transaction.on_commit(
            lambda: send_mail(
                render_to_string("registration/invitation_subject.txt", context).strip(),
                render_to_string("registration/invitation_email.txt", context),
                None,
                [email],
            )
        )
    return invitation, secret


def invitation_by_secret(secret: str) -> Invitation | None:
    """The invitation whose link this is (open or not), or None for a link never made."""
    return (
        Invitation.objects.select_related("organization")
        .filter(key_hash=secret_hash(secret))
        .first()
    )


def invitation_refusal(invitation: Invitation | None) -> str | None:
    """Why this invitation's link no longer works, or None when it does."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied all of it.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Sign in with your account.")
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn. Ask for a new one.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask %(org)s for a new one.") % {
            "org": invitation.organization
        }
    return None


def invitation_existing_user(invitation: Invitation) -> User | None:
    """The account that already has the invited email address, if any."""
    return User.objects.filter(email__iexact=invitation.email).order_by("pk").first()


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Accept an open invitation: create the user (whose user name is the email, with this
    password) or attach the account that has that email, and give the membership.
    A link works once."""
    locked = (
        Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    )
    if why := invitation_refusal(locked):
        raise ValidationError(why, code="invitation_closed")
    user = invitation_existing_user(locked)
    if user is None:
        user = User(
            username=locked.email,
            email=locked.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        if not password:
            raise ValidationError({"password": [_("Choose a password.")]})
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organization=locked.organization,
        defaults={"role": locked.role, "country": locked.country},
    )
    locked.accepted_at, locked.accepted_by = timezone.now(), user
    _stamp(locked, user, "Accepted")
    locked.save()
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw an invitation that has not been accepted: its link stops working."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_manager(actor, locked.organization)
    if locked.accepted_at is None and locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        _stamp(locked, actor, "Withdrawn")
        locked.save()
    return locked


def _keeps_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(
        organization_id=membership.organization_id, role=Membership.Role.ORG_ADMIN
    ).exclude(pk=membership.pk)
    if membership.role == Membership.Role.ORG_ADMIN and not others.exists():
        raise ValidationError(
            _("%(org)s must keep at least one organization admin.")
            % {"org": membership.organization},
            code="last_admin",
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, actor: User, role: str) -> Membership:
    """Give a member another role in her organization; the last org admin keeps hers."""
    locked = (
        Membership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
    )
    _check_manager(actor, locked.organization)
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Choose a role.")]})
    respondent = Membership.Role.GOVERNMENT_RESPONDENT
    if role != locked.role and respondent in (role, locked.role):
        raise ValidationError(
            _(
                "A government respondent's role cannot be changed: remove the membership and "
                "send a new invitation."
            ),
            code="respondent_role",
        )
    if role != locked.role:
        if role != Membership.Role.ORG_ADMIN:
            _keeps_an_admin(locked)
        locked.role = role
        _stamp(locked, actor, f"Role changed to {role}")
        locked.save()
    return locked


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """Remove a member from her organization (her account stays); not the last org admin."""
    locked = (
        Membership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
    )
    _check_manager(actor, locked.organization)
    _keeps_an_admin(locked)
    _stamp(locked, actor, "Removed")
    locked.delete()
