"""``/api/v1/releases/``: the dataset releases, their files with SHA-256, and citations."""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from indicators.api import schema
from indicators.models import Release, ReleaseFile
from nap_tracker import links
from nap_tracker.conditional import ConditionalGetMixin
from nap_tracker.exports import ExportMixin


class ReleaseFileSerializer(serializers.ModelSerializer):
    rows = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Data rows of a CSV; null for other files."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReleaseFile
        fields = ["name", "media_type", "size", "rows", "sha256", "url"]

    def get_url(self, file) -> str:
        """Where to download the file, byte for byte as stored (`ETag` is its SHA-256)."""
        path = reverse(
            "public:release_file",
            kwargs={"version": self.context["versions"][file.release_id], "name": file.name},
        )
        return links.origin(self.context["request"]) + path


class CitationSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The suggested citation as one line of text.")
    bibtex = serializers.CharField(help_text="A BibTeX `@dataset` entry.")
    csl_json = serializers.JSONField(help_text="CSL-JSON (a list of one `dataset` item).")


class ReleaseSerializer(serializers.ModelSerializer):
    changes = serializers.JSONField(
        read_only=True,
        help_text="What changed since the previous release: `new_assessments`, `corrections` "
        "(with `fields` and history `reasons`), `withdrawn_assessments`, `new_plans`, "
        "`methodology` (`added`, `current_before`, `current`), `first_release`.",
    )
    methodology_versions = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Methodology versions in force."
    )
    files = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = [
            "version",
            "title",
            "notes",
            "changes",
            "changes_text",
            "cut_at",
            "methodology_versions",
            "is_sample",
            "citation",
            "files",
            "url",
            "page_url",
        ]

    def get_files(self, release) -> ReleaseFileSerializer(many=True):
        context = {**self.context, "versions": {release.pk: release.version}}
        return ReleaseFileSerializer(release.file_list, many=True, context=context).data

    def get_citation(self, release) -> CitationSerializer:
        return {
            "text": release.citation_text,
            "bibtex": release.citation_bibtex,
            "csl_json": release.citation_csl,
        }

    def get_url(self, release) -> str:
        return links.absolute(
            self.context["request"], "api:release-detail", version=release.version
        )

    def get_page_url(self, release) -> str:
        """The release's page on the site."""
        return links.absolute(
            self.context["request"], "public:release_detail", version=release.version
        )


VERSION = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The release's version, `YYYY.N` (`2027.1`).",
    pattern=r"^[0-9]{4}\.[1-9][0-9]*$",
)


@extend_schema_view(
    list=extend_schema(
        summary="List the dataset releases",
        description="Every dataset release, newest first: frozen copies of everything "
        "published when they were cut, with their notes, what changed since the previous "
        "one, the suggested citation (text, BibTeX, CSL-JSON) and their files with size, "
        "rows and SHA-256. Add `?release=<version>` to a list of the download archive (or "
        "one of its items) to get it exactly as at that release. `is_sample` true marks a "
        "demonstration release. Paginated: 50 rows a page, `page_size` up to 250.",
        parameters=schema.PAGINATION_PARAMETERS,
        responses={200: ReleaseSerializer(many=True), **schema.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One dataset release with its files and citation",
        description="One release by its version: the same fields as a row of the list.",
        parameters=[VERSION],
        responses={200: ReleaseSerializer, 404: schema.not_found("dataset release", "Release")},
    ),
)
class ReleaseViewSet(ConditionalGetMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Dataset releases: frozen, citable copies of the published data, newest first."""

    serializer_class = ReleaseSerializer
    lookup_field = "version"
    lookup_value_regex = r"[0-9A-Za-z._-]+"  # not a release: a 404 with the message

    def get_queryset(self):
        files = ReleaseFile.objects.defer("content").order_by("position")
        return Release.objects.order_by("-cut_at", "-pk").prefetch_related(
            Prefetch("files", queryset=files, to_attr="file_list")
        )
