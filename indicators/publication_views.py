"""The "Publication" box of the entry and review pages: anonymous or not, embargo date.

One page (GET shows the form, POST saves it through ``assessment_publication_set``); the
entry form and the review page embed the same form and post here (decision 104)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from indicators.entry_views import entry_kwargs, member_assessment
from indicators.forms import PublicationForm
from indicators.models import Assessment
from indicators.services import assessment_publication_set, may_set_publication
from nap_tracker.forms import add_service_errors


def back_url(request, assessment: Assessment) -> str:
    """Where to go after saving: the page the form came from, if it is ours."""
    given = request.POST.get("next", "")
    if given and url_has_allowed_host_and_scheme(
        given, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return given
    return assessment.get_absolute_url()


@login_required
def assessment_publication(request, iso3: str, year: int, org: str):
    assessment = member_assessment(request, iso3=iso3, year=year, org=org)
    if not may_set_publication(actor=request.user, organization=assessment.organization):
        raise PermissionDenied(
            _("Only an editor, reviewer or admin of this organization may change this.")
        )
    form = PublicationForm.of(assessment, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_publication_set(
                assessment=assessment,
                actor=request.user,
                publish_anonymously=form.cleaned_data["publish_anonymously"],
                embargo_until=form.cleaned_data["embargo_until"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Publication settings saved."))
            return redirect(back_url(request, assessment))
    status = 400 if request.method == "POST" else 200
    response = render(
        request,
        "indicators/entry/publication.html",
        {"assessment": assessment, "publication_form": form, "kwargs": entry_kwargs(assessment)},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response
