"""The country index: every country with its plans and scores, filtered and sorted."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django_filters.views import FilterView

from plans.filters import CountryFilter
from plans.models import Country


class CountryListView(FilterView):
    filterset_class = CountryFilter
    template_name = "public/country_list.html"
    paginate_by = 50
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.for_list()

    def paginate_queryset(self, queryset, page_size):
        """The requested page; a page that does not exist shows the nearest one, with a note.

        Non-numbers and numbers below 1 show page 1, numbers past the end the last page.
        """
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        requested = self.request.GET.get(self.page_kwarg) or "1"
        self.page_notice = None
        try:
            page = paginator.page(paginator.num_pages if requested == "last" else requested)
        except PageNotAnInteger:
            page = paginator.page(1)
            self.page_notice = {"requested": requested, "shown": page.number}
        except EmptyPage:
            number = int(requested)
            page = paginator.page(paginator.num_pages if number > 1 else 1)
            self.page_notice = {"requested": requested, "shown": page.number}
        return (paginator, page, page.object_list, page.has_other_pages())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notice"] = getattr(self, "page_notice", None)
        return context
