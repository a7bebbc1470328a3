from django.urls import path

from . import public

app_name = "public"

urlpatterns = [
    path("<slug:council_slug>/<slug:plan_slug>/", public.public_plan, name="plan"),
    path(
        "<slug:council_slug>/<slug:plan_slug>/about-this-data/",
        public.public_about,
        name="about",
    ),
    path("<slug:council_slug>/<slug:plan_slug>/feed/", public.PlanFeed(), name="feed"),
    path(
        "<slug:council_slug>/<slug:plan_slug>/rounds/<int:round_id>/",
        public.public_round,
        name="round",
    ),
    path(
        "<slug:council_slug>/<slug:plan_slug>/rounds/<int:round_id>/<slug:kind>/",
        public.public_file,
        name="file",
    ),
]
