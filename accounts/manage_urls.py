from django.urls import path

from .sso_settings import council_sign_in_settings

urlpatterns = [
    path("", council_sign_in_settings, name="council_sign_in"),
]
