"""Plan entry pages: editors create and edit the plans of the countries they cover."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from nap_tracker.forms import add_service_errors
from nap_tracker.history import history_entries
from plans.forms import PlanDocumentForm, PlanForm
from plans.models import Country, NationalActionPlan
from plans.services import PLAN_FIELDS, plan_create, plan_document_add, plan_update

HISTORY_FIELDS = ["supersedes_id" if name == "supersedes" else name for name in PLAN_FIELDS] + [
    "is_published"
]


class CountryPlanMixin(LoginRequiredMixin):
    """The covered country (and plan) of the URL; anything else is 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.country = get_object_or_404(
            Country.objects.covered_by(request.user), iso3=kwargs["iso3"]
        )
        self.plan = None
        if "key" in kwargs:
            plans = (
                NationalActionPlan.objects.editable_by(request.user)
                .filter(country=self.country)
                .select_related("country", "supersedes")
                .prefetch_related("documents")
            )
            self.plan = get_object_or_404(plans.by_key(kwargs["key"]))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(country=self.country, plan=self.plan, **kwargs)


class PlanFormView(CountryPlanMixin, FormView):
    """A new plan, or an existing one's facts, with its documents and history."""

    template_name = "plans/entry/plan_form.html"
    form_class = PlanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "country": self.country, "instance": self.plan}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.plan is not None:
            records = self.plan.history.select_related("history_user")
            context["history"] = history_entries(records, HISTORY_FIELDS, lambda r: "plan")
        return context

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in PLAN_FIELDS}
        try:
            if self.plan is None:
                plan = plan_create(actor=self.request.user, country=self.country, **fields)
                messages.success(self.request, _("Plan created: %(p)s.") % {"p": plan.label})
            else:
                plan = plan_update(actor=self.request.user, plan=self.plan, **fields)
                messages.success(self.request, _("Plan saved: %(p)s.") % {"p": plan.label})
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return redirect("plan_entry:edit", iso3=plan.country_id, key=plan.url_key)


class PlanDocumentAddView(CountryPlanMixin, FormView):
    template_name = "plans/entry/document_form.html"
    form_class = PlanDocumentForm

    def form_valid(self, form):
        try:
            document = plan_document_add(
                actor=self.request.user, plan=self.plan, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        shown = f" SHA-256 {document.sha256}." if document.sha256 else ""
        messages.success(self.request, _("Document added.") + shown)
        return redirect("plan_entry:edit", iso3=self.plan.country_id, key=self.plan.url_key)
