"""API views of indicators and the public score preview."""

from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators import scoring, scoring_messages
from indicators.api.serializers import IndicatorSerializer
from indicators.models import Indicator, Methodology
from indicators.services import methodology_parameters
from nap_tracker.parsers import SafeJSONParser


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The eleven Women Count indicators with their scoring components.

    `wording_verified` is false while a title is a working title, not GNWP's verbatim wording.
    """

    queryset = Indicator.objects.ordered()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    pagination_class = None


class ScorePreviewView(APIView):
    """Score a set of inputs with a methodology version, storing nothing.

    Body: `{"methodology": "1.0", "indicators": {"WC01": {"components": {...}}, ...}}`
    (see /methodology/). Answers 200 with every indicator, cluster and the overall score,
    or 400 with errors keyed by indicator, component and field.
    """

    permission_classes = [AllowAny]
    authentication_classes = []  # public and stateless: no session, so no CSRF token needed
    parser_classes = [SafeJSONParser]
    # The worked example is about 2 KB; anything far larger is not a score request.
    max_body_bytes = 64 * 1024

    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_body_bytes:
            return Response(
                {"detail": f"The body is {length} bytes; at most {self.max_body_bytes} are read."},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        try:
            version, inputs = scoring.parse_payload(request.data)
        except scoring.ScoringError as exc:
            # Same nesting as exc.errors, in the request's language (LocaleMiddleware).
            errors = scoring_messages.render_errors(exc.errors)
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        methodology = Methodology.objects.filter(version=version).first()
        if methodology is None:
            return Response(
                {"methodology": [f"Unknown methodology version {version!r}."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        result = scoring.score(inputs, methodology_parameters(methodology))
        return Response(result.as_dict())
