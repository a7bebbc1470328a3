"""Plan admin pages to import a spreadsheet (upload, preview, confirm) and export the plan.

The preview runs the whole import and rolls it back, so it shows exactly what confirming will
do; confirming runs it again from the same uploaded file, in one transaction, on the task queue.
Between the two the file waits in shared storage (`ImportUpload`), so any app server can serve
either step.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from councils.permissions import can_coordinate
from jobs.selectors import job_url

from .columns import MAPPABLE_FIELDS, column_label
from .exporting import WRITERS, XLSX_TYPE, export_filename, export_xlsx
from .forms import UploadForm, download, posted_mapping
from .importer import ImportReport, remembered_heading_forget
from .models import ImportUpload
from .services import confirm_job_request, export_job_request, preview_job_request
from .uploads import import_preview, runs_in_background


class PlanSpreadsheetAdminMixin:
    """For the plan admin: import, export and template pages, for the plan's coordinators."""

    change_form_template = "admin/imports/plan_change_form.html"

    def get_urls(self):
        own = [
            path(
                "<int:plan_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="plans_improvementplan_import",
            ),
            path(
                "<int:plan_id>/export/<str:kind>/",
                self.admin_site.admin_view(self.export_view),
                name="plans_improvementplan_export",
            ),
            path(
                "<int:plan_id>/import/<uuid:upload_id>/",
                self.admin_site.admin_view(self.upload_view),
                name="plans_improvementplan_import_preview",
            ),
            path(
                "import-template/",
                self.admin_site.admin_view(self.template_view),
                name="plans_improvementplan_template",
            ),
        ]
        return own + super().get_urls()

    def _coordinated_plan(self, request, plan_id):
        plan = self.get_queryset(request).filter(pk=plan_id).select_related("council").first()
        if plan is None:
            raise Http404("No such plan.")
        if not (
            self.has_change_permission(request, plan) and can_coordinate(request.user, plan.council)
        ):
            raise PermissionDenied
        return plan

    def export_view(self, request, plan_id, kind):
        plan = self._coordinated_plan(request, plan_id)
        if kind not in WRITERS:
            raise Http404("Export as xlsx or csv.")
        if plan.actions.count() > settings.EXPORT_BACKGROUND_ACTIONS:
            back = reverse("admin:plans_improvementplan_change", args=[plan.pk])
            return redirect(
                job_url(export_job_request(plan, kind, user=request.user, back_url=back))
            )
        writer, content_type = WRITERS[kind]
        return download(writer(plan), content_type, export_filename(plan, kind))

    def template_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return download(export_xlsx(None), XLSX_TYPE, "improvement-plan-template.xlsx")

    def import_view(self, request, plan_id):
        """Upload a file; its preview follows (at once, or on the queue for a big file)."""
        plan = self._coordinated_plan(request, plan_id)
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                return self._preview(request, form.upload_for(plan, request.user), mapping={})
        else:
            form = UploadForm()
        return TemplateResponse(
            request, "admin/imports/import.html", {**self._context(request, plan), "form": form}
        )

    def upload_view(self, request, plan_id, upload_id):
        """The preview of an upload; from it, check again with other columns, or confirm."""
        plan = self._coordinated_plan(request, plan_id)
        upload = ImportUpload.objects.filter(
            pk=upload_id, plan=plan, uploaded_by=request.user
        ).first()
        if upload is None:
            messages.error(request, "Upload the file again: the earlier upload has expired.")
            return redirect(reverse("admin:plans_improvementplan_import", args=[plan.pk]))
        if request.method == "POST":
            mapping = posted_mapping(request.POST)
            if request.POST.get("forget"):
                remembered_heading_forget(council=plan.council, heading=request.POST["forget"])
                return self._preview(request, upload, mapping)
            if "confirm" in request.POST:
                job = confirm_job_request(
                    upload,
                    mapping,
                    back_url=request.path,
                    done_url=reverse("admin:plans_improvementplan_change", args=[plan.pk]),
                )
                return redirect(job_url(job))
            return self._preview(request, upload, mapping)
        report = ImportReport.from_json(upload.report) if upload.report else None
        return TemplateResponse(
            request,
            "admin/imports/preview.html",
            {
                **self._context(request, plan),
                "upload": upload,
                "report": report,
                "mapping": upload.mapping,
                "filename": upload.filename,
            },
        )

    def _context(self, request, plan) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "plan": plan,
            "title": f"Import a plan into “{plan.title}”",
            "fields": [(name, column_label(name)) for name in MAPPABLE_FIELDS],
        }

    def _preview(self, request, upload, mapping):
        preview_url = reverse(
            "admin:plans_improvementplan_import_preview", args=[upload.plan_id, upload.pk]
        )
        if runs_in_background(upload):
            back_url = reverse("admin:plans_improvementplan_import", args=[upload.plan_id])
            job = preview_job_request(upload, mapping, next_url=preview_url, back_url=back_url)
            return redirect(job_url(job))
        import_preview(upload, mapping)
        return redirect(preview_url)
