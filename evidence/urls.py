from django.urls import path

from . import views

urlpatterns = [
    path("<int:file_id>/", views.evidence_download, name="evidence_download"),
]
