"""URLs of the account pages kept by this app: API tokens."""

from django.urls import path

from organizations import views

app_name = "tokens"

urlpatterns = [
    path("", views.ApiTokenListView.as_view(), name="list"),
    path("<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="revoke"),
]
