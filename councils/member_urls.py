from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("invite/", views.member_invite_view, name="invite"),
    path("<int:member_id>/role/", views.member_role, name="role"),
    path("<int:member_id>/remove/", views.member_remove_view, name="remove"),
    path("<int:member_id>/invite-again/", views.member_invite_again, name="invite_again"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw_view,
        name="invitation_withdraw",
    ),
    path(
        "invitations/<int:invitation_id>/send-again/",
        views.invitation_send_again,
        name="invitation_send_again",
    ),
]
