"""URLs of the entry pages (signed-in members only)."""

from django.urls import path  # noqa: F401

app_name = "entry"

urlpatterns = []
