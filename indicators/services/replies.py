"""The government's right of reply: open a period, save replies, close it (decisions 96–100).

A validated assessment with an open period is not published (``querysets.published_condition``);
every step writes a history row of the assessment with its reason, so the assessment's
history page tells the story: "Right of reply opened until …", "Government reply received",
"Right of reply closed".
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


def may_manage_replies(*, actor: User, assessment: Assessment) -> bool:
    """Reviewers and org admins of the owning organization, and staff, open and close periods."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return (
        Membership.objects.of_user(actor, Membership.REVIEWING_ROLES)
        .filter(organization_id=assessment.organization_id)
        .exists()
    )


def is_respondent(*, actor: User, assessment: Assessment) -> bool:
    """The actor is a government respondent of the owning organization for its country."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return (
        Membership.objects.respondents()
        .filter(
            user=actor,
            organization_id=assessment.organization_id,
            country_id=assessment.country_id,
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


def _open(locked: Assessment, actor: User, deadline: date, base_url: str) -> ReplyPeriod:
    if errors := deadline_errors(deadline):
        raise ValidationError({"deadline": errors}, code="deadline")
    if locked.status != Assessment.Status.VALIDATED:
        raise ValidationError(
            _("Only a validated assessment can be opened for reply."), code="wrong_status"
        )
    current = ReplyPeriod.objects.open().filter(assessment=locked).first()
    if current is not None:
        raise ValidationError(
            _("A right-of-reply period is already open until %(date)s.")
            % {"date": current.deadline.isoformat()},
            code="already_open",
        )
    period = ReplyPeriod(
        assessment=locked, opened_by=actor, opened_at=timezone.now(), deadline=deadline
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


def _notify_respondents(period: ReplyPeriod, base_url: str) -> None:
    assessment = period.assessment
    emails = list(
        Membership.objects.respondents()
        .filter(organization_id=assessment.organization_id, country_id=assessment.country_id)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if not emails:
        return
    link = base_url.rstrip("/") + reverse(
        "replies:detail",
        kwargs={
            "iso3": assessment.country_id,
            "year": assessment.year,
            "org": assessment.organization.slug,
        },
    )
    context = {"assessment": assessment, "period": period, "link": link}
    subject = render_to_string("indicators/reply/notify_subject.txt", context).strip()
    body = render_to_string("indicators/reply/notify_email.txt", context)
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
    replies while the period is open: ``{"overall" or indicator code: text}``. An empty
    text withdraws that reply. The answer: the period's replies after saving."""
    assessment = _lock(period.assessment)
    if not is_respondent(actor=actor, assessment=assessment):
        raise PermissionDenied(
            _("Only a government respondent of %(country)s for %(org)s may reply.")
            % {"country": assessment.country.name, "org": assessment.organization}
        )
    locked = _lock_open_period(period)
    indicators = {i.code: i for i in Indicator.objects.all()}
    errors: dict[str, list[str]] = {}
    for key, text in replies.items():
        if key != OVERALL and key not in indicators:
            errors[key] = [_("%(code)s is not an indicator.") % {"code": key}]
        elif len((text or "").strip()) > REPLY_MAX_LENGTH:
            errors[key] = [
                _("A reply may be at most %(n)d characters long.") % {"n": REPLY_MAX_LENGTH}
            ]
    if errors:
        raise ValidationError(errors, code="invalid_reply")
    existing = {
        (r.indicator.code if r.indicator_id else OVERALL): r
        for r in locked.replies.select_related("indicator")
    }
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
            reply = GovernmentReply(period=locked, indicator=indicators.get(key))
        reply.text, reply.submitted_by, reply.submitted_at = text, actor, now
        reply.full_clean()
        stamp(reply, actor, "Submitted")
        reply.save()
        changed = True
    if changed:
        stamp(assessment, actor, "Government reply received")
        assessment.save()
    return list(locked.replies.select_related("indicator"))


@transaction.atomic
def reply_period_close(*, period: ReplyPeriod, actor: User) -> ReplyPeriod:
    """The organization publishes before the deadline, once the government has replied."""
    assessment = _lock(period.assessment)
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
