"""The government respondent's pages: assessments open for her reply, and one draft result
read-only with the reply form (decision 100).

Anonymous visitors get the sign-in page. A signed-in user who is neither a government
respondent nor staff gets 403 on the list; an assessment she was not asked to answer is 404
(its existence is not confirmed). Staff read every page but cannot reply: only the
government can. After the deadline the page says so and takes no reply.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from indicators import right_of_reply, scorecard
from indicators.models import Assessment, Indicator
from indicators.published_data import today as utc_today
from indicators.reply_forms import ReplyForm
from indicators.services import is_respondent, reply_save
from organizations.models import Membership


def _may_use_replies(user) -> bool:
    return user.is_staff or Membership.objects.respondents().filter(user=user).exists()


def _reviews_open_for(user) -> list:
    """The plan reviews open for the respondent's reply, each with ``.reply`` (decision 112)."""
    from plans.review_models import PlanReview

    today = utc_today()
    reviews = list(
        PlanReview.objects.for_respondent(user)
        .open_for_reply()
        .for_list()
        .prefetch_related(right_of_reply.review_prefetch())
        .order_by("plan__country__name", "plan__adopted_year", "organization__name", "pk")
    )
    for review in reviews:
        review.reply = right_of_reply.of_assessment(review, today)
    return reviews


class ReplyListView(LoginRequiredMixin, ListView):
    """The assessments of the respondent's country (and organizations) open for reply."""

    template_name = "indicators/reply/list.html"
    context_object_name = "assessments"
    paginate_by = 20

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_use_replies(request.user):
            raise PermissionDenied(_("Only government respondents have replies to give here."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Assessment.objects.for_respondent(self.request.user)
            .open_for_reply()
            .for_list()
            .prefetch_related(right_of_reply.reply_prefetch())
            .order_by("country__name", "-year", "organization__name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = utc_today()
        for assessment in context["assessments"]:
            assessment.reply = right_of_reply.of_assessment(assessment, today)
        context["reviews"] = _reviews_open_for(self.request.user)
        return context


class ReplyDetailView(LoginRequiredMixin, View):
    """The draft scorecard, read-only, clearly not public, with a reply field per indicator
    and overall while the period is open."""

    template_name = "indicators/reply/detail.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = get_object_or_404(
            Assessment.objects.for_respondent(request.user)
            .for_scorecard()
            .prefetch_related(right_of_reply.reply_prefetch()),
            country_id=kwargs["iso3"],
            year=kwargs["year"],
            organization__slug=kwargs["org"],
        )
        self.reply = right_of_reply.of_assessment(self.assessment, utc_today())
        self.indicators = list(Indicator.objects.ordered())
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"  # a draft result: never kept by a cache
        return response

    def form(self, data=None) -> ReplyForm:
        return ReplyForm(data, indicators=self.indicators, reply=self.reply)

    def page(self, form, status=200, **extra):
        stored = getattr(self.assessment, "score", None)
        card = scorecard.build(
            self.indicators, stored.as_dict() if stored else None, self.assessment.values.all()
        )
        may_reply = self.reply.is_open and is_respondent(
            actor=self.request.user, assessment=self.assessment
        )
        context = {
            "assessment": self.assessment,
            "score": stored,
            "card": card,
            "reply": self.reply,
            "may_reply": may_reply,
            "reply_form": form if may_reply else None,
            "form": form if may_reply else None,
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        return self.page(self.form())

    def post(self, request, **kwargs):
        form = self.form(request.POST)
        if not self.reply.is_open:
            # Nothing lost: the typed replies are shown back with the reason.
            return self.page(form, status=400, refusal=self.ended_message())
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            reply_save(
                period=self.assessment.loaded_reply_periods[0],
                actor=request.user,
                replies=form.replies(),
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self.page(form, status=400)
            return self.page(form, status=400, refusal=" ".join(exc.messages))
        messages.success(
            request,
            _(
                "Your reply is saved. You may change it until %(date)s; it is published with "
                "the scorecard after that day."
            )
            % {"date": self.reply.deadline.isoformat()},
        )
        return redirect(request.path)  # this page again, with the saved reply

    def ended_message(self) -> str:
        if self.reply.closed_at:
            return _("The organization closed the right of reply; it takes no more replies.")
        return _("The right of reply ended on %(date)s; it takes no more replies.") % {
            "date": self.reply.deadline.isoformat()
        }


class ReviewReplyView(ReplyDetailView):
    """A plan review, read-only, clearly not public, with a reply field per criterion and
    overall while the period is open (decision 112). The same rules as ReplyDetailView."""

    template_name = "indicators/reply/review_detail.html"

    def dispatch(self, request, *args, **kwargs):
        from plans.review_models import PlanReview

        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = get_object_or_404(
            PlanReview.objects.for_respondent(request.user)
            .for_detail()
            .prefetch_related(right_of_reply.review_prefetch()),
            pk=kwargs["pk"],
        )
        self.reply = right_of_reply.of_assessment(self.assessment, utc_today())
        self.indicators = sorted(
            self.assessment.framework.criteria.all(), key=lambda c: (c.order, c.code)
        )
        response = View.dispatch(self, request, *args, **kwargs)
        response["Cache-Control"] = "no-store"  # a draft review: never kept by a cache
        return response

    def page(self, form, status=200, **extra):
        from plans.review_services import review_result

        may_reply = self.reply.is_open and is_respondent(
            actor=self.request.user, assessment=self.assessment
        )
        context = {
            "review": self.assessment,
            "result": review_result(self.assessment),
            "reply": self.reply,
            "may_reply": may_reply,
            "reply_form": form if may_reply else None,
            "form": form if may_reply else None,
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)
