from django.urls import path

from . import views

app_name = "plan_import"

PLAN = "<slug:council_slug>/plans/<slug:plan_slug>/"

urlpatterns = [
    path(PLAN + "import/", views.upload, name="upload"),
    path(PLAN + "import/<uuid:upload_id>/", views.preview, name="preview"),
    path(PLAN + "export/<str:kind>/", views.export, name="export"),
    path("<slug:council_slug>/import-template.xlsx", views.template, name="template"),
]
