from django.urls import path

from .views import SetPasswordView

urlpatterns = [
    path("set-password/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
]
