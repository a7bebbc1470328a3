from django.urls import path

from . import plan_views as views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path(
        "councils/<slug:council_slug>/plans/<slug:plan_slug>/",
        views.plan_detail,
        name="plan_detail",
    ),
]
