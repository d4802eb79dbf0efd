"""Assessor safety: how a published result names (or hides) its organization, and when it
may be published at all (embargo). One module for every public surface (decision 101).

Works on any object with ``publish_anonymously``, ``public_key``, ``embargo_until`` and an
``organization`` (assessments today, plan reviews later), and on ``values()`` records through
the ``*_expression`` helpers, so list pages and API rows keep their query counts.

- ``ANONYMOUS_LABEL``: the public name of an anonymous publisher.
- ``public_organization_name(obj)``, ``public_segment(obj)``: what the public sees.
- ``embargo_lifted()``: the embargo part of "published" as a ``Q``, compared in the database
  with today's UTC date (never a Python date frozen at import).
- ``identity_visible(user)``: a ``Q`` true on the rows whose organization ``user`` may see.
"""

import secrets
from datetime import UTC

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Now, TruncDate
from django.utils.translation import gettext_lazy as _

ANONYMOUS_LABEL = _("A civil-society organization")
KEY_PREFIX = "cso-"


def new_public_key() -> str:
    """A random, stable, non-guessable URL segment ("cso-" and 12 hex digits, 48 bits)."""
    return KEY_PREFIX + secrets.token_hex(6)


def today_utc():
    """Today's date in UTC, in the database (``TruncDate(Now())``)."""
    return TruncDate(Now(), tzinfo=UTC)


def embargo_lifted(prefix: str = "") -> Q:
    """No embargo, or its date has come (published ON that date)."""
    return Q(**{f"{prefix}embargo_until__isnull": True}) | Q(
        **{f"{prefix}embargo_until__lte": today_utc()}
    )


def is_embargoed(obj, today) -> bool:
    """Python twin of ``~embargo_lifted()`` for an object already loaded."""
    return obj.embargo_until is not None and obj.embargo_until > today


def public_organization_name(obj) -> str:
    """The organization's name, or the anonymous label."""
    if obj.publish_anonymously:
        return str(ANONYMOUS_LABEL)
    return obj.organization.name


def public_segment(obj) -> str:
    """The URL segment of the public pages and API: the public key when anonymous."""
    return obj.public_key if obj.publish_anonymously else obj.organization.slug


def segment_expression(prefix: str = ""):
    """``public_segment`` in SQL, for ``values()`` rows."""
    return Case(
        When(Q(**{f"{prefix}publish_anonymously": True}), then=F(f"{prefix}public_key")),
        default=F(f"{prefix}organization__slug"),
        output_field=CharField(),
    )


def organization_expression(user, prefix: str = "", field: str = "slug"):
    """The organization's ``field`` where ``user`` may see it (``identity_visible``), else
    NULL, for ``values()`` rows (the API's ``organization`` is null when anonymous)."""
    return Case(
        When(identity_visible(user, prefix), then=F(f"{prefix}organization__{field}")),
        default=Value(None),
        output_field=CharField(),
    )


def identity_visible(user, prefix: str = "") -> Q:
    """Rows whose organization ``user`` may see: not anonymous, or (internal views) the
    user's own organization's rows, or any row for staff."""
    if user is not None and user.is_authenticated and user.is_staff:
        return Q(pk__isnull=False) if not prefix else Q(**{f"{prefix}pk__isnull": False})
    named = Q(**{f"{prefix}publish_anonymously": False})
    if user is None or not user.is_authenticated:
        return named
    from organizations.models import Membership

    mine = Membership.objects.filter(user=user).values("organization_id")
    return named | Q(**{f"{prefix}organization_id__in": mine})


def segment_lookup(segment: str, user=None, prefix: str = "") -> Q:
    """Rows at this public URL segment: the public key of an anonymous row, or the slug of
    a named one. The slug of an anonymous row matches only for its own members and staff
    (``identity_visible``), so the public cannot confirm a guess."""
    by_key = Q(**{f"{prefix}publish_anonymously": True, f"{prefix}public_key": segment})
    by_slug = Q(**{f"{prefix}organization__slug": segment}) & identity_visible(user, prefix)
    return by_key | by_slug
