from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("invite/", views.member_invite_view, name="invite"),
    path("<int:member_id>/role/", views.member_role, name="role"),
    path("<int:member_id>/remove/", views.member_remove_view, name="remove"),
    path("<int:member_id>/invite-again/", views.member_invite_again, name="invite_again"),
]
