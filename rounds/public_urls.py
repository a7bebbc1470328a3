from django.urls import path

from . import public, public_following

app_name = "public"

urlpatterns = [
    path("<slug:council_slug>/<slug:plan_slug>/", public.public_plan, name="plan"),
    path(
        "<slug:council_slug>/<slug:plan_slug>/about-this-data/",
        public.public_about,
        name="about",
    ),
    path("<slug:council_slug>/<slug:plan_slug>/feed/", public.PlanFeed(), name="feed"),
    path("<slug:council_slug>/<slug:plan_slug>/follow/", public_following.follow, name="follow"),
    path(
        "<slug:council_slug>/<slug:plan_slug>/follow/confirm/<str:token>/",
        public_following.follow_confirmed,
        name="follow_confirm",
    ),
    path(
        "<slug:council_slug>/<slug:plan_slug>/follow/stop/<str:token>/",
        public_following.follow_stopped,
        name="follow_stop",
    ),
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
