"""Forms of the account pages: a new API token; invitations and members."""

from datetime import UTC, datetime, time

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import ApiToken, Membership, User


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script using it."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text=_(
            "Read only: the token reads what you may read. Read and write: it may also create, "
            "change and submit your organizations' draft assessments, as you can."
        ),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. The token stops working at the start of this day (UTC)."),
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.now().date():
            raise forms.ValidationError(_("Choose a day after today."))
        return day

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return datetime.combine(day, time.min, tzinfo=UTC)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The invitation link is sent here; it works once, for seven days."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        help_text=_(
            "Editors enter data; reviewers validate or return it; organization admins do "
            "both and manage members. A government respondent only reads the draft results "
            "of one country during a right-of-reply period and answers them."
        ),
    )
    country = forms.ModelChoiceField(
        label=_("Country (government respondent only)"),
        queryset=None,
        required=False,
        empty_label=_("— no country —"),
        help_text=_(
            "Required for a government respondent: the country whose government she answers for."
        ),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from plans.models import Country

        self.fields["country"].queryset = Country.objects.filter(
            coverages__organization=organization
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        respondent = cleaned.get("role") == Membership.Role.GOVERNMENT_RESPONDENT
        if respondent and cleaned.get("country") is None:
            self.add_error(
                "country", _("Choose the country this government respondent answers for.")
            )
        elif not respondent:
            cleaned["country"] = None
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


# The roles a member's role can be changed to on the members page (decision 96).
ORGANIZATION_ROLE_CHOICES = [
    (value, label)
    for value, label in Membership.Role.choices
    if value in Membership.ORGANIZATION_ROLES
]


class AcceptInvitationForm(forms.Form):
    """A new account's name and password (an existing account only confirms)."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = User(
                username=self.email, email=self.email, first_name=cleaned.get("first_name", "")
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
