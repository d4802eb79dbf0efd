"""Users, partner organizations and who belongs to which with what role."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nap_tracker.models import TimeStampedModel
from organizations.querysets import (
    ApiTokenQuerySet,
    InvitationQuerySet,
    MembershipQuerySet,
    OrganizationQuerySet,
)


class User(AbstractUser):
    """A person who signs in: civil-society staff, reviewers, admins."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


class Organization(TimeStampedModel):
    """A partner organization that monitors one or more countries."""

    class Kind(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civil-society organization")
        NETWORK = "network", _("Network")
        GOVERNMENT = "government", _("Government")
        UN_ENTITY = "un_entity", _("UN entity")
        RESEARCH = "research", _("Research institution")
        DONOR = "donor", _("Donor")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CIVIL_SOCIETY)
    website = models.URLField(_("website"), blank=True)
    # An ISO 3166-1 alpha-3 code rather than a foreign key, so this app imports nothing upward.
    base_country_iso3 = models.CharField(
        _("base country (ISO3)"),
        max_length=3,
        blank=True,
        help_text=_("ISO 3166-1 alpha-3 code of the country where the organization is based."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Demo row created by seed_demo; shown as sample data everywhere."),
    )
    members = models.ManyToManyField(
        User, through="Membership", related_name="organizations", verbose_name=_("members")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(base_country_iso3="")
                | models.Q(base_country_iso3__regex=r"^[A-Z]{3}$"),
                name="organization_base_country_iso3_format",
                violation_error_message=_("Base country must be three capital letters (ISO3)."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def respondent_has_country(prefix: str) -> models.CheckConstraint:
    """A government respondent has a country; every other role has none."""
    respondent = models.Q(role="gov_respondent")
    return models.CheckConstraint(
        condition=(respondent & models.Q(country__isnull=False))
        | (~respondent & models.Q(country__isnull=True)),
        name=f"{prefix}_respondent_has_country",
        violation_error_message=_(
            "A government respondent needs a country; other roles have none."
        ),
    )


class Membership(TimeStampedModel):
    """A user's role in an organization: editor, reviewer or organization admin; or a
    government respondent of one country, who only answers draft results (decision 96)."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        REVIEWER = "reviewer", _("Reviewer")
        ORG_ADMIN = "org_admin", _("Organization admin")
        GOVERNMENT_RESPONDENT = "gov_respondent", _("Government respondent")

    # Who may enter data, and who may validate or return it (DESIGN §3).
    EDITING_ROLES = (Role.EDITOR, Role.ORG_ADMIN)
    REVIEWING_ROLES = (Role.REVIEWER, Role.ORG_ADMIN)
    # The organization's own people: a government respondent is none of them (decision 96).
    ORGANIZATION_ROLES = (Role.EDITOR, Role.REVIEWER, Role.ORG_ADMIN)

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.EDITOR)
    # A string reference: the organizations app imports nothing from plans.
    country = models.ForeignKey(
        "plans.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("A government respondent's country; empty for every other role."),
    )

    objects = MembershipQuerySet.as_manager()
    # Who gave or changed a role, and who removed a member (decision 84).
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="membership_unique_user_organization",
                violation_error_message=_("This user already belongs to this organization."),
            ),
            respondent_has_country("membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class ApiToken(TimeStampedModel):
    """A secret with which a user's scripts call the API as that user (decision 70).

    Only the SHA-256 hash of the secret is stored, with its first characters (``prefix``) to
    tell tokens apart; the secret itself is shown once, when the token is created.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the script using it.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope, default=Scope.READ)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    # last_used_at is written with QuerySet.update(): no history row per request.
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not (self.is_revoked or self.is_expired)


class Invitation(TimeStampedModel):
    """An invitation of a person, by email, to join an organization with a role (decision 84).

    The link sent by email carries a secret of which only the SHA-256 hash is stored; it
    works once, until ``expires_at``.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organization"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role, default=Membership.Role.EDITOR
    )
    country = models.ForeignKey(
        "plans.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Required for a government respondent, who answers for this country."),
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    key_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["key_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_organization_email",
                violation_error_message=_("This person already has an open invitation."),
            ),
            respondent_has_country("invitation"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Neither accepted nor revoked nor expired: the link still works."""
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
