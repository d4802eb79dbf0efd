"""An organization admin's members page (outside the Django admin) and accepting an invitation.

Org admins of the organization and site admins (staff) see and manage it; another signed-in
user gets 403, an anonymous one the sign-in page. Every write is a service call.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from organizations.forms import (
    ORGANIZATION_ROLE_CHOICES,
    AcceptInvitationForm,
    InvitationForm,
    RoleForm,
)
from organizations.models import Invitation, Membership, Organization
from organizations.services import (
    INVITATION_VALID_DAYS,
    invitation_accept,
    invitation_by_secret,
    invitation_create,
    invitation_existing_user,
    invitation_refusal,
    invitation_revoke,
    may_manage_members,
    membership_change_role,
    membership_remove,
)

MEMBERS_TEMPLATE = "organizations/members.html"
ACCEPT_TEMPLATE = "organizations/accept_invitation.html"


def form_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: at its fields, or for the whole form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ManagedOrganizationMixin(LoginRequiredMixin):
    """The organization of the URL, which the signed-in user must be allowed to manage."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = get_object_or_404(Organization, slug=kwargs["slug"])
        if not may_manage_members(actor=request.user, organization=self.organization):
            raise PermissionDenied(_("Only an admin of this organization may manage its members."))
        return super().dispatch(request, *args, **kwargs)


class MembersView(ManagedOrganizationMixin, View):
    """Members with their roles, open invitations, and the form to invite someone."""

    def page(self, request, form, status=200):
        members = (
            Membership.objects.filter(organization=self.organization)
            .select_related("user", "country")
            .order_by("user__last_name", "user__first_name", "user__username")
        )
        invitations = (
            Invitation.objects.open()
            .filter(organization=self.organization)
            .select_related("invited_by", "country")
        )
        response = render(
            request,
            MEMBERS_TEMPLATE,
            {
                "organization": self.organization,
                "members": members,
                "invitations": invitations,
                "form": form,
                "roles": ORGANIZATION_ROLE_CHOICES,
            },
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, slug):
        return self.page(request, InvitationForm(organization=self.organization))

    def post(self, request, slug):
        form = InvitationForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                invitation, _secret = invitation_create(
                    actor=request.user,
                    organization=self.organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    country=form.cleaned_data["country"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s; the link works for %(days)d days.")
                    % {"email": invitation.email, "days": INVITATION_VALID_DAYS},
                )
                return redirect("members:list", slug=slug)
        return self.page(request, form, status=400)


class MemberRoleView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        membership = get_object_or_404(
            Membership.objects.select_related("user"), pk=pk, organization=self.organization
        )
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a role."))
            return redirect("members:list", slug=slug)
        try:
            membership_change_role(
                membership=membership, actor=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {
                    "user": membership.user,
                    "role": Membership.Role(form.cleaned_data["role"]).label.lower(),
                },
            )
        return redirect("members:list", slug=slug)


class MemberRemoveView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        membership = get_object_or_404(
            Membership.objects.select_related("user"), pk=pk, organization=self.organization
        )
        try:
            membership_remove(membership=membership, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(user)s no longer belongs to %(org)s.")
                % {"user": membership.user, "org": self.organization},
            )
        return redirect("members:list", slug=slug)


class InvitationWithdrawView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        invitation = get_object_or_404(Invitation, pk=pk, organization=self.organization)
        invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(
            request,
            _("The invitation of %(email)s is withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
        return redirect("members:list", slug=slug)


class AcceptInvitationView(View):
    """The page of an invitation link: a new person chooses a password; someone who has an
    account already (with the invited email) joins with one click. A link that is not valid,
    used, withdrawn or expired answers 404 or 410 with the reason and nothing else."""

    def dispatch(self, request, secret):
        self.invitation = invitation_by_secret(secret)
        if why := invitation_refusal(self.invitation):
            status = 404 if self.invitation is None else 410
            response = render(request, ACCEPT_TEMPLATE, {"refusal": why}, status=status)
            response["Cache-Control"] = "no-store"
            return response
        self.existing = invitation_existing_user(self.invitation)
        response = super().dispatch(request, secret)
        # The secret is in this page's URL: never cached. Django's Referrer-Policy
        # (same-origin) keeps it from other sites; no-referrer would make the browser send
        # "Origin: null" with the form, which the CSRF check refuses.
        response["Cache-Control"] = "no-store"
        return response

    def page(self, request, form, status=200):
        context = {"invitation": self.invitation, "existing": self.existing, "form": form}
        return render(request, ACCEPT_TEMPLATE, context, status=status)

    def new_form(self, data=None):
        return AcceptInvitationForm(data, email=self.invitation.email)

    def get(self, request, secret):
        return self.page(request, None if self.existing else self.new_form())

    def post(self, request, secret):
        form = None if self.existing else self.new_form(request.POST)
        if form is not None and not form.is_valid():
            return self.page(request, form, status=400)
        try:
            membership = invitation_accept(
                invitation=self.invitation,
                password=form.cleaned_data["password1"] if form else None,
                first_name=form.cleaned_data["first_name"] if form else "",
                last_name=form.cleaned_data["last_name"] if form else "",
            )
        except ValidationError as exc:
            if form is None:
                raise
            form_errors(form, exc)
            return self.page(request, form, status=400)
        organization = membership.organization
        # A government respondent's only page is the right of reply (decision 96).
        home = "replies:list" if membership.country_id else "/"
        if self.existing is None:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome to %(org)s. You are signed in; next time, sign in with %(email)s.")
                % {"org": organization, "email": membership.user.username},
            )
            return redirect(home)
        messages.success(
            request,
            _("You joined %(org)s as %(role)s.")
            % {"org": organization, "role": membership.get_role_display().lower()},
        )
        return redirect(home if request.user == self.existing else "login")
