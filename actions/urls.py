from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", views.progress_update_add, name="progress_update_add"),
    path("target-dates/read/", views.target_date_read, name="target_date_read"),
    path(
        "actions/<int:pk>/update/draft/",
        views.progress_update_draft,
        name="progress_update_draft",
    ),
]
