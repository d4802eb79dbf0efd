"""Entry pages for members of partner organizations: dashboard, assessment form, history."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from indicators import right_of_reply
from indicators.comparison import value_changes
from indicators.forms import (
    FIELD_ORDER,
    AssessmentCreateForm,
    AssessmentValuesForm,
    PublicationForm,
    labelled_changes,
)
from indicators.history import assessment_history
from indicators.models import Assessment, Indicator, IndicatorValue
from indicators.published_data import today as utc_today
from indicators.services import (
    AssessmentConflict,
    assessment_create,
    assessment_submit,
    assessment_values_save,
    stored_value_sets,
    warnings_for,
)
from nap_tracker.forms import add_service_errors
from organizations.models import Membership
from plans.models import Country, NationalActionPlan

Status = Assessment.Status


def entry_kwargs(assessment: Assessment) -> dict:
    return {
        "iso3": assessment.country_id,
        "year": assessment.year,
        "org": assessment.organization.slug,
    }


def member_assessment(request, queryset=None, **kwargs) -> Assessment:
    """The assessment of the URL, if it belongs to one of the user's organizations; else 404."""
    rows = queryset if queryset is not None else Assessment.objects.all()
    return get_object_or_404(
        rows.of_member(request.user).for_scorecard(),
        country_id=kwargs["iso3"],
        year=kwargs["year"],
        organization__slug=kwargs["org"],
    )


def next_step(assessment: Assessment, user, roles: dict) -> dict:
    """What the signed-in person can do next with an assessment, as a label and a link."""
    role = roles.get(assessment.organization_id)
    editing = user.is_staff or role in Membership.EDITING_ROLES
    reviewing = user.is_staff or role in Membership.REVIEWING_ROLES
    edit = reverse("entry:assessment_edit", kwargs=entry_kwargs(assessment))
    review = reverse("review:detail", kwargs=entry_kwargs(assessment))
    if assessment.status == Status.DRAFT:
        if editing:
            return {"label": _("Enter data, then submit"), "url": edit}
        return {"label": _("Draft: an editor is entering data"), "url": None}
    if assessment.status == Status.RETURNED:
        if editing:
            return {"label": _("Fix what the reviewer asked, then resubmit"), "url": edit}
        return {"label": _("Returned to the editors"), "url": None}
    if assessment.status == Status.SUBMITTED:
        if reviewing and assessment.submitted_by_id != user.pk:
            return {"label": _("Review: validate or return"), "url": review}
        return {"label": _("Waiting for a reviewer"), "url": None}
    return {"label": _("Public scorecard"), "url": assessment.get_absolute_url()}


class EntryDashboardView(LoginRequiredMixin, TemplateView):
    """The countries the user's organizations cover, each with its assessments by status."""

    template_name = "indicators/entry/dashboard.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        memberships = list(Membership.objects.of_user(user).for_list())
        roles = {m.organization_id: m.role for m in memberships}
        assessments = (
            Assessment.objects.of_member(user)
            .select_related("organization", "score", "returned_by")
            .order_by("-year", "organization__name")
        )
        countries = (
            Country.objects.covered_by(user, roles=None)
            .with_plan_stats()
            .order_by("name")
            .prefetch_related(
                Prefetch("assessments", assessments, to_attr="member_assessments"),
                Prefetch(
                    "plans",
                    NationalActionPlan.objects.order_by("adopted_year", "generation"),
                    to_attr="entry_plans",
                ),
            )
        )
        page = Paginator(countries, self.paginate_by).get_page(self.request.GET.get("page"))
        editable_countries = set(Country.objects.covered_by(user).values_list("pk", flat=True))
        rows = []
        for country in page.object_list:
            for assessment in country.member_assessments:
                assessment.next_step = next_step(assessment, user, roles)
            rows.append({"country": country, "may_create": country.pk in editable_countries})
        context.update(
            memberships=memberships,
            rows=rows,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            may_edit=bool(editable_countries),
        )
        return context


class AssessmentCreateView(LoginRequiredMixin, FormView):
    template_name = "indicators/entry/assessment_create.html"
    form_class = AssessmentCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = {"country": self.request.GET.get("country", "").upper() or None}
        year = self.request.GET.get("year", "")
        # A year has four digits; int() of thousands of digits raises (and is slow).
        if year.isascii() and year.isdigit() and len(year) <= 4:
            initial["year"] = int(year)
        return initial

    def form_valid(self, form):
        try:
            assessment = assessment_create(
                actor=self.request.user,
                organization=form.cleaned_data["organization"],
                country=form.cleaned_data["country"],
                year=form.cleaned_data["year"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        plan = assessment.plan.label if assessment.plan else _("no plan in force")
        messages.success(
            self.request,
            _("Assessment of %(country)s %(year)s created (linked plan: %(plan)s).")
            % {"country": assessment.country, "year": assessment.year, "plan": plan},
        )
        return redirect("entry:assessment_edit", **entry_kwargs(assessment))


class AssessmentEditView(LoginRequiredMixin, TemplateView):
    """All eleven indicators on one page; save a draft, or save and submit."""

    template_name = "indicators/entry/assessment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = member_assessment(request, **kwargs)
        editable = Assessment.objects.editable_by(request.user).filter(pk=self.assessment.pk)
        if not editable.exists():
            messages.info(
                request,
                _("This assessment is %(status)s: it is read-only here.")
                % {"status": self.assessment.get_status_display().lower()},
            )
            return redirect(self.assessment)
        self.indicators = list(Indicator.objects.ordered())
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> AssessmentValuesForm:
        return AssessmentValuesForm(data, assessment=self.assessment, indicators=self.indicators)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form())

    def render_form(self, form, status: int = 200, **extra):
        assessment = self.assessment
        score = getattr(assessment, "score", None)
        values = list(assessment.values.all())
        warnings = warnings_for(assessment, values)
        context = self.get_context_data(
            assessment=assessment,
            form=form,
            publication_form=PublicationForm.of(assessment),
            sections=form.sections(score.indicator_scores if score else None),
            score=score,
            warnings=warnings,
            reply=right_of_reply.load(assessment, utc_today()),
            **extra,
        )
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        values = form.to_values()
        try:
            assessment = assessment_values_save(
                assessment=self.assessment,
                values=values,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                plan=form.cleaned_data["plan"],
                summary=form.cleaned_data["summary"],
            )
        except AssessmentConflict as conflict:
            return self.render_conflict(conflict, values)
        except ValidationError as exc:
            form.apply_errors(exc)
            return self.render_form(form)
        score = assessment.score
        messages.success(
            request,
            _("Saved. Overall score: %(score)s.")
            % {
                "score": score.overall
                if score.overall is not None
                else score.get_overall_status_display().lower()
            },
        )
        if request.POST.get("action") != "submit":
            return redirect("entry:assessment_edit", **entry_kwargs(assessment))
        try:
            assessment_submit(
                assessment=assessment,
                actor=request.user,
                expected_version=assessment.version,
                confirm_warnings=request.POST.get("confirm_warnings") == "on",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, _("Not submitted: %(why)s") % {"why": message})
            return redirect(
                reverse("entry:assessment_edit", kwargs=entry_kwargs(assessment)) + "#submit"
            )
        messages.success(
            request,
            _(
                "Submitted for validation. A reviewer of your organization will validate it "
                "or return it with a reason."
            ),
        )
        return redirect("entry:dashboard")

    def render_conflict(self, conflict: AssessmentConflict, yours: dict):
        """Both versions side by side; the typed values stay in the form, nothing is saved."""
        current = member_assessment(self.request, **self.kwargs)
        self.assessment = current
        theirs = stored_value_sets(current.values.all())
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        form = self.form(data)
        form.is_valid()
        last = current.history.select_related("history_user").first()
        return self.render_form(
            form,
            status=409,
            conflict={
                "changes": labelled_changes(value_changes(theirs, yours, FIELD_ORDER)),
                "by": last.history_user if last else None,
                "at": last.history_date if last else None,
                "version": current.version,
                "expected": conflict.expected_version,
            },
        )


class AssessmentHistoryView(LoginRequiredMixin, TemplateView):
    """Who changed what and when, old → new, with workflow steps and their reasons."""

    template_name = "indicators/entry/assessment_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = member_assessment(self.request, **self.kwargs)
        records = assessment.history.select_related("history_user")
        value_records = IndicatorValue.history.filter(assessment_id=assessment.pk).select_related(
            "history_user", "indicator"
        )
        entries = assessment_history(records, value_records)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        context.update(assessment=assessment, page_obj=page, entries=page.object_list)
        return context
