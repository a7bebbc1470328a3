from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<slug:council_slug>/<slug:plan_slug>/", views.summary, name="summary"),
    path("<slug:council_slug>/<slug:plan_slug>/annex/", views.annex, name="annex"),
    path("<slug:council_slug>/<slug:plan_slug>/report.xlsx", views.spreadsheet, name="xlsx"),
]
