from django.urls import path

from .views import SetPasswordView, my_invitation_answer, my_invitations

urlpatterns = [
    path("set-password/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
    path("invitations/", my_invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/<str:answer>/",
        my_invitation_answer,
        name="invitation_answer",
    ),
]
