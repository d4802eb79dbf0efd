"""The API's JSON parser: hostile bodies answer 400, never 500."""

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

# JSON may spell a lone UTF-16 surrogate ("\ud800"); Python decodes it into a str that no
# encoding can write, so it would fail wherever it goes next: the database, a log line, or
# the error reply that quotes it back (the 500 this parser prevents).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# At most this many bad strings are reported, so that an error reply stays small.
MAX_REPORTED = 20
BODY = "__all__"  # where an error about the body as a whole is keyed

SURROGATE_IN_VALUE = _(
    "This text contains a lone UTF-16 surrogate (%(char)s), which is not a character: "
    "send valid Unicode."
)
SURROGATE_IN_KEY = _(
    "This key contains a lone UTF-16 surrogate (%(char)s), which is not a character: "
    "send valid Unicode."
)


def escaped(text: str, limit: int = 60) -> str:
    """``text`` with every lone surrogate written as a ``\\udxxx`` escape, shortened."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first_surrogate(text: str) -> str:
    return escaped(LONE_SURROGATE.search(text).group())


def _strings_with_lone_surrogates(data: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path of escaped keys, message) for each bad key or string value, depth first.

    Iterative, so that a body nested as deeply as the JSON parser allows is walked too.
    A bad key is reported once; what lies under it is not walked.
    """
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if LONE_SURROGATE.search(value):
                yield path, SURROGATE_IN_VALUE % {"char": _first_surrogate(value)}
        elif isinstance(value, dict):
            children = []
            for key, child in value.items():
                if LONE_SURROGATE.search(key):
                    yield (
                        (*path, escaped(key)),
                        SURROGATE_IN_KEY % {"char": _first_surrogate(key)},
                    )
                else:
                    children.append(((*path, escaped(key)), child))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(((*path, str(i)), child) for i, child in reversed(list(enumerate(value))))


def lone_surrogate_errors(data: Any) -> dict[str, Any]:
    """Errors keyed like the body (nested by key, list items by index); empty if all is well."""
    errors: dict[str, Any] = {}
    found = False
    for count, (path, message) in enumerate(_strings_with_lone_surrogates(data)):
        if count == MAX_REPORTED:
            break
        found = True
        node = errors
        for key in path[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):  # a literal "\\ud800" key beside a bad one
                break
        else:
            messages = node.setdefault(path[-1] if path else BODY, [])
            if isinstance(messages, list):
                messages.append(message)
    if found and not errors:  # every place clashed with another: say it of the body
        errors[BODY] = [SURROGATE_IN_VALUE % {"char": "\\udxxx"}]
    return errors


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, refusing what Python decodes but cannot handle.

    A body nested too deeply for Python is a parse error; a lone surrogate anywhere in a
    key or a string is a validation error naming where it is, with the surrogate escaped.
    Every view that reads JSON gets both checks here, once, before it sees the data.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON parse error - the body is nested too deeply.")) from exc
        errors = lone_surrogate_errors(data)
        if errors:
            raise ValidationError(errors)
        return data
