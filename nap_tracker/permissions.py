"""The API's default permission: a method the endpoint lacks is 405, before any 403.

DRF checks permissions in ``APIView.initial()``, before ``dispatch()`` looks for the
method's handler: with ``IsAuthenticatedOrReadOnly`` an anonymous ``POST`` to a read-only
endpoint answered 403 ("Authentication credentials were not provided"), which tells the
caller to sign in for something nobody can do. Here the method is checked first.
"""

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import BasePermission, IsAuthenticatedOrReadOnly


def handles(view, method: str) -> bool:
    """True if ``view`` has a handler for ``method`` (viewsets bind theirs per route)."""
    name = method.lower()
    return name in view.http_method_names and callable(getattr(view, name, None))


class MethodAllowed(BasePermission):
    """Raises 405 (with ``Allow``, as every DRF response has) for a method without handler.

    First in ``DEFAULT_PERMISSION_CLASSES``; a view that sets its own ``permission_classes``
    lists it first too (or uses ``ReadOnlyOrAuthenticated``).
    """

    def has_permission(self, request, view):
        if not handles(view, request.method):
            raise MethodNotAllowed(request.method)
        return True


class ReadOnlyOrAuthenticated(IsAuthenticatedOrReadOnly):
    """``IsAuthenticatedOrReadOnly``, answering 405 first for a method the view lacks."""

    def has_permission(self, request, view):
        return MethodAllowed().has_permission(request, view) and super().has_permission(
            request, view
        )
