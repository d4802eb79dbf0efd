"""The API's one pagination style."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Numbered pages of 50 rows; ``?page_size=`` up to 250 (enough for every country).

    A page size that is not a whole number of at least 1 is an error naming the
    parameter, never silently replaced by the default; sizes above 250 are capped.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 250

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"page_size must be a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return min(int(raw), self.max_page_size)
