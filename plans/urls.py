"""URLs of the pages that show plan data alone."""

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
]
