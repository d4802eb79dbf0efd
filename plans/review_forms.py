"""Forms of the plan-review pages: start a review, and one rating row per criterion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Membership, Organization
from plans.models import NationalActionPlan
from plans.review_services import RatingData

NOT_RATED = ""
RATING_CHOICES = [
    (NOT_RATED, _("not rated yet")),
    ("0", _("0 — absent")),
    ("1", _("1 — partial")),
    ("2", _("2 — clear")),
]


class PlanReviewStartForm(forms.Form):
    """Which plan, reviewed by which of the user's organizations."""

    plan = forms.ModelChoiceField(
        label=_("Plan to review"),
        queryset=NationalActionPlan.objects.none(),
        help_text=_("Plans of the countries your organizations cover."),
    )
    organization = forms.ModelChoiceField(
        label=_("Reviewing organization"), queryset=Organization.objects.none()
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = (
            NationalActionPlan.objects.editable_by(user)
            .select_related("country")
            .order_by("country__name", "adopted_year", "generation")
        )
        self.fields["plan"].label_from_instance = str
        organizations = Organization.objects.active()
        if not user.is_staff:
            organizations = organizations.of_user(user, Membership.EDITING_ROLES)
        self.fields["organization"].queryset = organizations.order_by("name")


class RatingForm(forms.Form):
    """One criterion's row: rating 0/1/2 (or not yet), where the plan shows it, a quote."""

    rating = forms.ChoiceField(
        label=_("Rating"), choices=RATING_CHOICES, required=False, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence (page or section)"),
        required=False,
        max_length=300,
        help_text=_(
            "Where the plan document shows it, e.g. “p. 12, §3.2”. Required with a rating."
        ),
    )
    quote = forms.CharField(
        label=_("Quote (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criterion, **kwargs):
        self.criterion = criterion
        super().__init__(*args, prefix=criterion.code, **kwargs)

    def rating_data(self) -> RatingData:
        raw = self.cleaned_data.get("rating", NOT_RATED)
        return RatingData(
            rating=None if raw == NOT_RATED else int(raw),
            evidence=self.cleaned_data.get("evidence", ""),
            quote=self.cleaned_data.get("quote", ""),
        )


def rating_forms(criteria, ratings, data=None) -> list[RatingForm]:
    """One form per criterion, bound to ``data`` or filled from the stored ratings."""
    stored = {r.criterion_id: r for r in ratings}
    forms_ = []
    for criterion in criteria:
        rating = stored.get(criterion.pk)
        initial = (
            {"rating": str(rating.rating), "evidence": rating.evidence, "quote": rating.quote}
            if rating
            else {"rating": NOT_RATED}
        )
        forms_.append(RatingForm(data, criterion=criterion, initial=initial))
    return forms_
