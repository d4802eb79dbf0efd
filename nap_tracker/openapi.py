"""The API's OpenAPI AutoSchema: drf-spectacular's, plus the answers every view can give.

Every throttled operation documents ``429`` (``{"detail": ...}`` with ``Retry-After``);
every read operation of a ``ConditionalGetMixin`` view documents ``ETag`` and
``Last-Modified`` on its 200 and ``304 Not Modified`` (nap_tracker.conditional).
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from nap_tracker.conditional import ConditionalGetMixin

NOT_MODIFIED = {
    "description": (
        "Not Modified: the `If-None-Match` sent holds this answer's `ETag` (or, without "
        "`If-None-Match`, `If-Modified-Since` is no earlier than its `Last-Modified`), so the "
        "copy the caller has is current. No body; the same `ETag` and `Last-Modified`."
    )
}


def too_many_requests():
    from indicators.api.schema import ErrorDetailSerializer  # the API's one error shape

    return OpenApiResponse(
        ErrorDetailSerializer,
        description=(
            "Too many requests from this address (anonymous) or account (signed in or with a "
            "token) in the current period; `Retry-After` says how many seconds to wait."
        ),
        examples=[
            OpenApiExample(
                "Throttled",
                value={"detail": "Too many requests. Try again in 42 seconds."},
            )
        ],
    )


VALIDATORS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="Weak validator of this exact answer; send it back as `If-None-Match`.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="When this answer was first served as it is; for `If-Modified-Since`.",
    ),
]
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request.",
)


class AutoSchema(openapi.AutoSchema):
    def is_conditional(self) -> bool:
        return isinstance(self.view, ConditionalGetMixin) and self.method == "GET"

    def is_throttled(self) -> bool:
        return bool(getattr(self.view, "throttle_classes", None))

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.is_conditional():
            parameters += VALIDATORS
        if self.is_throttled():
            parameters.append(RETRY_AFTER)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.is_conditional() and "304" not in responses:
            headers = self._get_response_headers_for_code("304", direction)
            responses["304"] = {**NOT_MODIFIED, **({"headers": headers} if headers else {})}
        if self.is_throttled() and "429" not in responses:
            responses["429"] = self._get_response_for_code(
                too_many_requests(), "429", direction=direction
            )
        return responses
