"""An organization admin's coverage page: the countries her organization covers, its
requests, and the form to request another country (a site admin decides in the admin)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from organizations.member_views import ManagedOrganizationMixin, form_errors
from plans.models import Country, Coverage, CoverageRequest
from plans.services import coverage_anonymity_set, coverage_request_create

TEMPLATE = "plans/coverage.html"


class CoverageRequestForm(forms.Form):
    country = forms.ModelChoiceField(
        label=gettext_lazy("Country"),
        queryset=Country.objects.order_by("name"),
        to_field_name="iso3",
    )
    reason = forms.CharField(
        label=gettext_lazy("Why your organization monitors this country"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CoverageView(ManagedOrganizationMixin, View):
    def page(self, request, form, status=200):
        coverage = (
            Coverage.objects.filter(organization=self.organization)
            .select_related("country")
            .order_by("country__name")
        )
        requests = (
            CoverageRequest.objects.filter(organization=self.organization)
            .select_related("country", "requested_by", "decided_by")
            .order_by("-created_at", "-pk")
        )
        response = render(
            request,
            TEMPLATE,
            {
                "organization": self.organization,
                "coverage": coverage,
                "requests": requests,
                "form": form,
            },
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, slug):
        return self.page(request, CoverageRequestForm())

    def post(self, request, slug):
        form = CoverageRequestForm(request.POST)
        if form.is_valid():
            try:
                coverage_request_create(
                    actor=request.user,
                    organization=self.organization,
                    country=form.cleaned_data["country"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(country)s requested: a site admin will approve or decline it.")
                    % {"country": form.cleaned_data["country"]},
                )
                return redirect("coverage:list", slug=slug)
        return self.page(request, form, status=400)


class CoverageAnonymityView(ManagedOrganizationMixin, View):
    """POST: publish the organization's assessments of one country anonymously, or not."""

    def post(self, request, slug, iso3):
        coverage = get_object_or_404(
            Coverage.objects.select_related("organization", "country"),
            organization=self.organization,
            country_id=iso3.upper(),
        )
        anonymous = request.POST.get("publish_anonymously") == "yes"
        coverage_anonymity_set(coverage=coverage, actor=request.user, publish_anonymously=anonymous)
        if anonymous:
            text = _("%(country)s: your assessments now publish as “A civil-society organization”.")
        else:
            text = _("%(country)s: your assessments now publish under your organization's name.")
        messages.success(request, text % {"country": coverage.country.name})
        return redirect("coverage:list", slug=slug)
