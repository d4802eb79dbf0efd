"""The API's OpenAPI AutoSchema: drf-spectacular's, plus the answers every view can give.

Every throttled operation documents ``429`` (``{"detail": ...}`` with ``Retry-After``);
every read operation of a ``ConditionalGetMixin`` view documents ``ETag`` and
``Last-Modified`` on its 200 and ``304 Not Modified`` (nap_tracker.conditional); every list
of an ``ExportMixin`` view documents ``format`` and its CSV (and XLSX) 200 beside the JSON,
while its errors stay JSON only (nap_tracker.exports); every
operation that can refuse the credentials sent documents it (``403``, or ``401`` with
``WWW-Authenticate`` when the first authentication class names a scheme): one that takes
credentials other than the session (a token), or a write (the session's CSRF check).
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, IsAuthenticatedOrReadOnly

from nap_tracker import snapshots
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.exports import RENDERERS, ExportMixin

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


def bad_credentials(status: int):
    from indicators.api.schema import ErrorDetailSerializer

    challenge = " with `WWW-Authenticate`" if status == 401 else ""
    return OpenApiResponse(
        ErrorDetailSerializer,
        description=(
            f"The credentials sent are refused{challenge}: an unknown or revoked token, or a "
            "write with a session but without its CSRF token. A request without credentials "
            "is served as anonymous."
        ),
        examples=[
            OpenApiExample("Bad credentials", value={"detail": "Invalid token."}),
            OpenApiExample("No CSRF token", value={"detail": "CSRF Failed: CSRF token missing."}),
        ],
    )


def unknown_format():
    from indicators.api.schema import ErrorDetailSerializer

    return OpenApiResponse(
        ErrorDetailSerializer,
        description="`format` names no format of this list (or, when paginated, `page` is "
        "not one of its pages).",
        examples=[OpenApiExample("Unknown format", value={"detail": "Not found."})],
    )


def not_acceptable():
    from indicators.api.schema import ErrorDetailSerializer

    return OpenApiResponse(
        ErrorDetailSerializer,
        description="The `Accept` header names no media type this operation can answer with "
        "(content negotiation comes before authentication, so any operation may answer so).",
        examples=[
            OpenApiExample(
                "Not acceptable", value={"detail": "Could not satisfy the request Accept header."}
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
EXPORT_BODIES = {
    "csv": {
        "schema": {
            "type": "string",
            "description": "The whole filtered list as CSV (UTF-8, header row, one row per "
            "JSON row, nested objects as dotted columns, lists and objects as JSON cells), "
            "streamed; `Content-Disposition: attachment; filename=nap_tracker-<list>.csv`.",
        }
    },
    "xlsx": {
        "schema": {
            "type": "string",
            "format": "binary",
            "description": "The whole filtered list as an Excel workbook: one sheet, a header "
            "row, the CSV's columns with typed cells; text is never a formula.",
        }
    },
}


def format_parameter(formats) -> OpenApiParameter:
    names = ", ".join(f"`{name}`" for name in formats)
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", *formats],
        description=f"`json` (the default) or an export: {names} (or send `Accept: "
        "text/csv`). An export is the whole filtered, ordered list in one file, not a page: "
        "`page` and `page_size` are refused with it (400). Errors are JSON whatever the "
        "format. Exports carry no `ETag`: they are streamed, not hashed first.",
    )


def release_errors() -> dict:
    """What ``?release=`` adds to a read's answers (nap_tracker.snapshots)."""
    from indicators.api.schema import FIELD_ERRORS, ErrorDetailSerializer

    return {
        "400": OpenApiResponse(
            FIELD_ERRORS,
            description="With `release`: a parameter that does not go with it, or a bad "
            "`country` or `year`, keyed by the parameter's name.",
            examples=[
                OpenApiExample(
                    "Not with a release",
                    value={
                        "band": [
                            "This parameter does not go with ?release=: a release's list "
                            "takes only country, year, page and page_size."
                        ]
                    },
                )
            ],
        ),
        "404": OpenApiResponse(
            ErrorDetailSerializer,
            description="With `release`: no such release, or the item was not in it.",
            examples=[
                OpenApiExample(
                    "Unknown release",
                    value={
                        "detail": "There is no dataset release '2031.1'. The releases are "
                        "listed at /api/v1/releases/."
                    },
                )
            ],
        ),
    }


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request.",
)


class AutoSchema(openapi.AutoSchema):
    def get_auth(self):
        # drf-spectacular marks a read open to anonymous callers ({}) for DRF's own
        # IsAuthenticatedOrReadOnly only, not for its subclass ReadOnlyOrAuthenticated.
        auths = super().get_auth()
        open_read = self.method in SAFE_METHODS and any(
            isinstance(permission, IsAuthenticatedOrReadOnly)
            for permission in self.view.get_permissions()
        )
        if open_read and {} not in auths:
            auths.append({})
        return auths

    def is_conditional(self) -> bool:
        return isinstance(self.view, ConditionalGetMixin) and self.method == "GET"

    def is_throttled(self) -> bool:
        return bool(getattr(self.view, "throttle_classes", None))

    def export_formats(self) -> tuple[str, ...]:
        """The export formats of this operation: a GET of an ExportMixin list."""
        view = self.view
        if isinstance(view, ExportMixin) and self.method == "GET" and view.exports_here():
            return view.export_formats
        return ()

    def map_renderers(self, attribute):
        # Exports are added to the 200 only (_get_response_bodies): errors are JSON.
        found = super().map_renderers(attribute)
        if attribute == "media_type":
            exports = {renderer.media_type for renderer in RENDERERS.values()}
            found = [media_type for media_type in found if media_type not in exports]
        return found

    def failed_authentication_status(self) -> int | None:
        """DRF's answer to refused credentials: 401 if the first authenticator names a
        scheme (``WWW-Authenticate``), else 403; None if the operation cannot refuse any.

        A session is never refused on a read (an unknown session cookie is no session).
        """
        authenticators = self.view.get_authenticators()
        refuses = self.method not in SAFE_METHODS or any(
            not isinstance(authenticator, SessionAuthentication) for authenticator in authenticators
        )
        if not authenticators or not refuses:
            return None
        return 401 if authenticators[0].authenticate_header(self.view.request) else 403

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.export_formats():
            parameters.append(format_parameter(self.export_formats()))
        if self.is_conditional():
            parameters += VALIDATORS
        if self.is_throttled():
            parameters.append(RETRY_AFTER)
        if self.method == "GET" and snapshots.answers_releases(self.view):
            parameters.append(snapshots.SCHEMA_PARAMETER)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.export_formats() and "200" in responses:
            content = responses["200"].setdefault("content", {})
            for name in self.export_formats():
                content[RENDERERS[name].media_type] = EXPORT_BODIES[name]
        if self.export_formats() and "404" not in responses:  # ?format=unknown
            responses["404"] = self._get_response_for_code(
                unknown_format(), "404", direction=direction
            )
        if self.method == "GET" and snapshots.answers_releases(self.view):
            for code, response in release_errors().items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(
                        response, code, direction=direction
                    )
        if self.is_conditional() and "304" not in responses:
            headers = self._get_response_headers_for_code("304", direction)
            responses["304"] = {**NOT_MODIFIED, **({"headers": headers} if headers else {})}
        if self.is_throttled() and "429" not in responses:
            responses["429"] = self._get_response_for_code(
                too_many_requests(), "429", direction=direction
            )
        if "406" not in responses:  # a bad Accept header, for every operation
            responses["406"] = self._get_response_for_code(
                not_acceptable(), "406", direction=direction
            )
        failed = self.failed_authentication_status()
        if failed and str(failed) not in responses:
            responses[str(failed)] = self._get_response_for_code(
                bad_credentials(failed), str(failed), direction=direction
            )
        return responses
