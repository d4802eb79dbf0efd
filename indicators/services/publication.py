"""How an assessment is published: anonymously or not, and under embargo until a date
(assessor safety, decisions 101–104). The rules of what that hides are in
``nap_tracker.publication``; these are the writes."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Assessment
from indicators.services.assessments import stamp
from organizations.models import Membership, User

# Who decides how their organization's results are published: the people who enter,
# review or administer them (not other roles, such as a government respondent).
PUBLICATION_ROLES = (Membership.Role.EDITOR, Membership.Role.REVIEWER, Membership.Role.ORG_ADMIN)


def may_set_publication(*, actor: User, organization) -> bool:
    """Editors, reviewers and org admins of the organization; site admins (staff)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return Membership.objects.filter(
        user=actor, organization=organization, role__in=PUBLICATION_ROLES
    ).exists()


def publication_reason(*, publish_anonymously: bool, embargo_until) -> str:
    """The history reason of a publication change, in plain words (English, as stored)."""
    who = "anonymously" if publish_anonymously else "under the organization's name"
    when = f"under embargo until {embargo_until.isoformat()}" if embargo_until else "no embargo"
    return f"Publication set: {who}, {when}"


@transaction.atomic
def assessment_publication_set(
    *,
    assessment: Assessment,
    actor: User,
    publish_anonymously: bool,
    embargo_until: datetime.date | None,
) -> Assessment:
    """Publish the assessment anonymously or not, and hold it back until ``embargo_until``
    (``None``: no embargo). Whatever its status: a validated one changes on the public
    surfaces at once. Writes one history row with the reason."""
    if not may_set_publication(actor=actor, organization=assessment.organization):
        raise PermissionDenied(
            _("Only an editor, reviewer or admin of %(org)s may change how it publishes.")
            % {"org": assessment.organization}
        )
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.publish_anonymously = bool(publish_anonymously)
    locked.embargo_until = embargo_until
    locked.full_clean()
    stamp(
        locked,
        actor,
        publication_reason(publish_anonymously=publish_anonymously, embargo_until=embargo_until),
    )
    locked.save(update_fields=["publish_anonymously", "embargo_until", "updated_at"])
    return locked
