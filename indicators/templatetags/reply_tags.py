"""Template filters of the right of reply: a reply or a reply field by indicator code."""

from django import template

register = template.Library()


@register.filter
def reply_for(reply, code: str):
    """The government's reply to indicator ``code`` (a ``right_of_reply.Reply``), or None."""
    return reply.for_indicator(code) if reply else None


@register.filter
def reply_field(form, code: str):
    """The bound reply field of indicator ``code`` on the respondent's form."""
    return form[code]
