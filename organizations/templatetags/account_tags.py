"""Template filters of the account pages: when a locked-out sign-in may be tried again."""

import math
from datetime import UTC, timedelta

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def whole_minutes(delta: timedelta) -> int:
    """A cool-off period in minutes, rounded up (14 min 10 s is "15 minutes")."""
    return max(1, math.ceil(delta.total_seconds() / 60))


@register.filter
def retry_after(delta: timedelta) -> str:
    """The clock time (UTC, HH:MM) at which a cool-off that starts now ends."""
    return (timezone.now() + delta).astimezone(UTC).strftime("%H:%M")
