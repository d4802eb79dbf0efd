"""The government's right of reply: the role, the services, the publication rule, the cache."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indicators import published_data, right_of_reply
from indicators.models import Assessment, GovernmentReply, ReplyPeriod
from indicators.services import (
    assessment_reopen,
    assessment_rescore,
    assessment_submit,
    assessment_validate,
    assessment_validate_with_reply,
    reply_period_close,
    reply_period_open,
    reply_save,
)
from nap_tracker.public.views.countries import content_key
from organizations.models import Membership
from organizations.services import invitation_accept, invitation_create, membership_change_role
from plans.models import Country
from tests.factories import (
    AssessmentFactory,
    CoverageFactory,
    MembershipFactory,
    ReplyPeriodFactory,
    UserFactory,
    add_values,
)

pytestmark = pytest.mark.django_db

WC04 = {"WC04": {"components": {"peacekeepers": {"women": 14, "men": 86}}}}


def today() -> date:
    return timezone.now().astimezone(UTC).date()


def submitted(organization, editor, year=2024):
    assessment = AssessmentFactory(
        organization=organization,
        year=year,
        status="submitted",
        submitted_by=editor,
        submitted_at=timezone.now(),
        validated_at=None,
    )
    add_values(assessment, WC04)
    assessment_rescore(assessment=assessment)
    return assessment


@pytest.fixture
def in_reply(organization, editor, reviewer, respondent):
    """Validated by the reviewer with a right of reply open for a week."""
    assessment = submitted(organization, editor)
    assessment_validate_with_reply(
        assessment=assessment, actor=reviewer, deadline=today() + timedelta(days=7)
    )
    assessment.refresh_from_db()
    return assessment


def period_of(assessment) -> ReplyPeriod:
    return assessment.reply_periods.get()


def reasons(assessment) -> list[str]:
    return [h.history_change_reason for h in assessment.history.order_by("history_date")]


def is_published(assessment) -> bool:
    return Assessment.objects.published().filter(pk=assessment.pk).exists()


def move_deadline(assessment, days_from_today: int) -> None:
    ReplyPeriod.objects.filter(assessment=assessment).update(
        deadline=today() + timedelta(days=days_from_today)
    )


# --- The role -------------------------------------------------------------------------------


def test_respondent_membership_needs_a_country_and_other_roles_have_none(organization):
    with pytest.raises(ValidationError):
        Membership(
            user=UserFactory(), organization=organization, role="gov_respondent"
        ).full_clean()
    with pytest.raises(ValidationError):
        Membership(
            user=UserFactory(), organization=organization, role="editor", country_id="NOR"
        ).full_clean()


def test_a_respondent_is_invited_for_a_country_the_organization_covers(organization):
    admin = MembershipFactory(organization=organization, role="org_admin").user
    with pytest.raises(ValidationError) as missing:
        invitation_create(
            actor=admin, organization=organization, email="gov@example.org", role="gov_respondent"
        )
    assert "country" in missing.value.message_dict
    with pytest.raises(ValidationError) as uncovered:
        invitation_create(
            actor=admin,
            organization=organization,
            email="gov@example.org",
            role="gov_respondent",
            country=Country.objects.get(iso3="SWE"),
        )
    assert uncovered.value.message_dict["country"] == [
        f"Owning Organization does not cover {Country.objects.get(iso3='SWE')}."
    ]
    invitation, _secret = invitation_create(
        actor=admin,
        organization=organization,
        email="gov@example.org",
        role="gov_respondent",
        country=Country.objects.get(iso3="NOR"),
        send=False,
    )
    membership = invitation_accept(invitation=invitation, password="a-long-gov-password-1")
    assert (membership.role, membership.country_id) == ("gov_respondent", "NOR")


def test_an_editor_invitation_carries_no_country(organization):
    admin = MembershipFactory(organization=organization, role="org_admin").user
    invitation, _secret = invitation_create(
        actor=admin,
        organization=organization,
        email="ed@example.org",
        role="editor",
        country=Country.objects.get(iso3="NOR"),
        send=False,
    )
    assert invitation.country is None


def test_a_respondent_role_cannot_be_changed_into_a_member_role(organization, respondent):
    admin = MembershipFactory(organization=organization, role="org_admin").user
    membership = Membership.objects.get(user=respondent)
    with pytest.raises(ValidationError, match="cannot be changed"):
        membership_change_role(membership=membership, actor=admin, role="editor")


def test_a_respondent_sees_no_draft_and_may_edit_review_or_submit_nothing(
    organization, editor, respondent
):
    draft = AssessmentFactory(organization=organization, status="draft", validated_at=None)
    add_values(draft, WC04)
    sent = submitted(organization, editor, year=2023)
    rows = Assessment.objects
    assert not rows.visible_to(respondent).filter(pk__in=[draft.pk, sent.pk]).exists()
    assert not rows.of_member(respondent).exists()
    assert not rows.editable_by(respondent).exists()
    assert not rows.reviewable_by(respondent).exists()
    with pytest.raises(PermissionDenied):
        assessment_submit(assessment=draft, actor=respondent)
    with pytest.raises(PermissionDenied):
        assessment_validate(assessment=sent, actor=respondent)


# --- Opening a period -----------------------------------------------------------------------


def test_validating_with_a_reply_period_keeps_the_assessment_off_the_public_site(
    in_reply, reviewer, respondent
):
    assert in_reply.status == "validated"
    assert not is_published(in_reply)
    assert not Assessment.objects.visible_to(UserFactory()).filter(pk=in_reply.pk).exists()
    period = period_of(in_reply)
    assert (period.opened_by, period.deadline) == (reviewer, today() + timedelta(days=7))
    assert reasons(in_reply)[-2:] == [
        "Validated",
        f"Right of reply opened until {period.deadline.isoformat()}",
    ]


def test_opening_a_period_emails_the_respondents_of_that_country_only(
    organization, editor, reviewer, respondent, django_capture_on_commit_callbacks
):
    CoverageFactory(organization=organization, country_id="SWE")
    MembershipFactory(
        organization=organization,
        role="gov_respondent",
        country_id="SWE",
        user__email="gov-sweden@example.org",
    )
    assessment = submitted(organization, editor)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_validate_with_reply(
            assessment=assessment,
            actor=reviewer,
            deadline=today() + timedelta(days=10),
            base_url="https://tracker.example.org/",
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [respondent.email]
    assert "https://tracker.example.org/replies/NOR/2024/owning-org/" in mail.outbox[0].body


@pytest.mark.parametrize("days", [0, -1, 91])
def test_a_deadline_must_be_from_tomorrow_to_ninety_days_ahead(
    organization, editor, reviewer, days
):
    assessment = submitted(organization, editor)
    with pytest.raises(ValidationError) as refused:
        assessment_validate_with_reply(
            assessment=assessment, actor=reviewer, deadline=today() + timedelta(days=days)
        )
    assert "deadline" in refused.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == "submitted"  # nothing validated either


def test_a_published_assessment_cannot_be_taken_back_for_reply(organization, reviewer):
    published = AssessmentFactory(organization=organization)
    with pytest.raises(ValidationError, match="already public"):
        reply_period_open(
            assessment=published, actor=reviewer, deadline=today() + timedelta(days=5)
        )


def test_only_reviewers_of_the_owning_organization_open_or_close_a_period(
    in_reply, editor, other_editor, respondent
):
    for actor in (editor, other_editor, respondent):
        with pytest.raises(PermissionDenied):
            reply_period_close(period=period_of(in_reply), actor=actor)


def test_a_second_period_cannot_open_while_one_is_open(in_reply, admin_user):
    with pytest.raises(ValidationError, match="already open"):
        reply_period_open(
            assessment=in_reply, actor=admin_user, deadline=today() + timedelta(days=3)
        )


# --- Replies --------------------------------------------------------------------------------


def test_the_respondent_replies_overall_and_per_indicator_and_the_history_says_so(
    in_reply, respondent
):
    saved = reply_save(
        period=period_of(in_reply),
        actor=respondent,
        replies={
            "overall": " The plan is funded. ",
            "WC04": "Deployments rose in 2025.",
            "WC01": "",
        },
    )
    assert {(r.indicator.code if r.indicator else None, r.text) for r in saved} == {
        (None, "The plan is funded."),
        ("WC04", "Deployments rose in 2025."),
    }
    assert reasons(in_reply)[-1] == "Government reply received"
    reply_save(period=period_of(in_reply), actor=respondent, replies={"WC04": ""})
    assert GovernmentReply.objects.filter(indicator__code="WC04").count() == 0  # withdrawn


def test_a_reply_never_changes_the_score(in_reply, respondent):
    before = in_reply.score.as_dict()
    reply_save(period=period_of(in_reply), actor=respondent, replies={"WC04": "We disagree."})
    in_reply.score.refresh_from_db()
    assert in_reply.score.as_dict() == before


def test_respondents_of_another_country_or_organization_and_members_cannot_reply(
    in_reply, organization, other_organization, editor, reviewer
):
    CoverageFactory(organization=organization, country_id="SWE")
    sweden = MembershipFactory(
        organization=organization, role="gov_respondent", country_id="SWE"
    ).user
    CoverageFactory(organization=other_organization)
    elsewhere = MembershipFactory(
        organization=other_organization, role="gov_respondent", country_id="NOR"
    ).user
    for actor in (sweden, elsewhere, editor, reviewer):
        with pytest.raises(PermissionDenied):
            reply_save(period=period_of(in_reply), actor=actor, replies={"overall": "No."})
    assert not GovernmentReply.objects.exists()


def test_unknown_indicators_and_overlong_replies_are_refused(in_reply, respondent):
    with pytest.raises(ValidationError) as refused:
        reply_save(
            period=period_of(in_reply),
            actor=respondent,
            replies={"WC99": "x", "overall": "y" * 5001},
        )
    assert set(refused.value.message_dict) == {"WC99", "overall"}
    assert not GovernmentReply.objects.exists()


def test_the_deadline_day_still_takes_replies_and_the_day_after_publishes(in_reply, respondent):
    move_deadline(in_reply, 0)
    assert not is_published(in_reply)
    reply_save(period=period_of(in_reply), actor=respondent, replies={"overall": "In time."})
    move_deadline(in_reply, -1)
    assert is_published(in_reply)
    with pytest.raises(ValidationError, match="ended on"):
        reply_save(period=period_of(in_reply), actor=respondent, replies={"overall": "Late."})
    assert GovernmentReply.objects.get().text == "In time."


def test_closing_early_needs_a_reply_and_publishes(in_reply, reviewer, respondent):
    with pytest.raises(ValidationError, match="not replied yet"):
        reply_period_close(period=period_of(in_reply), actor=reviewer)
    reply_save(period=period_of(in_reply), actor=respondent, replies={"overall": "Noted."})
    reply_period_close(period=period_of(in_reply), actor=reviewer)
    assert is_published(in_reply)
    assert reasons(in_reply)[-1] == "Right of reply closed"
    with pytest.raises(ValidationError, match="closed"):
        reply_save(period=period_of(in_reply), actor=respondent, replies={"overall": "More."})


def test_the_organization_may_reopen_during_the_period_and_the_respondent_sees_it(
    in_reply, reviewer, respondent
):
    assessment_reopen(assessment=in_reply, actor=reviewer, reason="A figure is wrong.")
    shown = Assessment.objects.for_respondent(respondent).open_for_reply()
    assert list(shown.values_list("status", flat=True)) == ["returned"]
    reply_save(period=period_of(in_reply), actor=respondent, replies={"overall": "Thanks."})


def test_a_respondent_reads_only_assessments_of_her_country_and_organization(
    in_reply, organization, other_organization
):
    CoverageFactory(organization=organization, country_id="SWE")
    sweden = MembershipFactory(
        organization=organization, role="gov_respondent", country_id="SWE"
    ).user
    CoverageFactory(organization=other_organization)
    elsewhere = MembershipFactory(
        organization=other_organization, role="gov_respondent", country_id="NOR"
    ).user
    assert not Assessment.objects.for_respondent(sweden).exists()
    assert not Assessment.objects.for_respondent(elsewhere).exists()


# --- The summary and the cache --------------------------------------------------------------


def test_summary_says_open_replied_or_no_reply(in_reply, respondent):
    periods = lambda: list(right_of_reply._periods().filter(assessment=in_reply))  # noqa: E731
    assert right_of_reply.summarize(periods(), today()).status == "open"
    later = today() + timedelta(days=8)
    assert right_of_reply.summarize(periods(), later).status == "no_reply"
    reply_save(period=period_of(in_reply), actor=respondent, replies={"WC04": "Partly."})
    summary = right_of_reply.summarize(periods(), later)
    assert (summary.status, summary.overall, summary.for_indicator("WC04").text) == (
        "replied",
        None,
        "Partly.",
    )
    assert right_of_reply.summarize([], today()) is None


def test_the_country_index_cache_key_changes_with_the_date(rf, monkeypatch):
    request = rf.get("/countries/")
    monkeypatch.setattr(published_data, "today", lambda: date(2027, 1, 1))
    first = content_key(request)
    monkeypatch.setattr(published_data, "today", lambda: date(2027, 1, 2))
    assert content_key(request) != first
    assert content_key(request) == content_key(request)


def test_published_data_today_is_the_utc_date():
    assert published_data.today() == datetime.now(UTC).date()


def test_the_country_index_shows_the_assessment_once_its_deadline_has_passed(
    client, organization, memory_cache
):
    assessment = AssessmentFactory(organization=organization, year=2024)
    add_values(assessment, WC04)
    assessment_rescore(assessment=assessment)
    ReplyPeriodFactory(assessment=assessment)
    norway = lambda: client.get("/countries/?q=NOR").content.decode()  # noqa: E731
    assert "/countries/NOR/2024/owning-org/" not in norway()
    move_deadline(assessment, -1)
    assert "/countries/NOR/2024/owning-org/" in norway()
