"""Admin of dataset releases: read-only once cut; "Cut a release" calls ``release_cut``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators.models import Release, ReleaseFile
from indicators.services import release_cut


class ReleaseCutForm(forms.Form):
    version = forms.CharField(
        label=_("Version"), max_length=9, help_text=_("Year and number: 2027.1.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Release notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the release is for; the change summary is added for you."),
    )


class ReleaseFileInline(admin.TabularInline):
    model = ReleaseFile
    fields = ["name", "media_type", "size", "rows", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "cut_at", "is_sample"]
    list_filter = ["is_sample"]
    search_fields = ["version", "title"]
    list_select_related = ["cut_by"]
    readonly_fields = [
        "version",
        "title",
        "notes",
        "changes_text",
        "cut_at",
        "cut_by",
        "methodology_versions",
        "is_sample",
        "citation_text",
        "citation_bibtex",
    ]
    fields = readonly_fields
    inlines = [ReleaseFileInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.is_staff

    def add_view(self, request, form_url="", extra_context=None):
        """The "Cut a release" form instead of a model form: the service writes it all."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReleaseCutForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                release = release_cut(**form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    _("Release %(version)s cut.") % {"version": release.version},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:indicators_release_change", args=[release.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cut a release"),
            "form": form,
            "opts": self.model._meta,
            "add": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/indicators/release/cut.html", context)
