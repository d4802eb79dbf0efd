"""URLs of the plan_entry pages (signed-in members only)."""

from django.urls import path  # noqa: F401

app_name = "plan_entry"

urlpatterns = []
