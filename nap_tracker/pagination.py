"""The API's one pagination style."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

# More digits than any page number or size can have. Python refuses to turn a string of
# more than 4,300 digits into an int (a ValueError, so a 500) and is slow below that:
# longer strings are answered before any conversion.
MAX_DIGITS = 9


class StandardPagination(PageNumberPagination):
    """Numbered pages of 50 rows; ``?page_size=`` up to 250 (enough for every country).

    A page size that is not a whole number of at least 1 is an error naming the
    parameter, never silently replaced by the default; sizes above 250 are capped, but a
    size of more than nine digits is refused like any other impossible size. A page that
    is not a page number of this list (``abc``, ``0``, past the end, a thousand digits)
    answers 404, as in DRF.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 250

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if len(raw) > MAX_DIGITS or not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("page_size must be a whole number from 1 to %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if len(str(number)) > MAX_DIGITS and number not in self.last_page_strings:
            raise NotFound(self.invalid_page_message)
        return number
