"""Account pages: a signed-in user's API tokens (list, create, revoke)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from organizations.forms import ApiTokenForm
from organizations.models import ApiToken
from organizations.services import api_token_create, api_token_revoke

TEMPLATE = "registration/api_tokens.html"


class ApiTokenListView(LoginRequiredMixin, View):
    """The user's tokens, newest first, with a form for a new one.

    A new token's secret is in the answer to the POST that created it and nowhere else: it
    is not stored, so it cannot be shown again (the page says so), and the answer is never
    cached.
    """

    def page(self, request, form, status=200, **extra):
        tokens = ApiToken.objects.of_user(request.user).order_by("-created_at", "-pk")
        response = render(
            request, TEMPLATE, {"form": form, "tokens": tokens, **extra}, status=status
        )
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self.page(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.page(request, form)
        token, secret = api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        return self.page(request, ApiTokenForm(), status=201, created=token, secret=secret)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of the user's tokens (POST only); another user's token is 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
        api_token_revoke(token=token, actor=request.user)
        messages.success(
            request, _("Token %(name)s revoked: it no longer works.") % {"name": token.name}
        )
        return redirect("tokens:list")
