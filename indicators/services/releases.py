"""``release_cut``: freeze everything published into an immutable dataset release.

Load (every list of ``nap_tracker.api.ARCHIVE_RESOURCES`` rendered as an anonymous client
gets it, by the download archive's own machinery; the previous release's items; the
assessments' history reasons since then) → compute (``indicators.release_changes``, pure)
→ write (the release, its files with their SHA-256, its snapshot records), in one
transaction. Nothing written here is ever changed afterwards (``indicators.release_models``).
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from indicators import release_changes
from indicators.models import Assessment, Methodology, Release, ReleaseFile, ReleaseRecord
from nap_tracker import archive
from nap_tracker.exports import write_csv
from organizations.models import User

ZIP_MEDIA_TYPE = "application/zip"
# Resources whose items the change summary compares.
COMPARED = ("assessments", "plans", "methodologies")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "cff": "text/plain; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json",
    "sha256": "text/plain; charset=utf-8",
    "zip": ZIP_MEDIA_TYPE,
}
MANIFEST = "MANIFEST.sha256"
CITATION_FIELDS = ("citation_text", "citation_bibtex", "citation_csl")


@dataclass
class Rendered:
    """One list as an anonymous client gets it: its CSV bytes and its JSON items."""

    prefix: str
    viewset: type
    export: archive.Export
    csv: bytes
    items: list[dict]


def site_request() -> Request:
    """A request to the site's own address (``SITE_URL``): the items' links point there."""
    parts = urlsplit(settings.SITE_URL)
    django_request = RequestFactory().get(
        "/api/v1/download/", HTTP_HOST=parts.netloc, secure=parts.scheme == "https"
    )
    # The host is the site's own setting, not a caller's header: no ALLOWED_HOSTS check.
    django_request.get_host = lambda: parts.netloc
    return Request(django_request)


def render_lists(request, resources) -> list[Rendered]:
    """Every list, whole, as ``/api/v1/download/`` exports it, with its JSON items."""
    anonymous = archive.anonymous_request(request)
    rendered = []
    for prefix, viewset in resources:
        export = archive.Export(prefix, archive.list_view(viewset, anonymous))
        rows = []

        def kept(rows=rows, export=export):
            for row in export.rows_for_archive():
                rows.append(row)
                yield row

        buffer = io.BytesIO()
        export.rows = write_csv(buffer, export.columns, kept())
        # Through the API's JSON renderer and back: the very values a JSON client reads.
        items = json.loads(JSONRenderer().render(rows)) if rows else []
        rendered.append(Rendered(prefix, viewset, export, buffer.getvalue(), items))
    return rendered


def item_key(prefix: str, viewset, item: dict) -> str:
    """The address of the item's detail, lower case: its ``url``'s path; for an item
    without one (the indicators), the list's address and its lookup value; else empty."""
    url = item.get("url")
    if isinstance(url, str):
        return urlsplit(url).path.lower()
    value = item.get(getattr(viewset, "lookup_field", "") or "")
    if isinstance(value, str | int) and hasattr(viewset, "retrieve"):
        return f"{reverse('api:api-root')}{prefix}/{value}/".lower()
    return ""


def item_record(release, prefix: str, viewset, position: int, item: dict) -> ReleaseRecord:
    country = item.get("country") or item.get("iso3") or ""
    year = item.get("year")
    return ReleaseRecord(
        release=release,
        resource=prefix,
        position=position,
        key=item_key(prefix, viewset, item),
        country=country.upper() if isinstance(country, str) and len(country) == 3 else "",
        year=year if isinstance(year, int) and 0 < year < 32768 else None,
        data=item,
    )


def history_reasons(since) -> dict[str, list[str]]:
    """Each assessment's history reasons (``country/year/organization``) since ``since``."""
    reasons: dict[str, list[str]] = {}
    if since is None:
        return reasons
    rows = (
        Assessment.history.filter(history_date__gt=since)
        .exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .order_by("history_date", "history_id")
        .values_list("country_id", "year", "organization__slug", "history_change_reason")
    )
    for country, year, organization, reason in rows:
        key = f"{country}/{year}/{organization}"
        if reason not in reasons.setdefault(key, []):
            reasons[key].append(reason)
    return reasons


def previous_items(previous) -> dict | None:
    if previous is None:
        return None
    items: dict[str, list[dict]] = {prefix: [] for prefix in COMPARED}
    records = (
        ReleaseRecord.objects.filter(release=previous, resource__in=COMPARED)
        .order_by("resource", "position")
        .values_list("resource", "data")
    )
    for resource, data in records:
        items[resource].append(data)
    return items


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def readme(release, request, rendered, methodology, changes_text) -> str:
    """The release's README: what it is, its notes and changes, how to cite, then the
    download archive's own README (files, methodology, sources, columns)."""
    exports = [r.export for r in rendered]
    archive_readme = archive.render_readme(request, release.cut_at.date(), methodology, exports)
    sample = (
        ["**SAMPLE RELEASE**: cut from demonstration data, not a real dataset release.", ""]
        if release.is_sample
        else []
    )
    lines = [
        f"# {settings.SITE_NAME} dataset release {release.version}: {release.title}",
        "",
        *sample,
        f"Cut on {release.cut_at.isoformat(timespec='seconds')} (UTC). Methodology version(s) "
        f"in force: {', '.join(release.methodology_versions) or 'none'}.",
        "",
        "This release is frozen: its files and its answers at "
        f"`/api/v1/<list>/?release={release.version}` never change. `{MANIFEST}` holds the "
        "SHA-256 of every other file (check with `sha256sum -c MANIFEST.sha256`).",
        "",
        "## Release notes",
        "",
        release.notes.strip() or "(none)",
        "",
        changes_text,
        "## Citation",
        "",
        release.citation_text,
        "",
        "BibTeX in `citation.bib`, CSL-JSON in `citation.json`, `CITATION.cff`.",
        "",
        "---",
        "",
    ]
    return "\n".join(lines) + archive_readme


def zip_bytes(files: list[tuple[str, bytes]], cut_at, version: str) -> bytes:
    stamp = (cut_at.year, cut_at.month, cut_at.day, cut_at.hour, cut_at.minute, cut_at.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files:
            member = zipfile.ZipInfo(f"nap_tracker-release-{version}/{name}", stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(member, content)
    return buffer.getvalue()


def zip_name(version: str) -> str:
    return f"nap_tracker-release-{version}.zip"


@transaction.atomic
def release_cut(
    *, version: str, title: str, notes: str = "", actor: User, is_sample: bool = False
) -> Release:
    """Cut release ``version``: freeze every published list with its files (see the module).

    Staff only (``PermissionDenied`` otherwise); a version that is not ``YYYY.N`` or is
    taken is a ``ValidationError`` on ``version``.
    """
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        raise PermissionDenied("Only site administrators cut dataset releases.")
    version = (version or "").strip()
    cut_at = timezone.now().replace(microsecond=0)
    release = Release(
        version=version,
        title=(title or "").strip(),
        notes=(notes or "").strip(),
        cut_at=cut_at,
        cut_by=actor,
        is_sample=is_sample,
    )
    release.full_clean(exclude=[*CITATION_FIELDS, "methodology_versions", "changes"])
    url = f"{settings.SITE_URL}{reverse('public:release_detail', kwargs={'version': version})}"
    citation = {
        "site_name": settings.SITE_NAME,
        "version": version,
        "title": release.title,
        "date": cut_at.date(),
        "url": url,
    }
    release.citation_text = release_changes.citation_text(
        **{k: v for k, v in citation.items() if k != "title"}
    )
    release.citation_bibtex = release_changes.citation_bibtex(**citation)
    release.citation_csl = release_changes.citation_csl(**citation)

    request = site_request()
    with translation.override("en"):
        rendered = render_lists(request, archive.archive_resources())
        current = {r.prefix: r.items for r in rendered}
        previous = Release.objects.exclude(pk=release.pk).order_by("-cut_at", "-pk").first()
        summary = release_changes.changes(
            previous_items(previous),
            current,
            history_reasons(previous.cut_at if previous else None),
        )
        methodologies = current.get("methodologies", [])
        in_force = {m["version"] for m in methodologies if m.get("is_current")}
        in_force |= {
            a["methodology"] for a in current.get("assessments", []) if a.get("methodology")
        }
        release.methodology_versions = sorted(in_force)
        release.changes = summary
        release.changes_text = release_changes.changes_text(
            summary, previous.version if previous else None
        )
        release.save()
        methodology = Methodology.objects.filter(is_current=True).first()
        text = readme(release, request, rendered, methodology, release.changes_text)

    files: list[tuple[str, bytes, int | None]] = [
        (f"{r.prefix}.csv", r.csv, r.export.rows) for r in rendered
    ]
    files += [
        ("README.md", text.encode(), None),
        ("CITATION.cff", release_changes.citation_cff(**citation).encode(), None),
        ("citation.txt", (release.citation_text + "\n").encode(), None),
        ("citation.bib", release.citation_bibtex.encode(), None),
        (
            "citation.json",
            (json.dumps(release.citation_csl, ensure_ascii=False, indent=2) + "\n").encode(),
            None,
        ),
    ]
    manifest = "".join(f"{sha256(content)}  {name}\n" for name, content, _ in files)
    files.append((MANIFEST, manifest.encode(), None))
    files.append(
        (zip_name(version), zip_bytes([(n, c) for n, c, _ in files], cut_at, version), None)
    )
    ReleaseFile.objects.bulk_create(
        ReleaseFile(
            release=release,
            position=position,
            name=name,
            media_type=MEDIA_TYPES[name.rsplit(".", 1)[-1]],
            content=content,
            sha256=sha256(content),
            size=len(content),
            rows=rows,
        )
        for position, (name, content, rows) in enumerate(files)
    )
    ReleaseRecord.objects.bulk_create(
        (
            item_record(release, r.prefix, r.viewset, position, item)
            for r in rendered
            for position, item in enumerate(r.items)
        ),
        batch_size=2000,
    )
    return release
