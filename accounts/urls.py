from django.urls import path

from . import views

urlpatterns = [
    path("forgotten-password/", views.forgotten_password, name="forgotten_password"),
    path("forgotten-password/sent/", views.forgotten_password_sent, name="forgotten_password_sent"),
]
