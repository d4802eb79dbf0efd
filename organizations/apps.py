"""App config for organizations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations and users")

    def ready(self):
        from organizations import schema  # noqa: F401 - registers the token auth scheme
