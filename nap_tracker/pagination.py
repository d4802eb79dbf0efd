"""The API's one pagination style."""

from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Numbered pages of 50 rows; ``?page_size=`` up to 250 (enough for every country)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 250
