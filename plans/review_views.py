"""Plan-review pages: editors start, rate and submit; reviewers validate, return or reopen."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from indicators import right_of_reply
from indicators.forms import PublicationForm
from indicators.published_data import today as utc_today
from indicators.services import (
    REPLY_DAYS_MAX,
    plan_review_validate_with_reply,
    reply_period_close,
)
from indicators.services.publication import may_set_publication
from nap_tracker.forms import add_service_errors
from nap_tracker.history import history_entries
from plans.models import NationalActionPlan
from plans.review_forms import PlanReviewStartForm, rating_forms
from plans.review_models import CriterionRating, PlanReview
from plans.review_services import (
    PlanReviewConflict,
    plan_review_create,
    plan_review_publication_set,
    plan_review_ratings_save,
    plan_review_reopen,
    plan_review_return,
    plan_review_submit,
    plan_review_validate,
    review_result,
)

Status = PlanReview.Status
REVIEW_FIELDS = ("status", "summary", "return_reason", "score", "rated_count", "is_sample")
RATING_FIELDS = ("rating", "evidence", "quote")


def review_kwargs(review: PlanReview) -> dict:
    return {
        "iso3": review.plan.country_id,
        "key": review.plan.url_key,
        "org": review.organization.slug,
    }


def review_of(queryset, iso3: str, key: str, org: str) -> PlanReview:
    """The review of the URL among ``queryset`` (ratings and criteria loaded); else 404."""
    plans = NationalActionPlan.objects.filter(country_id=iso3).by_key(key)
    return get_object_or_404(
        queryset.for_detail().select_related("submitted_by", "validated_by", "returned_by"),
        plan__in=plans,
        organization__slug=org,
    )


def expected_version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


class PlanReviewListView(LoginRequiredMixin, ListView):
    """The plan reviews of the user's organizations, newest change first."""

    template_name = "plans/reviews/list.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        return (
            PlanReview.objects.of_member(self.request.user)
            .for_list()
            .select_related("returned_by")
            .order_by("-updated_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_start"] = NationalActionPlan.objects.editable_by(self.request.user).exists()
        return context


class PlanReviewCreateView(LoginRequiredMixin, FormView):
    template_name = "plans/reviews/create.html"
    form_class = PlanReviewStartForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            review = plan_review_create(
                actor=self.request.user,
                plan=form.cleaned_data["plan"],
                organization=form.cleaned_data["organization"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Review started: rate each criterion below."))
        return redirect("plan_review:edit", **review_kwargs(review))


class PlanReviewEditView(LoginRequiredMixin, TemplateView):
    """The rating form: one row per criterion; read-only once submitted."""

    template_name = "plans/reviews/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.review = review_of(PlanReview.objects.of_member(request.user), **kwargs)
        self.editable = PlanReview.objects.editable_by(request.user).filter(pk=self.review.pk)
        self.editable = self.editable.exists()
        return super().dispatch(request, *args, **kwargs)

    def criteria(self):
        return sorted(self.review.framework.criteria.all(), key=lambda c: (c.order, c.code))

    def render_form(self, rows, summary, status=200, errors=None, conflict=False):
        review = self.review
        context = self.get_context_data(
            review=review,
            rows=rows,
            summary=summary,
            editable=self.editable,
            result=review_result(review),
            top_errors=errors or [],
            rows_with_errors=[form for form in rows if form.errors],
            conflict=conflict,
            publication_form=PublicationForm.of(review),
            may_publish=may_set_publication(
                actor=self.request.user, organization=review.organization
            ),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        rows = rating_forms(self.criteria(), self.review.ratings.all())
        return self.render_form(rows, self.review.summary)

    def post(self, request, *args, **kwargs):
        rows = rating_forms(self.criteria(), self.review.ratings.all(), data=request.POST)
        summary = request.POST.get("summary", "")
        if not self.editable:
            raise PermissionDenied(_("You may not edit this review."))
        if not all(form.is_valid() for form in rows):
            return self.render_form(rows, summary, status=400)
        ratings = {form.criterion.code: form.rating_data() for form in rows}
        try:
            plan_review_ratings_save(
                review=self.review,
                actor=request.user,
                ratings=ratings,
                expected_version=expected_version(request),
                summary=summary,
            )
        except PlanReviewConflict:
            return self.render_form(rows, summary, status=409, conflict=True)
        except ValidationError as exc:
            top = []
            by_code = {form.criterion.code: form for form in rows}
            for key, texts in exc.message_dict.items():
                code, _dot, field = key.partition(".")
                form = by_code.get(code)
                if form is not None and field in form.fields:
                    for text in texts:
                        form.add_error(field, text)
                else:
                    top += texts
            return self.render_form(rows, summary, status=400, errors=top)
        messages.success(request, _("Ratings saved."))
        return redirect("plan_review:edit", **review_kwargs(self.review))


@login_required
@require_POST
def plan_review_submit_view(request, iso3: str, key: str, org: str):
    review = review_of(PlanReview.objects.of_member(request.user), iso3, key, org)
    try:
        plan_review_submit(
            review=review, actor=request.user, expected_version=expected_version(request)
        )
    except PlanReviewConflict:
        messages.error(request, _("The review changed after you opened it; read it again."))
    except (ValidationError, PermissionDenied) as exc:
        shown = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for text in shown:
            messages.error(request, text)
    else:
        messages.success(request, _("Submitted: a reviewer of your organization will validate it."))
    return redirect("plan_review:edit", iso3=iso3, key=key, org=org)


class PlanReviewHistoryView(LoginRequiredMixin, TemplateView):
    """Who changed what and when in a review and its ratings, newest first."""

    template_name = "plans/reviews/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = review_of(PlanReview.objects.of_member(self.request.user), **self.kwargs)
        records = review.history.select_related("history_user")
        rating_records = CriterionRating.history.filter(review_id=review.pk).select_related(
            "history_user", "criterion"
        )
        entries = history_entries(records, REVIEW_FIELDS, lambda r: _("review"))
        entries += history_entries(rating_records, RATING_FIELDS, lambda r: r.criterion.code)
        entries.sort(key=lambda e: e.when, reverse=True)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        context.update(review=review, page_obj=page, entries=page.object_list)
        return context


def submitted_plan_reviews(user):
    """The review queue's plan reviews: submitted, of the reviewer's organizations."""
    return (
        PlanReview.objects.reviewable_by(user)
        .filter(status=Status.SUBMITTED)
        .for_list()
        .select_related("submitted_by")
        .order_by("submitted_at", "pk")
    )


class PlanReviewQueueView(LoginRequiredMixin, ListView):
    """Submitted plan reviews of the reviewer's organizations, oldest submission first."""

    template_name = "plans/reviews/queue.html"
    context_object_name = "reviews"
    paginate_by = 20

    def get_queryset(self):
        return submitted_plan_reviews(self.request.user)


def render_decision(request, review: PlanReview, status: int = 200, **extra):
    today = utc_today()
    context = {
        "review": review,
        "result": review_result(review),
        "own": review.submitted_by_id == request.user.pk,
        "reply": right_of_reply.load_review(review, today),
        "reply_min": today + timedelta(days=1),
        "reply_max": today + timedelta(days=REPLY_DAYS_MAX),
        **extra,
    }
    return render(request, "plans/reviews/decide.html", context, status=status)


@login_required
def plan_review_decide(request, iso3: str, key: str, org: str):
    review = review_of(PlanReview.objects.reviewable_by(request.user), iso3, key, org)
    return render_decision(request, review)


ACTIONS = {
    "validate": (plan_review_validate, gettext_lazy("Validated: the plan review is now public.")),
    "return": (plan_review_return, gettext_lazy("Returned to the editors with your reason.")),
    "reopen": (plan_review_reopen, gettext_lazy("Reopened: the review is off the public site.")),
    "close_reply": (
        reply_period_close,
        gettext_lazy(
            "Right of reply closed: the review and the government's reply are now public."
        ),
    ),
}
VALIDATED_FOR_REPLY = gettext_lazy(
    "Validated. The right of reply is open until %(date)s; the review is published after "
    "that day, or when you close the period once the government has replied."
)


@login_required
@require_POST
def plan_review_action(request, iso3: str, key: str, org: str, action: str):
    """Validate (optionally opening a right of reply), return, reopen, or close the right
    of reply early, through the services."""
    from indicators.review_views import reply_deadline  # that module imports this one

    review = review_of(PlanReview.objects.reviewable_by(request.user), iso3, key, org)
    service, done = ACTIONS[action]
    kwargs = {
        "review": review,
        "actor": request.user,
        "expected_version": expected_version(request),
    }
    if action in ("return", "reopen"):
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        if action == "close_reply":
            reply = right_of_reply.load_review(review, utc_today())
            if reply is None or not reply.is_open:
                raise ValidationError(_("No right-of-reply period is open."))
            period = review.reply_periods.order_by("-opened_at", "-pk").first()
            service(period=period, actor=request.user)
        elif action == "validate" and (deadline := reply_deadline(request)) is not None:
            kwargs["base_url"] = request.build_absolute_uri("/")
            plan_review_validate_with_reply(deadline=deadline, **kwargs)
            done = VALIDATED_FOR_REPLY % {"date": deadline.isoformat()}
        else:
            service(**kwargs)
    except PlanReviewConflict:
        messages.error(request, _("The review changed after you opened it; read it again."))
        return redirect("plan_review:decide", iso3=iso3, key=key, org=org)
    except (ValidationError, PermissionDenied) as exc:
        shown = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return render_decision(
            request,
            review,
            status=400,
            action_errors={action: shown},
            typed_reason={action: request.POST.get("reason", "")},
            typed_deadline=request.POST.get("reply_deadline", ""),
        )
    messages.success(request, str(done))
    return redirect("plan_review:queue")


@login_required
def plan_review_publication(request, iso3: str, key: str, org: str):
    """The "Publication" box of a review (anonymous or not, embargo date): GET shows it, POST
    saves it through ``plan_review_publication_set`` (decision 111)."""
    review = review_of(PlanReview.objects.of_member(request.user), iso3, key, org)
    if not may_set_publication(actor=request.user, organization=review.organization):
        raise PermissionDenied(
            _("Only an editor, reviewer or admin of this organization may change this.")
        )
    form = PublicationForm.of(review, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_review_publication_set(
                review=review,
                actor=request.user,
                publish_anonymously=form.cleaned_data["publish_anonymously"],
                embargo_until=form.cleaned_data["embargo_until"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Publication settings saved."))
            given = request.POST.get("next", "")
            if given and url_has_allowed_host_and_scheme(
                given, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(given)
            return redirect("plan_review:edit", **review_kwargs(review))
    status = 400 if request.method == "POST" else 200
    response = render(
        request,
        "plans/reviews/publication.html",
        {"review": review, "publication_form": form},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response
