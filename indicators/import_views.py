"""Spreadsheet pages of the entry area: templates, the import (with a dry run), the export."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from indicators import spreadsheets
from indicators.models import Assessment
from indicators.services.imports import export_rows, values_import
from organizations.models import Membership, Organization
from plans import plan_spreadsheets
from plans.models import Country

MAX_TEMPLATE_YEARS = 30


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("The filled-in template, or an export. At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def read_upload(upload) -> bytes:
    """The upload's bytes; one more than allowed is enough for the importer to refuse it."""
    return upload.read(spreadsheets.MAX_FILE_BYTES + 1)


def import_upload(request) -> tuple[ImportForm, object, int]:
    """The posted file checked (a dry run) or imported, for this page and the admin's:
    the bound form, the import report (None when the form is invalid) and the status."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None, 400
    upload = form.cleaned_data["file"]
    report = values_import(
        actor=request.user,
        data=read_upload(upload),
        filename=upload.name,
        dry_run=request.POST.get("action") != "import",
    )
    return form, report, 200 if report.ok else 422


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache, private"
    return response


def _year(raw, default: int) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 4 else default


class ValuesTemplateView(LoginRequiredMixin, View):
    """The values template: a row per covered country × year × component (``?from=&to=``)."""

    def get(self, request, fmt: str):
        last = timezone.now().year - 1
        start = _year(request.GET.get("from"), last)
        end = _year(request.GET.get("to"), start)
        start, end = min(start, end), max(start, end)
        start = max(start, end - MAX_TEMPLATE_YEARS + 1, 2000)
        countries = list(
            Country.objects.covered_by(request.user).order_by("name").values_list("iso3", flat=True)
        )
        organizations = list(
            Organization.objects.of_user(request.user, Membership.EDITING_ROLES)
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        only_org = organizations[0] if len(organizations) == 1 else None
        rows = [
            {
                "country": iso3,
                "year": year,
                "organization": only_org,
                "indicator": definition.code,
                "component": component.key,
            }
            for iso3 in countries or [None]
            for year in range(start, end + 1)
            for definition in spreadsheets.scoring.INDICATORS
            for component in definition.components
        ]
        if fmt == "csv":
            return attachment(
                spreadsheets.csv_bytes(rows), "nap_tracker-values-template.csv", "text/csv"
            )
        workbook = spreadsheets.values_workbook(
            rows, countries=countries, organizations=organizations
        )
        return attachment(
            spreadsheets.workbook_bytes(workbook),
            "nap_tracker-values-template.xlsx",
            spreadsheets.XLSX_TYPE,
        )


class PlansTemplateView(LoginRequiredMixin, View):
    """The template for national action plan records, with a README and dropdowns."""

    def get(self, request, fmt: str):
        if fmt == "csv":
            return attachment(
                spreadsheets.csv_bytes([], plan_spreadsheets.PLAN_COLUMNS),
                "nap_tracker-plans-template.csv",
                "text/csv",
            )
        countries = list(
            Country.objects.covered_by(request.user).order_by("name").values_list("iso3", flat=True)
        )
        return attachment(
            spreadsheets.workbook_bytes(plan_spreadsheets.plans_workbook(countries)),
            "nap_tracker-plans-template.xlsx",
            spreadsheets.XLSX_TYPE,
        )


class ImportView(LoginRequiredMixin, View):
    """Upload a values file: check it (a dry run, nothing saved) or import it (all or none)."""

    template_name = "indicators/entry/import.html"

    def context(self, form, report=None) -> dict:
        covered = Country.objects.covered_by(self.request.user).order_by("name")
        return {"form": form, "report": report, "countries": covered}

    def get(self, request):
        return render(request, self.template_name, self.context(ImportForm()))

    def post(self, request):
        form, report, status = import_upload(request)
        return render(request, self.template_name, self.context(form, report), status=status)


class ExportView(LoginRequiredMixin, View):
    """A country's assessments of the user's organizations, as a values spreadsheet."""

    def get(self, request, iso3: str):
        country = get_object_or_404(Country, iso3=iso3)
        assessments = list(
            Assessment.objects.of_member(request.user)
            .filter(country=country)
            .select_related("organization")
            .prefetch_related("values__indicator")
            .order_by("year", "organization__slug")
        )
        if not assessments:
            raise Http404("No assessment of this country is yours to export.")
        workbook = spreadsheets.values_workbook(
            export_rows(assessments),
            countries=[country.iso3],
            organizations=sorted({a.organization.slug for a in assessments}),
        )
        return attachment(
            spreadsheets.workbook_bytes(workbook),
            f"nap_tracker-values-{country.iso3}.xlsx",
            spreadsheets.XLSX_TYPE,
        )
