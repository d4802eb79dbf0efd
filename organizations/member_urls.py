"""URLs of an organization's members page and of invitation links."""

from django.urls import path

from organizations import member_views as views

app_name = "members"

urlpatterns = [
    path("organizations/<slug:slug>/members/", views.MembersView.as_view(), name="list"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        views.MemberRoleView.as_view(),
        name="role",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="remove",
    ),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.InvitationWithdrawView.as_view(),
        name="withdraw",
    ),
    path("invitations/<str:secret>/", views.AcceptInvitationView.as_view(), name="accept"),
]
