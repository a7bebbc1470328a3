from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("docs/", views.api_docs, name="api_docs"),
    path("", api.urls),
]
