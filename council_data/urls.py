from django.urls import path

from . import delete_views, views

urlpatterns = [
    path("data/", views.council_archive, name="council_archive"),
    path("delete/", delete_views.council_delete_view, name="council_delete"),
]
