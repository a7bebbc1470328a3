from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Improvement Tracker"
admin.site.site_title = "Improvement Tracker"
admin.site.index_title = "Improvement plans"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
