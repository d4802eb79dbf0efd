"""Forms of the plan entry pages: a plan's facts, and a document by URL or PDF upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plans.models import NationalActionPlan, PlanDocument
from plans.services import PLAN_FIELDS

# Nullable yes/no facts: empty means "no source says yet".
KNOWN = [("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]


class KnownSelect(forms.NullBooleanSelect):
    """Yes / No / Not known, since an empty flag means no source says yet."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = KNOWN


FLAGS = (
    "me_framework",
    "me_indicators",
    "me_baseline",
    "me_targets",
    "cso_role_design",
    "cso_role_implementation",
    "cso_role_monitoring",
)
FIELDSETS = [
    (_("Identity"), ["generation", "supersedes", "title", "original_title", "scope"]),
    (
        _("Dates and period"),
        ["adopted_on", "adopted_on_precision", "adopted_year", "period_start", "period_end"],
    ),
    (_("Lead and status"), ["status", "lead_ministry", "lead_category"]),
    (_("Budget"), ["budget", "budget_amount", "budget_currency"]),
    (
        _("Monitoring and evaluation"),
        ["me_framework", "me_indicators", "me_baseline", "me_targets"],
    ),
    (
        _("Civil-society role"),
        ["cso_role_design", "cso_role_implementation", "cso_role_monitoring"],
    ),
    (_("Source"), ["source_url", "notes"]),
]


class PlanForm(forms.ModelForm):
    class Meta:
        model = NationalActionPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            **{name: KnownSelect() for name in FLAGS},
        }

    def __init__(self, *args, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.country = country
        others = NationalActionPlan.objects.filter(country=country)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["supersedes"].queryset = others.order_by("generation", "adopted_year")
        self.fields["supersedes"].label_from_instance = lambda plan: plan.label
        self.fields["source_url"].required = True
        self.fields["source_url"].help_text = _(
            "The public source of these facts. Every plan fact needs one."
        )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]


class PlanDocumentForm(forms.ModelForm):
    class Meta:
        model = PlanDocument
        fields = ["kind", "language", "title", "url", "file", "is_official_translation"]
        help_texts = {
            "file": _("PDF only. Its SHA-256 fingerprint is computed when it is saved."),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        limit = settings.PLAN_DOCUMENT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": limit}
            )
        head = upload.read(5)
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
            raise forms.ValidationError(
                _("The file must be a PDF (a .pdf file starting with %%PDF-); “%(name)s” is not.")
                % {"name": upload.name}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError(_("Give the document's URL or upload its PDF."))
        return cleaned
