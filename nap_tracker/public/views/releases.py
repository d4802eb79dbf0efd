"""The dataset releases: ``/releases/``, one release, and its files' downloads."""

import json

from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from indicators.models import Release, ReleaseFile
from indicators.services.releases import zip_name

# A release's files never change (decision 107): caches may keep them for a year.
IMMUTABLE_MAX_AGE = 365 * 24 * 3600


def files_without_content():
    return ReleaseFile.objects.defer("content").order_by("position")


class ReleaseListView(ListView):
    """Every release, newest first, 20 a page."""

    template_name = "public/releases.html"
    context_object_name = "releases"
    paginate_by = 20

    def get_queryset(self):
        return Release.objects.annotate(file_count=Count("files")).order_by("-cut_at", "-pk")


class ReleaseDetailView(DetailView):
    """One release: notes, what changed, citations, files with their SHA-256."""

    template_name = "public/release_detail.html"
    context_object_name = "release"
    slug_field = "version"
    slug_url_kwarg = "version"

    def get_queryset(self):
        return Release.objects.prefetch_related(
            Prefetch("files", queryset=files_without_content(), to_attr="file_list")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = self.object
        name = zip_name(release.version)
        context["archive"] = next((f for f in release.file_list if f.name == name), None)
        context["data_files"] = [f for f in release.file_list if f.name != name]
        context["csl_json"] = _json(release.citation_csl)
        return context


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@require_safe
def release_file(request, version, name):
    """One file of a release, as stored: ETag = its SHA-256, cacheable for ever."""
    file = get_object_or_404(
        ReleaseFile.objects.only("name", "media_type", "content", "sha256", "size"),
        release__version=version,
        name=name,
    )
    etag = f'"{file.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(file.content), content_type=file.media_type)
        disposition = "inline" if name.endswith((".md", ".txt", ".sha256")) else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{file.name}"'
        response["Content-Length"] = str(file.size)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=IMMUTABLE_MAX_AGE, immutable=True)
    return response
