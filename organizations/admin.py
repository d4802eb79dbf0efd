"""Admin for users, organizations, memberships and invitations."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from organizations.models import ApiToken, Invitation, Membership, Organization, User
from organizations.services import (
    api_token_revoke,
    invitation_check,
    invitation_country,
    invitation_create,
    invitation_revoke,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organization")


class CoverageInline(admin.TabularInline):
    """The countries an organization covers. The model is looked up by name: this app
    imports nothing from ``plans`` (which depends on it)."""

    model = apps.get_model("plans", "Coverage")
    extra = 0
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "organization")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "organizations_and_roles",
        "is_staff",
        "is_active",
    ]
    list_filter = [*BaseUserAdmin.list_filter, "memberships__role", "memberships__organization"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        memberships = Membership.objects.select_related("organization").order_by(
            "organization__name"
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=memberships))
        )

    @admin.display(description=_("organizations"))
    def organizations_and_roles(self, obj):
        return (
            "; ".join(f"{m.organization} ({m.get_role_display()})" for m in obj.memberships.all())
            or "—"
        )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "base_country_iso3",
        "member_count",
        "country_count",
        "is_active",
        "is_sample",
    ]
    list_filter = ["kind", "is_active", "is_sample"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, CoverageInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                members_n=Count("memberships", distinct=True),
                countries_n=Count("coverages", distinct=True),
            )
        )

    @admin.display(description=_("members"), ordering="members_n")
    def member_count(self, obj):
        return obj.members_n

    @admin.display(description=_("countries covered"), ordering="countries_n")
    def country_count(self, obj):
        return obj.countries_n


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "country", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__email", "organization__name"]
    list_select_related = ["user", "organization", "country"]
    autocomplete_fields = ["user", "organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Every user's tokens: list, filter, revoke. Never the secret (only its hash is stored,
    and not even that is shown); tokens are created by their users at /accounts/tokens/."""

    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["name", "prefix", "user__username", "user__email"]
    list_select_related = ["user"]
    fields = [
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a token is its user's to create: the secret is shown to them alone

    def has_change_permission(self, request, obj=None):
        return False  # revoked by the action, never edited

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
            % {"count": len(tokens)},
            messages.SUCCESS,
        )


class InvitationAdminForm(forms.ModelForm):
    """The add form checks what ``invitation_create`` checks, so a refusal is a form error;
    the pending-invitation constraint is left to the service, which first replaces an
    expired invitation (the constraint would count it as open)."""

    class Meta:
        model = Invitation
        fields = ["organization", "email", "role", "country"]

    def clean(self):
        cleaned = super().clean()
        organization, email = cleaned.get("organization"), cleaned.get("email")
        if organization and email:
            email = User.objects.normalize_email(email.strip()).lower()
            invitation_check(organization=organization, email=email)
            cleaned["email"] = email
        if organization and cleaned.get("role"):
            cleaned["country"] = invitation_country(
                organization=organization, role=cleaned["role"], country=cleaned.get("country")
            )
        return cleaned

    def validate_unique(self):
        pass  # the service validates the new row once an expired one is replaced


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Invitations: a site admin invites here (the link is emailed, as from the members
    page) or withdraws open ones; an invitation is never edited."""

    list_display = [
        "email",
        "organization",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = [
        "role",
        ("accepted_at", admin.EmptyFieldListFilter),
        ("revoked_at", admin.EmptyFieldListFilter),
        "organization",
    ]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization", "invited_by"]
    autocomplete_fields = ["organization"]
    actions = ["withdraw"]
    form = InvitationAdminForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organization", "email", "role", "country"]
        return [
            "organization",
            "email",
            "role",
            "country",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "accepted_by",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        invitation, _secret = invitation_create(
            actor=request.user,
            organization=obj.organization,
            email=obj.email,
            role=obj.role,
            country=obj.country,
            base_url=request.build_absolute_uri("/"),
        )
        obj.pk = invitation.pk
        obj.refresh_from_db()

    @admin.action(description=_("Withdraw the selected invitations"))
    def withdraw(self, request, queryset):
        done = 0
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            try:
                invitation_revoke(invitation=invitation, actor=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(
                    request,
                    f"{invitation}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}",
                    messages.ERROR,
                )
        self.message_user(
            request,
            ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.", done)
            % {"count": done},
            messages.SUCCESS,
        )
