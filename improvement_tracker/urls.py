from django.contrib import admin
from django.urls import include, path

from councils.views import council_changes

admin.site.site_header = "Improvement Tracker"
admin.site.site_title = "Improvement Tracker"
admin.site.index_title = "Improvement plans"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("councils.urls")),
    path("reports/", include("reports.urls")),
    path("jobs/", include("jobs.urls")),
    path("rounds/", include("rounds.urls")),
    path("public/", include("rounds.public_urls")),
    path("councils/<slug:council_slug>/changes/", council_changes, name="council_changes"),
    path("", include("actions.urls")),
    path("", include("plans.urls")),
]
