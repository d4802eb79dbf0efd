"""Chainable reads for organizations and memberships."""

from django.db import models


def _organization_roles():
    from organizations.models import Membership

    return Membership.ORGANIZATION_ROLES


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def publicly_listed(self):
        """Active organizations the public lists may name (decision 102): not those whose
        every coverage publishes anonymously (naming them would expose who they are)."""
        from plans.models import Coverage

        anonymous = Coverage.objects.filter(
            organization=models.OuterRef("pk"), publish_anonymously=True
        )
        named = Coverage.objects.filter(organization=models.OuterRef("pk")).public()
        return self.active().exclude(models.Exists(anonymous) & ~models.Exists(named))

    def of_user(self, user, roles=None):
        """Organizations the user belongs to with one of ``roles`` (default: the
        organization's own roles, so a government respondent belongs to none; decision 96)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user, memberships__role__in=list(roles or _organization_roles())
        ).distinct()


class MembershipQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("user", "organization")

    def of_user(self, user, roles=None):
        """The user's memberships with one of ``roles``; by default the organization's own
        roles (editor, reviewer, org admin), never a government respondent's (decision 96)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, role__in=list(roles or _organization_roles()))

    def respondents(self):
        """Government respondents (each of one organization, for one country)."""
        return self.filter(role=self.model.Role.GOVERNMENT_RESPONDENT)


class ApiTokenQuerySet(models.QuerySet):
    def of_user(self, user):
        """The user's own tokens (revoked and expired ones included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self):
        """Tokens that authenticate: neither revoked nor expired."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations whose link still works: not accepted, not revoked, not expired."""
        from django.utils import timezone

        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
