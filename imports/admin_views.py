"""Plan admin pages to import a spreadsheet (upload, preview, confirm) and export the plan.

The preview runs the whole import and rolls it back, so it shows exactly what confirming will
do; confirming runs it again from the same uploaded file, in one transaction. Between the two
the file waits in a temporary file named only in the user's session.
"""

import os
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from councils.permissions import can_coordinate

from .columns import MAPPABLE_FIELDS, column_label
from .exporting import CSV_TYPE, XLSX_TYPE, export_csv, export_xlsx
from .services import plan_import
from .spreadsheet_files import MAX_FILE_BYTES

SESSION_KEY = "plan_import"


class UploadForm(forms.Form):
    file = forms.FileField(help_text="An Excel workbook (.xlsx) or a CSV file, up to 10 MB.")
    sheet = forms.CharField(
        required=False, help_text="The sheet to read. Leave blank for the first with a header."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller.")
        return upload


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
        writers = {"xlsx": (export_xlsx, XLSX_TYPE), "csv": (export_csv, CSV_TYPE)}
        if kind not in writers:
            raise Http404("Export as xlsx or csv.")
        writer, content_type = writers[kind]
        return _download(writer(plan), content_type, f"{plan.council.slug}-{plan.slug}.{kind}")

    def template_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _download(export_xlsx(None), XLSX_TYPE, "improvement-plan-template.xlsx")

    def import_view(self, request, plan_id):
        plan = self._coordinated_plan(request, plan_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "plan": plan,
            "title": f"Import a spreadsheet into “{plan.title}”",
            "fields": [(name, column_label(name)) for name in MAPPABLE_FIELDS],
        }
        if request.method == "POST" and "file" in request.FILES:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                _forget_upload(request)
                upload = form.cleaned_data["file"]
                request.session[SESSION_KEY] = {
                    "plan": plan.pk,
                    "path": _keep(upload.read(), upload.name),
                    "filename": upload.name,
                    "sheet": form.cleaned_data["sheet"] or None,
                }
                return self._preview(request, plan, context, mapping={})
        elif request.method == "POST":
            pending = request.session.get(SESSION_KEY)
            if not pending or pending["plan"] != plan.pk or not Path(pending["path"]).is_file():
                messages.error(request, "Upload the file again: the earlier upload has expired.")
                return redirect(request.path)
            mapping = _posted_mapping(request.POST)
            if "confirm" in request.POST:
                return self._confirm(request, plan, context, mapping)
            return self._preview(request, plan, context, mapping)
        else:
            form = UploadForm()
        return TemplateResponse(request, "admin/imports/import.html", {**context, "form": form})

    def _run(self, request, plan, mapping, dry_run):
        pending = request.session[SESSION_KEY]
        return plan_import(
            council=plan.council,
            plan_slug=plan.slug,
            data=Path(pending["path"]).read_bytes(),
            filename=pending["filename"],
            user=request.user,
            sheet=pending["sheet"],
            mapping=mapping,
            dry_run=dry_run,
        )

    def _preview(self, request, plan, context, mapping):
        report = self._run(request, plan, mapping, dry_run=True)
        return TemplateResponse(
            request,
            "admin/imports/preview.html",
            {**context, "report": report, "mapping": mapping, "filename": report.filename},
        )

    def _confirm(self, request, plan, context, mapping):
        report = self._run(request, plan, mapping, dry_run=False)
        if not report.written:
            return TemplateResponse(
                request,
                "admin/imports/preview.html",
                {**context, "report": report, "mapping": mapping, "filename": report.filename},
            )
        _forget_upload(request)
        messages.success(request, f"Imported {report.filename}: {report.summary()}.")
        return redirect(reverse("admin:plans_improvementplan_change", args=[plan.pk]))


def _posted_mapping(post) -> dict[str, str]:
    """Column choices from the preview: map-<letter> = field."""
    return {
        key.removeprefix("map-"): value
        for key, value in post.items()
        if key.startswith("map-") and value in MAPPABLE_FIELDS
    }


def _keep(data: bytes, name: str) -> str:
    handle, path = tempfile.mkstemp(prefix="plan-import-", suffix=Path(name).suffix[:10])
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    return path


def _forget_upload(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        Path(pending["path"]).unlink(missing_ok=True)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    stem, _, kind = filename.rpartition(".")
    response["Content-Disposition"] = f'attachment; filename="{slugify(stem)}.{kind}"'
    return response
