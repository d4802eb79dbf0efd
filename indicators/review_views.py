"""Reviewer pages: the queue of submitted assessments, one review with its diff, the actions."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from indicators import right_of_reply
from indicators.comparison import score_changes, value_changes
from indicators.entry_views import entry_kwargs
from indicators.forms import FIELD_ORDER, PublicationForm, labelled_changes
from indicators.models import Assessment, Cluster
from indicators.published_data import today as utc_today
from indicators.services import (
    REPLY_DAYS_MAX,
    AssessmentConflict,
    assessment_reopen,
    assessment_return,
    assessment_validate,
    assessment_validate_with_reply,
    assessment_warnings,
    reply_period_close,
    stored_value_sets,
)
from plans.review_views import submitted_plan_reviews

Status = Assessment.Status


def previous_validated(assessments: list[Assessment]) -> dict[int, Assessment]:
    """Per assessment, its organization's latest earlier validated one of the same country.

    One query (plus one for their values) however many assessments are given.
    """
    if not assessments:
        return {}
    same = Q()
    for a in assessments:
        same |= Q(organization_id=a.organization_id, country_id=a.country_id, year__lt=a.year)
    earlier = list(Assessment.objects.published().filter(same).for_scorecard().order_by("-year"))
    found = {}
    for a in assessments:
        found[a.pk] = next(
            (
                e
                for e in earlier
                if (e.organization_id, e.country_id) == (a.organization_id, a.country_id)
                and e.year < a.year
            ),
            None,
        )
    return found


SCORE_LABELS = {"overall": _("Overall"), **dict(Cluster.choices)}


def review_diff(assessment: Assessment, previous: Assessment | None) -> dict:
    """Inputs and scores of the previous validated assessment → this one."""
    score = getattr(assessment, "score", None)
    old_score = getattr(previous, "score", None) if previous else None
    return {
        "previous": previous,
        "values": labelled_changes(
            value_changes(
                stored_value_sets(previous.values.all()) if previous else {},
                stored_value_sets(assessment.values.all()),
                FIELD_ORDER,
            )
        ),
        "scores": [
            (SCORE_LABELS.get(line.name, line.name), line)
            for line in score_changes(
                old_score.as_dict() if old_score else None, score.as_dict() if score else None
            )
        ],
    }


class ReviewQueueView(LoginRequiredMixin, ListView):
    """Submitted assessments of the reviewer's organizations, oldest submission first."""

    template_name = "indicators/review/queue.html"
    context_object_name = "assessments"
    paginate_by = 20

    def get_queryset(self):
        return (
            Assessment.objects.reviewable_by(self.request.user)
            .filter(status=Status.SUBMITTED)
            .for_scorecard()
            .select_related("submitted_by")
            .order_by("submitted_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["assessments"])
        previous = previous_validated(page)
        for assessment in page:
            assessment.diff = review_diff(assessment, previous[assessment.pk])
            assessment.own = assessment.submitted_by_id == self.request.user.pk
        context["assessments"] = page
        # The plan reviews waiting beside them (issue 10 part 1; one query, first page).
        context["plan_reviews"] = list(submitted_plan_reviews(self.request.user)[:20])
        return context


def reviewable(request, iso3: str, year: int, org: str) -> Assessment:
    return get_object_or_404(
        Assessment.objects.reviewable_by(request.user)
        .for_scorecard()
        .select_related("submitted_by", "validated_by")
        .prefetch_related(right_of_reply.reply_prefetch()),
        country_id=iso3,
        year=year,
        organization__slug=org,
    )


def render_review(request, assessment: Assessment, status: int = 200, **extra):
    today = utc_today()
    previous = previous_validated([assessment])[assessment.pk]
    context = {
        "assessment": assessment,
        "diff": review_diff(assessment, previous),
        "warnings": assessment_warnings(assessment=assessment),
        "own": assessment.submitted_by_id == request.user.pk,
        "publication_form": PublicationForm.of(assessment),
        "reply": right_of_reply.of_assessment(assessment, today),
        "reply_min": today + timedelta(days=1),
        "reply_max": today + timedelta(days=REPLY_DAYS_MAX),
        **extra,
    }
    return render(request, "indicators/review/detail.html", context, status=status)


@login_required
def review_detail(request, iso3: str, year: int, org: str):
    return render_review(request, reviewable(request, iso3, year, org))


ACTIONS = {
    "validate": (assessment_validate, _("Validated: the assessment is now public.")),
    "return": (assessment_return, _("Returned to the editors with your reason.")),
    "reopen": (
        assessment_reopen,
        _("Reopened: the assessment is off the public site and back with the editors."),
    ),
    "close_reply": (
        reply_period_close,
        _("Right of reply closed: the assessment and the government's reply are now public."),
    ),
}
VALIDATED_FOR_REPLY = _(
    "Validated. The right of reply is open until %(date)s; the assessment is published "
    "after that day, or when you close the period once the government has replied."
)


def reply_deadline(request) -> date | None:
    """The optional "open a right of reply until" day of the validate form; ValidationError
    when it is given but not a date."""
    given = request.POST.get("reply_deadline", "").strip()
    if not given:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise ValidationError(_("Enter the deadline as a date (YYYY-MM-DD).")) from None


@login_required
@require_POST
def review_action(request, iso3: str, year: int, org: str, action: str):
    """Validate, return or reopen (one-off POST actions through the workflow services)."""
    assessment = reviewable(request, iso3, year, org)
    service, done = ACTIONS[action]
    kwargs = {"assessment": assessment, "actor": request.user}
    if request.POST.get("version", "").isdigit():
        kwargs["expected_version"] = int(request.POST["version"])
    if action in ("return", "reopen"):
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        if action == "close_reply":
            reply = right_of_reply.of_assessment(assessment, utc_today())
            if reply is None or not reply.is_open:
                raise ValidationError(_("No right-of-reply period is open."))
            service(period=assessment.loaded_reply_periods[0], actor=request.user)
        elif action == "validate" and (deadline := reply_deadline(request)) is not None:
            kwargs["base_url"] = request.build_absolute_uri("/")
            assessment_validate_with_reply(deadline=deadline, **kwargs)
            done = VALIDATED_FOR_REPLY % {"date": deadline.isoformat()}
        else:
            service(**kwargs)
    except AssessmentConflict:
        messages.error(
            request, _("The assessment changed after you opened it; read it again before acting.")
        )
        return redirect("review:detail", **entry_kwargs(assessment))
    except (ValidationError, PermissionDenied) as exc:
        shown = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return render_review(
            request,
            assessment,
            status=400,
            action_errors={action: shown},
            typed_reason={action: request.POST.get("reason", "")},
            typed_deadline=request.POST.get("reply_deadline", ""),
        )
    messages.success(request, done)
    return redirect("review:queue")
