from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import SignInForm
from .views import SetPasswordView

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("set-password/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
]
