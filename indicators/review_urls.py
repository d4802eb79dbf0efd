"""URLs of the review pages (signed-in members only)."""

from django.urls import path  # noqa: F401

app_name = "review"

urlpatterns = []
