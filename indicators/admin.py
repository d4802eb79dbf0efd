"""Admin for indicators, methodologies, assessments, values and scores."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.import_views import ImportForm, import_upload
from indicators.models import (
    Assessment,
    AssessmentScore,
    GovernmentReply,
    Indicator,
    IndicatorValue,
    Methodology,
    ReplyPeriod,
)
from indicators.services import (
    ValueData,
    assessment_create,
    assessment_publication_set,
    assessment_reopen,
    assessment_rescore,
    assessment_return,
    assessment_submit,
    assessment_update,
    assessment_validate,
    assessment_values_save,
    assessments_rescore,
    indicator_set,
    values_errors,
)
from nap_tracker.exports import csv_cell
from plans.admin import m49_region_filter

SCORE_FIELDS = [
    "methodology",
    "overall",
    "overall_status",
    "arithmetic_mean",
    "band",
    "participation",
    "participation_status",
    "prevention_protection",
    "prevention_protection_status",
    "promotion",
    "promotion_status",
    "indicator_scores",
    "computed_at",
]


def rescore_with_message(model_admin, request, assessment) -> None:
    """Rescore after an edit; a value set that cannot be scored is a warning, not a 500."""
    try:
        assessment_rescore(assessment=assessment)
    except ValidationError as exc:
        model_admin.message_user(request, "; ".join(exc.messages), messages.WARNING)


# The languages an indicator's texts are translated into (English is the model's own fields).
TRANSLATION_LANGUAGES = {"fr": _("French"), "es": _("Spanish")}
TRANSLATION_HELP = _(
    "This project's own translation of the English working title, not GNWP wording. "
    "Left empty, the English text is shown."
)
METHOD_TRANSLATION_HELP = _("Left empty, the English text is shown.")


class TranslationsAdminForm(forms.ModelForm):
    """A model form with one field per language and translated text, kept in ``translations``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.translations or {}
        for language in TRANSLATION_LANGUAGES:
            texts = stored.get(language) or {}
            for name in self._meta.model.TRANSLATED_FIELDS:
                self.initial.setdefault(f"{name}_{language}", texts.get(name, ""))

    def save(self, commit=True):
        translations = dict(self.instance.translations or {})
        for language in TRANSLATION_LANGUAGES:
            texts = dict(translations.get(language) or {})
            for name in self._meta.model.TRANSLATED_FIELDS:
                text = (self.cleaned_data.get(f"{name}_{language}") or "").strip()
                if text:
                    texts[name] = text
                else:
                    texts.pop(name, None)
            if texts:
                translations[language] = texts
            else:
                translations.pop(language, None)
        self.instance.translations = translations
        return super().save(commit=commit)


def translations_form(model, fields: list[str], help_text) -> type[forms.ModelForm]:
    """The admin form of ``model``: its ``fields`` plus one text field per language and
    translated field (declared when the class is made, so the admin's fieldsets may name them)."""
    declared = {}
    for language, language_name in TRANSLATION_LANGUAGES.items():
        for name in model.TRANSLATED_FIELDS:
            model_field = model._meta.get_field(name)
            declared[f"{name}_{language}"] = forms.CharField(
                label=format_lazy("{} ({})", model_field.verbose_name, language_name),
                required=False,
                max_length=model_field.max_length,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 3})
                if name == "description"
                else forms.TextInput(attrs={"size": 80}),
            )
    meta = type("Meta", (), {"model": model, "fields": fields})
    return forms.models.ModelFormMetaclass(
        f"{model.__name__}AdminForm",
        (TranslationsAdminForm,),
        {"__module__": __name__, "Meta": meta, **declared},
    )


def translation_fieldsets(model) -> list:
    return [
        (name, {"fields": [f"{field}_{language}" for field in model.TRANSLATED_FIELDS]})
        for language, name in TRANSLATION_LANGUAGES.items()
    ]


IndicatorTranslationsForm = translations_form(
    Indicator,
    [
        "title",
        "short_title",
        "description",
        "unit",
        "direction",
        "wording_verified",
        "source_url",
        "order",
    ],
    TRANSLATION_HELP,
)


class IndicatorAdminForm(IndicatorTranslationsForm):
    """Marking the wording verified takes a confirmation (decision 83)."""

    confirm_wording_verified = forms.BooleanField(
        label=_("I checked the title against the GNWP source at the source URL"),
        required=False,
        help_text=_("Needed once, when you tick “wording verified”: the change is recorded."),
    )

    def clean(self):
        cleaned = super().clean()
        newly_verified = cleaned.get("wording_verified") and not self.instance.wording_verified
        if newly_verified and not cleaned.get("confirm_wording_verified"):
            self.add_error(
                "confirm_wording_verified",
                _(
                    "Confirm that you checked the wording against its source before marking it "
                    "verified."
                ),
            )
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "short_title", "cluster", "wording_verified", "order"]
    list_filter = ["cluster", "wording_verified"]
    search_fields = ["code", "title", "short_title", "description", "translations"]
    # Components and their rules belong to the scoring method: shown, not edited here.
    readonly_fields = ["code", "cluster", "components", "min_components", "not_applicable_allowed"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "cluster",
                    "title",
                    "short_title",
                    "description",
                    "wording_verified",
                    "confirm_wording_verified",
                    "source_url",
                    "unit",
                    "direction",
                    "order",
                    "components",
                    "min_components",
                    "not_applicable_allowed",
                ]
            },
        ),
        *translation_fieldsets(Indicator),
    ]

    def save_model(self, request, obj, form, change):
        if "wording_verified" in form.changed_data:
            obj._change_reason = (
                f"Wording verified against {obj.source_url}"
                if obj.wording_verified
                else "Wording no longer marked verified"
            )
        super().save_model(request, obj, form, change)


@admin.register(Methodology)
class MethodologyAdmin(SimpleHistoryAdmin):
    form = translations_form(
        Methodology,
        ["version", "published_on", "description", "is_current"],
        METHOD_TRANSLATION_HELP,
    )
    list_display = ["version", "published_on", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["version", "description", "translations"]
    readonly_fields = ["parameters"]
    fieldsets = [
        (None, {"fields": ["version", "published_on", "description", "is_current", "parameters"]}),
        *translation_fieldsets(Methodology),
    ]


def value_data(cleaned: dict) -> ValueData:
    """A value from an admin form's cleaned data, as the values service takes it."""
    return ValueData(
        **{name: cleaned.get(name) for name in VALUE_FIELDS if cleaned.get(name) is not None}
    )


VALUE_FIELDS = [name for name in ValueData.__dataclass_fields__]


def refusal(assessment: Assessment | None, user) -> str | None:
    """Why values of this assessment cannot be changed here, or None."""
    if assessment is None or assessment.pk is None:
        return None
    if assessment.status not in (Assessment.Status.DRAFT, Assessment.Status.RETURNED):
        return _(
            "This assessment is %(status)s, so its values are read-only: reopen it from the "
            "review page first (%(url)s)."
        ) % {"status": assessment.get_status_display().lower(), "url": "/review/"}
    return None


class IndicatorValueFormSet(BaseInlineFormSet):
    """Checks the values of each indicator as one set, as the values service does."""

    def sets(self) -> dict[str, list[ValueData]]:
        sets: dict[str, list[ValueData]] = {code: [] for code in self.indicator_codes}
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None)
            if not cleaned or cleaned.get("DELETE") or not cleaned.get("indicator"):
                continue
            sets.setdefault(cleaned["indicator"].code, []).append(value_data(cleaned))
        return sets

    def clean(self):
        super().clean()
        self.indicator_codes = list(Indicator.objects.values_list("code", flat=True))
        if any(form.errors for form in self.forms) or not self.has_changed():
            return
        if why := refusal(self.instance, None):
            raise ValidationError(why)
        indicators = {i.code: i for i in Indicator.objects.all()}
        errors = values_errors(assessment=self.instance, values=self.sets(), indicators=indicators)
        if errors:
            raise ValidationError([f"{key}: {m}" for key, ms in errors.items() for m in ms])


class IndicatorValueInline(admin.StackedInline):
    model = IndicatorValue
    formset = IndicatorValueFormSet
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = [
        ("indicator", "component", "level", "locality"),
        ("not_applicable", "not_applicable_reason"),
        "inputs",
        ("data_year", "source_url", "source_page"),
        "source_quote",
        "notes",
    ]


class ReadOnlyInline(admin.TabularInline):
    """Rows written only by the right-of-reply services: read here, never edited."""

    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReplyPeriodInline(ReadOnlyInline):
    """The assessment's right-of-reply periods with the government's replies (decision 99)."""

    model = ReplyPeriod
    fields = readonly_fields = [
        "deadline",
        "opened_by",
        "opened_at",
        "closed_by",
        "closed_at",
        "government_replies",
    ]

    def get_queryset(self, request):
        replies = GovernmentReply.objects.select_related("indicator", "submitted_by")
        return (
            super()
            .get_queryset(request)
            .select_related("opened_by", "closed_by")
            .prefetch_related(Prefetch("replies", queryset=replies))
        )

    @admin.display(description=_("government replies"))
    def government_replies(self, period) -> str:
        lines = [
            f"{reply.indicator.code if reply.indicator_id else _('Overall')} "
            f"({reply.submitted_at:%Y-%m-%d}, {reply.submitted_by or '—'}): {reply.text}"
            for reply in period.replies.all()
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)) or "—"


class AssessmentScoreInline(admin.StackedInline):
    model = AssessmentScore
    can_delete = False
    extra = 0
    max_num = 0
    readonly_fields = SCORE_FIELDS
    fields = SCORE_FIELDS


class AssessmentAdminForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "country",
            "organization",
            "year",
            "plan",
            "summary",
            "is_sample",
            "publish_anonymously",
            "embargo_until",
        ]

    def clean(self):
        cleaned = super().clean()
        organization, country = cleaned.get("organization"), cleaned.get("country")
        new = self.instance.pk is None and organization and country
        if new and not organization.coverages.filter(country=country).exists():
            raise ValidationError(
                _("%(org)s does not cover %(country)s: add that coverage first.")
                % {"org": organization, "country": country}
            )
        return cleaned


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Assessments; every write goes through the entry services, as on the site."""

    form = AssessmentAdminForm
    list_display = [
        "country",
        "year",
        "organization",
        "status",
        "overall_score",
        "band",
        "is_sample",
        "publish_anonymously",
        "embargo_until",
    ]
    list_filter = [
        "status",
        "year",
        "is_sample",
        "publish_anonymously",
        "organization",
        m49_region_filter("country__region"),
    ]
    search_fields = ["country__name", "country__iso3", "organization__name"]
    list_select_related = ["country", "organization", "score"]
    autocomplete_fields = ["country", "plan", "organization"]
    # The workflow moves status (with its reasons) on the review pages, never by hand here.
    readonly_fields = [
        "status",
        "return_reason",
        "created_by",
        "submitted_by",
        "submitted_at",
        "validated_by",
        "validated_at",
        "returned_by",
        "returned_at",
        "version",
        "public_key",
    ]
    inlines = [IndicatorValueInline, AssessmentScoreInline, ReplyPeriodInline]
    actions = ["rescore", "export_csv", "submit", "validate", "return_to_editors", "reopen"]
    change_list_template = "admin/indicators/assessment/change_list.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=name), *super().get_urls()]

    def import_view(self, request):
        """The entry area's spreadsheet import (``values_import``), inside the admin."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form, report, status = ImportForm(), None, 200
        if request.method == "POST":
            form, report, status = import_upload(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import values from a spreadsheet"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(
            request, "admin/indicators/assessment/import.html", context, status=status
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["country", "organization", "year"]  # an assessment's identity
        return fields

    @admin.display(description=_("overall"), ordering="score__overall")
    def overall_score(self, obj):
        score = getattr(obj, "score", None)
        if score is None:
            return _("not scored")
        return score.overall if score.overall is not None else score.get_overall_status_display()

    @admin.display(description=_("band"), ordering="score__band")
    def band(self, obj):
        score = getattr(obj, "score", None)
        return score.get_band_display() if score and score.band else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            created = assessment_create(
                actor=request.user,
                organization=obj.organization,
                country=obj.country,
                year=obj.year,
                plan=obj.plan,
                summary=obj.summary,
                is_sample=obj.is_sample,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            if form.cleaned_data.get("publish_anonymously") or form.cleaned_data.get(
                "embargo_until"
            ):
                self.save_publication(request, obj, form)
            return
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if {"publish_anonymously", "embargo_until"} & set(changed):
            obj.version = self.save_publication(request, obj, form).version
        details = {k: v for k, v in changed.items() if k in ("plan", "summary", "is_sample")}
        if details:
            updated = assessment_update(assessment=obj, actor=request.user, **details)
            obj.version = updated.version

    @staticmethod
    def save_publication(request, obj, form):
        return assessment_publication_set(
            assessment=obj,
            actor=request.user,
            publish_anonymously=form.cleaned_data["publish_anonymously"],
            embargo_until=form.cleaned_data["embargo_until"],
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        if formset.has_changed():
            assessment_values_save(
                assessment=form.instance,
                values=formset.sets(),
                actor=request.user,
                expected_version=None,
            )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not hasattr(form.instance, "score") or not change:
            rescore_with_message(self, request, form.instance)

    @admin.action(description=_("Recompute scores of the selected assessments"))
    def rescore(self, request, queryset):
        try:
            methodology = Methodology.objects.current()
        except Methodology.DoesNotExist:
            self.message_user(
                request,
                _("No methodology is marked current: mark one current first."),
                messages.ERROR,
            )
            return
        done, failed = assessments_rescore(assessments=queryset, methodology=methodology)
        for message in failed:
            self.message_user(request, message, messages.ERROR)
        self.message_user(request, _("Rescored %(n)d assessments.") % {"n": done})

    @admin.action(description=_("Export the selected assessments as CSV"))
    def export_csv(self, request, queryset):
        rows = queryset.select_related("country", "organization", "score__methodology").order_by(
            "country__name", "year", "pk"
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="assessments-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for assessment in rows:
            writer.writerow([csv_cell(value) for value in export_row(assessment)])
        return response

    def workflow(self, request, queryset, *, title, run, needs_reason=False, asks_warnings=False):
        """Run a workflow service on each selected assessment, after a confirmation page
        (with the reason the service requires, or the editor's confirmation of warnings)."""
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/indicators/assessment/workflow_action.html",
                {
                    **self.admin_site.each_context(request),
                    "title": title,
                    "opts": self.model._meta,
                    "assessments": queryset.select_related("country", "organization"),
                    "action": request.POST.get("action"),
                    "needs_reason": needs_reason,
                    "asks_warnings": asks_warnings,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        reason = request.POST.get("reason", "")
        if needs_reason and not reason.strip():
            self.message_user(
                request, _("Give the reason, so the editor knows what to fix."), messages.ERROR
            )
            return None
        done = 0
        for assessment in queryset.select_related("country", "organization"):
            try:
                run(assessment, reason=reason, confirm=request.POST.get("confirm_warnings") == "on")
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                text = "; ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{assessment}: {text}", messages.ERROR)
        self.message_user(
            request, _("%(action)s: %(n)d assessments.") % {"action": title, "n": done}
        )
        return None

    @admin.action(description=_("Submit the selected assessments for validation"))
    def submit(self, request, queryset):
        return self.workflow(
            request,
            queryset,
            title=_("Submit for validation"),
            asks_warnings=True,
            run=lambda a, reason, confirm: assessment_submit(
                assessment=a, actor=request.user, confirm_warnings=confirm
            ),
        )

    @admin.action(description=_("Validate the selected assessments (publishes them)"))
    def validate(self, request, queryset):
        return self.workflow(
            request,
            queryset,
            title=_("Validate"),
            run=lambda a, reason, confirm: assessment_validate(assessment=a, actor=request.user),
        )

    @admin.action(description=_("Return the selected assessments to their editors"))
    def return_to_editors(self, request, queryset):
        return self.workflow(
            request,
            queryset,
            title=_("Return to editors"),
            needs_reason=True,
            run=lambda a, reason, confirm: assessment_return(
                assessment=a, actor=request.user, reason=reason
            ),
        )

    @admin.action(description=_("Reopen the selected validated assessments"))
    def reopen(self, request, queryset):
        return self.workflow(
            request,
            queryset,
            title=_("Reopen"),
            needs_reason=True,
            run=lambda a, reason, confirm: assessment_reopen(
                assessment=a, actor=request.user, reason=reason
            ),
        )


EXPORT_COLUMNS = [
    "id",
    "country_iso3",
    "country",
    "year",
    "organization",
    "status",
    "overall",
    "band",
    "participation",
    "prevention_protection",
    "promotion",
    "overall_status",
    "methodology",
    "validated_at",
]


def export_row(assessment: Assessment) -> list:
    score = getattr(assessment, "score", None)
    return [
        assessment.pk,
        assessment.country_id,
        assessment.country.name,
        assessment.year,
        assessment.organization.name,
        assessment.status,
        score.overall if score else None,
        score.band if score else None,
        score.participation if score else None,
        score.prevention_protection if score else None,
        score.promotion if score else None,
        score.overall_status if score else None,
        score.methodology.version if score else None,
        assessment.validated_at.isoformat() if assessment.validated_at else None,
    ]


class IndicatorValueAdminForm(forms.ModelForm):
    """One value; checked with its indicator's other values, as the values service does."""

    class Meta:
        model = IndicatorValue
        fields = ["assessment", "indicator", *VALUE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        assessment, indicator = cleaned.get("assessment"), cleaned.get("indicator")
        if self.errors or assessment is None or indicator is None:
            return cleaned
        if why := refusal(assessment, None):
            raise ValidationError(why)
        data = value_data(cleaned)
        row = IndicatorValue(assessment=assessment, indicator=indicator, **data.model_fields())
        if row.row_errors():
            return cleaned  # the model's own clean() names them at their field
        sets = indicator_set(
            assessment=assessment,
            indicator=indicator,
            without_pk=self.instance.pk,
            adding=data,
        )
        errors = values_errors(
            assessment=assessment, values=sets, indicators={indicator.code: indicator}
        )
        if errors:
            raise ValidationError([m for messages in errors.values() for m in messages])
        self.value_sets = sets
        return cleaned


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    """Values one by one; each change saves its indicator's set through the values service."""

    form = IndicatorValueAdminForm
    list_display = ["assessment", "indicator", "component", "level", "not_applicable", "data_year"]
    list_filter = ["indicator", "level", "not_applicable"]
    search_fields = ["assessment__country__name", "indicator__code", "component", "source_quote"]
    list_select_related = ["assessment__country", "assessment__organization", "indicator"]
    autocomplete_fields = ["assessment", "indicator"]

    def save_model(self, request, obj, form, change):
        assessment_values_save(
            assessment=obj.assessment,
            values=form.value_sets,
            actor=request.user,
            expected_version=None,
        )
        saved = obj.assessment.values.get(
            indicator=obj.indicator,
            component=obj.component,
            level=obj.level,
            locality=obj.locality,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        self.delete_values(request, [obj])

    def delete_queryset(self, request, queryset):
        self.delete_values(request, list(queryset.select_related("assessment", "indicator")))

    def delete_values(self, request, values) -> None:
        for value in values:
            try:
                if why := refusal(value.assessment, request.user):
                    raise ValidationError(why)
                assessment_values_save(
                    assessment=value.assessment,
                    values=indicator_set(
                        assessment=value.assessment, indicator=value.indicator, without_pk=value.pk
                    ),
                    actor=request.user,
                    expected_version=None,
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{value}: {'; '.join(exc.messages)}", messages.ERROR)


@admin.register(AssessmentScore)
class AssessmentScoreAdmin(admin.ModelAdmin):
    list_display = ["assessment", "overall", "band", "overall_status", "methodology", "computed_at"]
    list_filter = ["band", "overall_status", "methodology"]
    search_fields = ["assessment__country__name", "assessment__country__iso3"]
    list_select_related = ["assessment__country", "assessment__organization", "methodology"]
    readonly_fields = ["assessment", *SCORE_FIELDS]

    def has_add_permission(self, request):
        return False  # written only by the rescoring service


# Dataset releases (issue 10, part 4): registered by their own module.
from indicators import release_admin  # noqa: E402, F401
