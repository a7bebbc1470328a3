from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from audit.views import council_changes
from rounds.views import reports_home

admin.site.site_header = "Improvement Tracker"
admin.site.site_title = "Improvement Tracker"
admin.site.index_title = "Improvement plans"


class AdminSignInView(RedirectView):
    """The admin's sign-in is the one sign-in page; someone already signed in who may not use
    the admin is told so (403), not sent round between the two."""

    pattern_name = "login"
    query_string = True

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            raise PermissionDenied("The admin is for the people who run the site.")
        return super().get(request, *args, **kwargs)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    # One sign-in page for everything, with its lockout, second factor and council accounts.
    path("admin/login/", AdminSignInView.as_view()),
    path("admin/", admin.site.urls),
    path("accounts/", include("councils.urls")),
    path("accounts/", include("accounts.urls")),
    path("manage/<slug:council_slug>/sign-in/", include("accounts.manage_urls")),
    path("manage/<slug:council_slug>/", include("council_data.urls")),
    path("reports/", reports_home, name="reports_home"),
    path("reports/", include("reports.urls")),
    path("jobs/", include("jobs.urls")),
    path("evidence/", include("evidence.urls")),
    path("rounds/", include("rounds.urls")),
    path("public/", include("rounds.public_urls")),
    path("manage/<slug:council_slug>/members/", include("councils.member_urls")),
    path("manage/<slug:council_slug>/api-tokens/", include("api.token_urls")),
    path("api/v1/", include("api.urls")),
    path("manage/", include("imports.urls")),
    path("manage/", include("plan_editor.urls")),
    path("councils/<slug:council_slug>/changes/", council_changes, name="council_changes"),
    path("", include("statutory.urls")),
    path("", include("actions.urls")),
    path("", include("actions.plan_urls")),
]
