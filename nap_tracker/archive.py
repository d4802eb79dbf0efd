"""``GET /api/v1/download/``: every published list as CSV in one ZIP, with a README.

The lists are ``nap_tracker.api.ARCHIVE_RESOURCES`` (router prefixes, in file order), each
exported by its own list view exactly as ``?format=csv`` exports it to an anonymous caller
with no filter: published data only, whoever asks (decision 68). The ZIP is written into a
``SpooledTemporaryFile`` (memory up to ``SPOOL_BYTES``, then disk), each CSV streamed into
it row by row, so memory stays bounded; then it is hashed for its ``ETag`` and sent. Its
entries are dated the day it was generated, so the same data on the same day gives the same
bytes and a 304 to a matching ``If-None-Match``. The README (English, like the schema)
gives the date, the current methodology with its parameters, the data's sources, which rows
are sample data, how to cite it and every column's meaning.
"""

import copy
import datetime
import tempfile
import zipfile
from collections import Counter
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from nap_tracker.conditional import ConditionalGetMixin, chunks_etag
from nap_tracker.exports import CSVRenderer, write_csv

# Memory the archive may take before it spills to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
READ_CHUNK = 64 * 1024
ZIP_MEDIA_TYPE = "application/zip"


def anonymous_request(request) -> Request:
    """A copy of ``request`` with no query and no user: what anyone may see."""
    plain = copy.copy(request._request)
    plain.GET = QueryDict()
    plain.user = AnonymousUser()
    anonymous = Request(plain, authenticators=())
    anonymous.user = AnonymousUser()
    anonymous.accepted_renderer = CSVRenderer()
    anonymous.accepted_media_type = CSVRenderer.media_type
    return anonymous


def list_view(viewset, request):
    """The viewset's list view, set up as for a GET of its list by ``request``."""
    view = viewset(action="list", format_kwarg=None, kwargs={}, args=())
    view.request = request
    view.headers = {}
    return view


class Export:
    """One list of the archive: its file, rows, sample rows and columns (for the README)."""

    def __init__(self, prefix, view):
        self.prefix = prefix
        self.filename = f"{prefix}.csv"
        self.view = view
        self.columns = view.export_columns()
        self.summary = " ".join((view.__doc__ or "").strip().split("\n\n")[0].split())
        self.rows = 0
        self.sample_rows = 0
        self.sources = Counter()

    def rows_for_archive(self):
        sample_paths = [c.path for c in self.columns if c.path[-1] == "is_sample"]
        queryset = self.view.filter_queryset(self.view.get_queryset())
        for row in self.view.export_rows(queryset):
            if any(_at(row, path) is True for path in sample_paths):
                self.sample_rows += 1
            source = row.get("source_url")
            if source:
                self.sources[urlsplit(source).netloc] += 1
            yield row


def _at(row, path):
    for key in path:
        row = row.get(key) if isinstance(row, dict) else None
    return row


def build_archive(request, resources) -> tuple[tempfile.SpooledTemporaryFile, str]:
    """The ZIP, at its start, and its file name."""
    from indicators.models import Methodology  # noqa: PLC0415 - the app's models, late

    today = timezone.now().date()
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    anonymous = anonymous_request(request)
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
    exports = []
    with translation.override("en"), zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zf:
        for prefix, viewset in resources:
            export = Export(prefix, list_view(viewset, anonymous))
            member = zipfile.ZipInfo(export.filename, stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(member, "w") as stream:
                export.rows = write_csv(stream, export.columns, export.rows_for_archive())
            exports.append(export)
        methodology = Methodology.objects.filter(is_current=True).first()
        readme = zipfile.ZipInfo("README.md", stamp)
        readme.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(readme, render_readme(request, today, methodology, exports))
    output.seek(0)
    return output, f"nap_tracker-data-{today.isoformat()}.zip"


# --- README -------------------------------------------------------------------------------


def _methodology_section(request, methodology) -> list[str]:
    if methodology is None:
        return ["No methodology version is marked current.", ""]
    parameters = methodology.parameters or {}
    thresholds = ", ".join(
        f"{name} from {threshold}" for threshold, name in parameters.get("band_thresholds", [])
    )
    targets = ", ".join(
        f"{key} {target}%" for key, target in sorted(parameters.get("ratio_targets", {}).items())
    )
    api = request.build_absolute_uri(
        reverse("api:methodology-detail", kwargs={"version": methodology.version})
    )
    page = request.build_absolute_uri("/methodology/")
    return [
        f"Current version: **{methodology.version}**, published on "
        f"{methodology.published_on.isoformat()}. {methodology.description}",
        "",
        "Its parameters (all of them, as stored, are in `methodologies.csv`, column "
        f"`parameters`, and at {api}):",
        "",
        f"- parity share: {parameters.get('parity_share', '?')}% women counts as 100;",
        f"- ratio targets: {targets or 'none'};",
        f"- overall score floor before the geometric mean: {parameters.get('geometric_floor')};",
        f"- bands: {parameters.get('lowest_band', '?')} below the first threshold, "
        f"then {thresholds or 'none'};",
        f"- scores rounded half-up to {parameters.get('decimal_places', '?')} decimal place(s).",
        "",
        "Every score in `assessments.csv` and `countries.csv` names the version that made it "
        f"(`methodology`). The method is explained at {page}.",
        "",
    ]


def _sources_section(request, exports) -> list[str]:
    by_name = {export.prefix: export for export in exports}
    lines = [
        "- **Countries**: ISO 3166-1 codes and names (pycountry, Debian iso-codes), UN M49 "
        "regions and sub-regions (https://unstats.un.org/unsd/methodology/m49/) and UN "
        "membership (country_converter, https://www.un.org/en/about-us/non-member-states).",
    ]
    plans = by_name.get("plans")
    if plans is not None:
        domains = ", ".join(f"{domain} ({n})" for domain, n in plans.sources.most_common(8))
        lines.append(
            "- **Plans**: facts found in public sources, one source per plan in `source_url` "
            f"({sum(plans.sources.values())} of {plans.rows} plans name one; most cited: "
            f"{domains or 'none'}). A field no source states is empty, never guessed; `notes` "
            "records where sources disagree."
        )
    indicators = by_name.get("indicators")
    if indicators is not None:
        lines.append(
            "- **Indicators**: the Global Network of Women Peacebuilders' (GNWP) *Women Count* "
            "indicators; `source_url` names each one's source. Where `wording_verified` is "
            "false the title is a working title, not GNWP's verbatim wording."
        )
    lines += [
        "- **Assessments**: entered by the partner organizations in `organizations.csv` and "
        "validated by a reviewer; the evidence of every value (source, page, quote) is on the "
        "assessment's scorecard page (`page_url`).",
        f"- Documentation: {request.build_absolute_uri('/api/docs/')} (the API) and "
        f"{request.build_absolute_uri('/methodology/')} (the scoring method).",
        "",
    ]
    return lines


READING = [
    "## Reading the files",
    "",
    "- UTF-8 without a byte-order mark, comma-separated, double-quoted where needed, one "
    "header row; each row is a row of the API's JSON list (`/api/v1/<file name>/`), with the "
    "same columns.",
    "- Nested objects are flattened to dotted column names (`clusters.participation.score`); "
    "when the object is null all its columns are empty.",
    "- Lists and free-form objects (`documents`, `countries`, `components`, `parameters`) are "
    'one cell of compact JSON (`["NOR","SWE"]`; `[]` when empty).',
    "- An empty cell is null or empty text; booleans are `true` and `false`.",
    "- A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return starts "
    "with an added `'`, so that spreadsheets do not run it as a formula; remove it to get the "
    "text as the JSON gives it.",
    "",
    "```python",
    "import zipfile, pandas as pd",
    'archive = zipfile.ZipFile("nap_tracker-data.zip")',
    'assessments = pd.read_csv(archive.open("assessments.csv"))',
    'real = assessments[~assessments["is_sample"]]',
    "```",
    "",
    "```r",
    'assessments <- read.csv(unz("nap_tracker-data.zip", "assessments.csv"), encoding = "UTF-8")',
    "real <- subset(assessments, !is_sample)",
    "```",
    "",
]


LINK_NOTES = {
    "url": "the row's address in the API (JSON).",
    "page_url": "the row's page on the site.",
    "scores_url": "the assessment's score rows in the API (overall, clusters, indicators).",
}


def column_note(column) -> str:
    """``: what the column means``, unless its label only repeats its name."""
    note = LINK_NOTES.get(column.name) or column.description
    if not note or note.lower() == column.path[-1].replace("_", " ").lower():
        return ""
    return f": {note}"


def render_readme(request, today: datetime.date, methodology, exports) -> str:
    site = request.build_absolute_uri("/")
    archive = request.build_absolute_uri(reverse("api:download"))
    version = methodology.version if methodology else "?"
    lines = [
        "# nap_tracker data archive",
        "",
        f"Generated on {today.isoformat()} (UTC) from {site}: national action plans on UN "
        "Security Council resolution 1325 (women, peace and security) and their scores on "
        "GNWP's eleven Women Count indicators.",
        "",
        "Published data only, whoever downloaded it: validated assessments, published plans, "
        "active organizations. Each file is what the API's list of the same name answers, "
        "in full, as CSV.",
        "",
        "## Files",
        "",
        "| File | Rows | Sample rows | What a row is |",
        "| --- | ---: | ---: | --- |",
        *(f"| `{e.filename}` | {e.rows} | {e.sample_rows} | {e.summary} |" for e in exports),
        "",
        "## Methodology",
        "",
        *_methodology_section(request, methodology),
        "## Sources",
        "",
        *_sources_section(request, exports),
        "## Sample data",
        "",
        "Rows whose `is_sample` column is `true` (in `countries.csv`: "
        "`latest_assessment.is_sample`) are sample data made to demonstrate the site, not a "
        "real monitoring report or plan: leave them out of any analysis. The table above "
        "counts them per file.",
        "",
        "## How to cite",
        "",
        f"> nap_tracker ({today.year}). *National action plans on UNSCR 1325 and Women Count "
        f"scores*, data archive generated {today.isoformat()}, methodology version {version}. "
        f"{archive}",
        "",
        "Cite also the sources of the rows you use (`source_url`) and GNWP's Women Count "
        "indicators.",
        "",
        *READING,
        "## Columns",
        "",
    ]
    for export in exports:
        lines += [f"### {export.filename}", ""]
        lines += [f"- `{column.name}`{column_note(column)}" for column in export.columns]
        lines.append("")
    return "\n".join(lines)


# --- The view -----------------------------------------------------------------------------


def archive_resources():
    """(prefix, viewset) of each list in ``nap_tracker.api.ARCHIVE_RESOURCES``, in order."""
    from nap_tracker.api import ARCHIVE_RESOURCES, router  # noqa: PLC0415 - it imports this

    viewsets = {prefix: viewset for prefix, viewset, _ in router.registry}
    return [(prefix, viewsets[prefix]) for prefix in ARCHIVE_RESOURCES]


class DownloadView(ConditionalGetMixin, APIView):
    """Every published list as CSV in one ZIP, with a README for citation."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Download everything: every published list as CSV in one ZIP",
        description="A ZIP archive with one CSV per list of the API (countries, plans, "
        "indicators, methodologies, organizations, assessments), each exactly what "
        "`?format=csv` of that list answers an anonymous caller with no filter: published data "
        "only, whoever asks, whether signed in or not. Its `README.md` gives the date it was "
        "generated, the current methodology version with its parameters, the data's sources, "
        "which rows are sample data, how to cite the archive and what every column means. "
        "Its entries are dated the day it is generated: the same data on the same day gives "
        "the same bytes, so `If-None-Match` with its `ETag` answers 304.",
        responses={
            (200, ZIP_MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The ZIP, as an attachment named `nap_tracker-data-<YYYY-MM-DD>.zip`.",
            )
        },
    )
    def get(self, request, *args, **kwargs):
        output, filename = build_archive(request, archive_resources())
        etag = chunks_etag(ZIP_MEDIA_TYPE, iter(lambda: output.read(READ_CHUNK), b""))
        output.seek(0)
        response = FileResponse(
            output, as_attachment=True, filename=filename, content_type=ZIP_MEDIA_TYPE
        )
        response.body_etag = etag  # ConditionalGetMixin's validators for a streamed body
        return response
