from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Improvement Tracker"
admin.site.site_title = "Improvement Tracker"
admin.site.index_title = "Improvement plans"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("councils.urls")),
    path("reports/", include("reports.urls")),
    path("", include("actions.urls")),
    path("", include("plans.urls")),
]
