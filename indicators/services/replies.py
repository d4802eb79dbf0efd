"""The government's right of reply: open a period, save replies, close it (decisions 96–100).

A validated assessment with an open period is not published (``querysets.published_condition``);
every step writes a history row of the assessment with its reason, so the assessment's
history page tells the story: "Right of reply opened until …", "Government reply received",
"Right of reply closed".

A period is for an assessment or, the same way, for a plan quality review (decision 112):
replies are then per criterion and overall, by the respondents of the reviewing organization
for the plan's country. ``period.subject`` is whichever of the two it is.
"""

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Assessment, GovernmentReply, Indicator, ReplyPeriod
from indicators.published_data import today as utc_today
from indicators.services.assessments import stamp
from indicators.services.workflow import assessment_validate
from organizations.models import Membership, User

# A deadline from tomorrow to 90 days ahead (decision 98).
REPLY_DAYS_MAX = 90
# The key of the reply to the result as a whole in ``reply_save(replies=...)``.
OVERALL = "overall"
# The longest reply accepted, per indicator or overall (decision 98).
REPLY_MAX_LENGTH = 5000


def _country_id(subject) -> str:
    """The country of an assessment, or of the plan a review reviews."""
    return subject.country_id if isinstance(subject, Assessment) else subject.plan.country_id


def may_manage_replies(*, actor: User, assessment) -> bool:
    """Reviewers and org admins of the owning organization, and staff, open and close periods
    (``assessment``: an assessment or a plan review)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return (
        Membership.objects.of_user(actor, Membership.REVIEWING_ROLES)
        .filter(organization_id=assessment.organization_id)
        .exists()
    )


def is_respondent(*, actor: User, assessment) -> bool:
    """The actor is a government respondent of the owning organization for its country
    (``assessment``: an assessment, or a plan review and the plan's country)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return (
        Membership.objects.respondents()
        .filter(
            user=actor,
            organization_id=assessment.organization_id,
            country_id=_country_id(assessment),
        )
        .exists()
    )


def deadline_errors(deadline: date | None, today: date | None = None) -> list[str]:
    """Why ``deadline`` is not a valid right-of-reply deadline (empty list: it is)."""
    today = today or utc_today()
    if deadline is None:
        return [_("Give the last day on which the government may reply.")]
    if deadline <= today:
        return [_("The deadline must be after today.")]
    if deadline > today + timedelta(days=REPLY_DAYS_MAX):
        return [
            _("The deadline may be at most %(days)d days from today.") % {"days": REPLY_DAYS_MAX}
        ]
    return []


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("organization", "country")
        .get(pk=assessment.pk)
    )


def _lock_review(review):
    from plans.review_models import PlanReview

    return (
        PlanReview.objects.select_for_update(of=("self",))
        .select_related("organization", "plan__country", "framework")
        .get(pk=review.pk)
    )


def _lock_subject(period: ReplyPeriod):
    return _lock_review(period.review) if period.review_id else _lock(period.assessment)


def _open(locked, actor: User, deadline: date, base_url: str) -> ReplyPeriod:
    if errors := deadline_errors(deadline):
        raise ValidationError({"deadline": errors}, code="deadline")
    is_assessment = isinstance(locked, Assessment)
    if locked.status != "validated":
        raise ValidationError(
            _("Only a validated assessment can be opened for reply.")
            if is_assessment
            else _("Only a validated plan review can be opened for reply."),
            code="wrong_status",
        )
    field = "assessment" if is_assessment else "review"
    current = ReplyPeriod.objects.open().filter(**{field: locked}).first()
    if current is not None:
        raise ValidationError(
            _("A right-of-reply period is already open until %(date)s.")
            % {"date": current.deadline.isoformat()},
            code="already_open",
        )
    period = ReplyPeriod(
        **{field: locked}, opened_by=actor, opened_at=timezone.now(), deadline=deadline
    )
    period.full_clean()
    stamp(period, actor, "Opened")
    period.save()
    stamp(locked, actor, f"Right of reply opened until {deadline.isoformat()}")
    locked.save()
    _notify_respondents(period, base_url)
    return period


@transaction.atomic
def reply_period_open(
    *, assessment: Assessment, actor: User, deadline: date, base_url: str = ""
) -> ReplyPeriod:
    """Open a right-of-reply period on a validated assessment that is not published yet
    (e.g. held back by an embargo); the government respondents of its country are emailed.

    A published assessment cannot be taken back for reply: open the period when validating
    (``assessment_validate_with_reply``), so the result never goes public in between.
    """
    locked = _lock(assessment)
    if not may_manage_replies(actor=actor, assessment=locked):
        raise PermissionDenied(
            _("Only a reviewer of %(org)s may do this.") % {"org": locked.organization}
        )
    if Assessment.objects.published().filter(pk=locked.pk).exists():
        raise ValidationError(
            _(
                "This assessment is already public: a right of reply is opened when "
                "validating, before publication."
            ),
            code="already_published",
        )
    return _open(locked, actor, deadline, base_url)


@transaction.atomic
def assessment_validate_with_reply(
    *,
    assessment: Assessment,
    actor: User,
    deadline: date,
    expected_version: int | None = None,
    base_url: str = "",
) -> ReplyPeriod:
    """Validate and open a right-of-reply period in one transaction: never public between."""
    if errors := deadline_errors(deadline):
        raise ValidationError({"deadline": errors}, code="deadline")
    validated = assessment_validate(
        assessment=assessment, actor=actor, expected_version=expected_version
    )
    return _open(_lock(validated), actor, deadline, base_url)


@transaction.atomic
def plan_review_validate_with_reply(
    *,
    review,
    actor: User,
    deadline: date,
    expected_version: int | None = None,
    base_url: str = "",
) -> ReplyPeriod:
    """Validate a plan review and open its right-of-reply period in one transaction: the
    review is never public between (decision 112)."""
    from plans.review_services import plan_review_validate

    if errors := deadline_errors(deadline):
        raise ValidationError({"deadline": errors}, code="deadline")
    validated = plan_review_validate(review=review, actor=actor, expected_version=expected_version)
    return _open(_lock_review(validated), actor, deadline, base_url)


def _notify_respondents(period: ReplyPeriod, base_url: str) -> None:
    subject = period.subject
    emails = list(
        Membership.objects.respondents()
        .filter(organization_id=subject.organization_id, country_id=_country_id(subject))
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if not emails:
        return
    if period.review_id:
        link = base_url.rstrip("/") + reverse("replies:review", kwargs={"pk": subject.pk})
        context = {"review": subject, "period": period, "link": link}
        templates = (
            "indicators/reply/review_notify_subject.txt",
            "indicators/reply/review_notify_email.txt",
        )
    else:
        link = base_url.rstrip("/") + reverse(
            "replies:detail",
            kwargs={
                "iso3": subject.country_id,
                "year": subject.year,
                "org": subject.organization.slug,
            },
        )
        context = {"assessment": subject, "period": period, "link": link}
        templates = "indicators/reply/notify_subject.txt", "indicators/reply/notify_email.txt"
    subject = render_to_string(templates[0], context).strip()
    body = render_to_string(templates[1], context)
    transaction.on_commit(lambda: send_mail(subject, body, None, emails))


def _lock_open_period(period: ReplyPeriod) -> ReplyPeriod:
    locked = ReplyPeriod.objects.select_for_update().get(pk=period.pk)
    if not ReplyPeriod.objects.open().filter(pk=locked.pk).exists():
        raise ValidationError(
            _("The right-of-reply period ended on %(date)s; no reply can be saved or changed.")
            % {"date": locked.deadline.isoformat()}
            if locked.closed_at is None
            else _("The organization closed the right-of-reply period; it takes no more replies."),
            code="period_ended",
        )
    return locked


@transaction.atomic
def reply_save(
    *, period: ReplyPeriod, actor: User, replies: Mapping[str, str]
) -> list[GovernmentReply]:
    """A government respondent of the organization, for the assessment's country, saves her
    replies while the period is open: ``{"overall" or indicator code: text}`` (for a plan
    review: ``{"overall" or criterion code: text}``). An empty text withdraws that reply.
    The answer: the period's replies after saving."""
    assessment = _lock_subject(period)
    country = assessment.country if period.assessment_id else assessment.plan.country
    if not is_respondent(actor=actor, assessment=assessment):
        raise PermissionDenied(
            _("Only a government respondent of %(country)s for %(org)s may reply.")
            % {"country": country.name, "org": assessment.organization}
        )
    locked = _lock_open_period(period)
    if period.review_id:
        target, targets = "criterion", {c.code: c for c in assessment.framework.criteria.all()}
        unknown = _("%(code)s is not a criterion of this review.")
    else:
        target, targets = "indicator", {i.code: i for i in Indicator.objects.all()}
        unknown = _("%(code)s is not an indicator.")
    errors: dict[str, list[str]] = {}
    for key, text in replies.items():
        if key != OVERALL and key not in targets:
            errors[key] = [unknown % {"code": key}]
        elif len((text or "").strip()) > REPLY_MAX_LENGTH:
            errors[key] = [
                _("A reply may be at most %(n)d characters long.") % {"n": REPLY_MAX_LENGTH}
            ]
    if errors:
        raise ValidationError(errors, code="invalid_reply")
    existing = {_key(r): r for r in locked.replies.select_related("indicator", "criterion")}
    changed = False
    now = timezone.now()
    for key, text in replies.items():
        text = (text or "").strip()
        reply = existing.get(key)
        if not text:
            if reply is not None:
                stamp(reply, actor, "Withdrawn")
                reply.delete()
                changed = True
            continue
        if reply is not None and reply.text == text:
            continue
        if reply is None:
            reply = GovernmentReply(period=locked, **{target: targets.get(key)})
        reply.text, reply.submitted_by, reply.submitted_at = text, actor, now
        reply.full_clean()
        stamp(reply, actor, "Submitted")
        reply.save()
        changed = True
    if changed:
        stamp(assessment, actor, "Government reply received")
        assessment.save()
    return list(locked.replies.select_related("indicator", "criterion"))


def _key(reply: GovernmentReply) -> str:
    if reply.indicator_id:
        return reply.indicator.code
    return reply.criterion.code if reply.criterion_id else OVERALL


@transaction.atomic
def reply_period_close(*, period: ReplyPeriod, actor: User) -> ReplyPeriod:
    """The organization publishes before the deadline, once the government has replied."""
    assessment = _lock_subject(period)
    if not may_manage_replies(actor=actor, assessment=assessment):
        raise PermissionDenied(
            _("Only a reviewer of %(org)s may do this.") % {"org": assessment.organization}
        )
    locked = _lock_open_period(period)
    if not locked.replies.exists():
        raise ValidationError(
            _(
                "The government has not replied yet: the period can be closed early only once "
                "a reply is in. Without one, the result is published after the deadline."
            ),
            code="no_reply_yet",
        )
    locked.closed_at, locked.closed_by = timezone.now(), actor
    stamp(locked, actor, "Closed")
    locked.save()
    stamp(assessment, actor, "Right of reply closed")
    assessment.save()
    return locked
