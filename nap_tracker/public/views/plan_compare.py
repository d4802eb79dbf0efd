"""Plan generations compare: NAP n beside NAP n+1 of the same country.

Which facts changed (``plans.comparison.compare_facts``) and how the validated scores of
the assessments made under each plan moved (``nap_tracker.public.trends``).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from indicators import scorecard
from indicators.models import Assessment, Cluster
from nap_tracker.public import trends
from plans.comparison import compare_facts, plan_facts
from plans.models import NationalActionPlan
from plans.quality import criterion_moves
from plans.review_models import PlanReview
from plans.review_services import review_result


def chronological(plans):
    return sorted(plans, key=lambda p: (p.sort_year, p.generation or 0))


class PlanCompareView(TemplateView):
    template_name = "public/plan_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        iso3 = self.kwargs["iso3"].upper()
        plans = chronological(
            NationalActionPlan.objects.visible_to(self.request.user)
            .filter(country_id=iso3)
            .select_related("country", "supersedes")
            .prefetch_related("documents")
        )
        by_key = {p.url_key: p for p in plans}
        plan = by_key.get(self.kwargs["key"])
        if plan is None:
            raise Http404(_("No such plan."))
        other = self.other_plan(plan, plans, by_key)
        context.update(plan=plan, country=plan.country, choices=[p for p in plans if p != plan])
        context["chosen"] = other
        if other is None:
            later = plans[plans.index(plan) + 1] if plan != plans[-1] else None
            context["later"] = later
            return context
        older, newer = chronological([plan, other])
        cards = {older.pk: [], newer.pk: []}
        assessments = {older.pk: [], newer.pk: []}
        rows = (
            Assessment.objects.published()
            .for_list()
            .filter(plan__in=[older, newer])
            .order_by("-year", "organization__name")
        )
        for assessment in rows:
            assessments[assessment.plan_id].append(assessment)
            if hasattr(assessment, "score"):
                cards[assessment.plan_id].append(scorecard.build((), assessment.score.as_dict()))
        old_summary = trends.summarize(cards[older.pk])
        new_summary = trends.summarize(cards[newer.pk])
        labels = {"overall": _("Overall"), **{c.value: str(c.label) for c in Cluster}}
        facts = compare_facts(plan_facts(older), plan_facts(newer))
        context.update(
            older=older,
            newer=newer,
            # Facts no source states for either plan are named in one sentence instead.
            facts=[row for row in facts if row.old or row.new],
            unstated=[row.label for row in facts if not (row.old or row.new)],
            older_assessments=assessments[older.pk],
            newer_assessments=assessments[newer.pk],
            old_summary=old_summary,
            new_summary=new_summary,
            moves=trends.moves(old_summary, new_summary, labels),
            linked=newer.supersedes_id == older.pk,
            has_sample=any(a.is_sample for a in assessments[older.pk] + assessments[newer.pk])
            or older.is_sample
            or newer.is_sample,
        )
        context["changed_count"] = sum(1 for row in context["facts"] if row.is_changed)
        context.update(quality_comparison(older, newer))
        return context

    def other_plan(self, plan, plans, by_key):
        """``?with=<key>``; else the plan it supersedes; else the one before it in time."""
        chosen = self.request.GET.get("with")
        if chosen:
            other = by_key.get(chosen)
            if other is None or other == plan:
                raise Http404(_("No such plan to compare with."))
            return other
        if plan.supersedes_id is not None and plan.supersedes in plans:
            return plan.supersedes
        index = plans.index(plan)
        return plans[index - 1] if index > 0 else None


def quality_comparison(older, newer) -> dict:
    """The validated quality reviews of both plans, and per organization that reviewed both,
    the score and every criterion old → new (decision 93: only the same organization's
    reviews are paired, so a move is never two reviewers' differing judgements). Pairs are
    keyed by organization and anonymity internally and shown under the public name, so an
    anonymous review is paired without naming its organization, and never with a named one
    (that would name it; decision 111)."""
    reviews = {older.pk: {}, newer.pk: {}}
    rows = (
        PlanReview.objects.published()
        .for_detail()
        .filter(plan__in=[older, newer])
        .order_by("publish_anonymously", "organization__name", "pk")
    )
    for review in rows:
        key = (review.organization_id, review.publish_anonymously)
        reviews[review.plan_id][key] = (review, review_result(review))
    pairs = []
    for org_id, (new_review, new_result) in reviews[newer.pk].items():
        if org_id not in reviews[older.pk]:
            continue
        old_review, old_result = reviews[older.pk][org_id]
        delta = None
        if old_result.score is not None and new_result.score is not None:
            delta = new_result.score - old_result.score
        pairs.append(
            {
                "organization_name": new_review.public_organization_name,
                "old": old_review,
                "new": new_review,
                "old_score": old_result.score,
                "new_score": new_result.score,
                "delta": delta,
                "moves": criterion_moves(old_result, new_result),
                "is_sample": old_review.is_sample or new_review.is_sample,
            }
        )
    return {
        "older_reviews": list(reviews[older.pk].values()),
        "newer_reviews": list(reviews[newer.pk].values()),
        "quality_pairs": pairs,
    }
