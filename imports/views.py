"""The coordinator's import and export pages, in the product's own GOV.UK style: upload, preview
(with a choice of field for every column), confirm on the task queue, and the downloads. The
same services serve the admin's pages for site administrators."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from councils.access import council_where_may_or_404
from councils.permissions import Can
from jobs.selectors import job_url

from .columns import MAPPABLE_FIELDS, column_label
from .exporting import WRITERS, XLSX_TYPE, export_filename, export_xlsx
from .forms import UploadForm, download, posted_mapping
from .importer import ImportReport, remembered_heading_forget, remembered_row_forget
from .models import ImportUpload
from .parsed_plan import ROLES
from .row_readings import row_choices
from .services import confirm_job_request, export_job_request, preview_job_request
from .uploads import import_preview, runs_in_background

REFUSAL = "Importing and exporting {council}'s plans is for its coordinators."


def _plan(request, council_slug, plan_slug):
    council = council_where_may_or_404(request.user, council_slug, Can.BUILD_PLANS, REFUSAL)
    request.council = council
    return get_object_or_404(council.plans.select_related("council"), slug=plan_slug)


def _url(name, plan, *args) -> str:
    return reverse(f"plan_import:{name}", args=[plan.council.slug, plan.slug, *args])


def _build_page(plan) -> str:
    return reverse("plan_editor:plan", args=[plan.council.slug, plan.slug])


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, council_slug, plan_slug):
    """Upload a file; its preview follows (at once, or on the queue for a big file)."""
    plan = _plan(request, council_slug, plan_slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _preview(form.upload_for(plan, request.user), mapping={})
    return render(request, "imports/upload.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, council_slug, plan_slug, upload_id):
    """The preview of the person's own upload; from it, check again with other columns, forget a
    remembered heading, or confirm."""
    plan = _plan(request, council_slug, plan_slug)
    uploaded = ImportUpload.objects.filter(
        pk=upload_id, plan=plan, uploaded_by=request.user
    ).first()
    if uploaded is None:
        messages.error(request, "Upload the file again: the earlier upload has expired.")
        return redirect(_url("upload", plan))
    if request.method == "POST":
        mapping = posted_mapping(request.POST)
        sheet = request.POST.get("sheet", "")[:100]
        if sheet and sheet != (uploaded.report or {}).get("sheet"):
            # another sheet: read it afresh (its rows are not the ones chosen for)
            uploaded.sheet = sheet
            uploaded.save(update_fields=["sheet"])
            return _preview(uploaded, row_choices(mapping)[0])
        if request.POST.get("forget"):
            remembered_heading_forget(council=plan.council, heading=request.POST["forget"])
        elif request.POST.get("forget_row"):
            remembered_row_forget(council=plan.council, text=request.POST["forget_row"])
        elif "confirm" in request.POST:
            job = confirm_job_request(
                uploaded, mapping, back_url=request.path, done_url=_build_page(plan)
            )
            return redirect(job_url(job))
        return _preview(uploaded, mapping)
    return render(
        request,
        "imports/preview.html",
        {
            "plan": plan,
            "upload": uploaded,
            "report": ImportReport.from_json(uploaded.report) if uploaded.report else None,
            "fields": [(name, column_label(name)) for name in MAPPABLE_FIELDS],
            "roles": ROLES,
        },
    )


def _preview(uploaded, mapping):
    plan = uploaded.plan
    preview_url = _url("preview", plan, uploaded.pk)
    if runs_in_background(uploaded):
        job = preview_job_request(
            uploaded, mapping, next_url=preview_url, back_url=_url("upload", plan)
        )
        return redirect(job_url(job))
    import_preview(uploaded, mapping)
    return redirect(preview_url)


@login_required
def export(request, council_slug, plan_slug, kind):
    plan = _plan(request, council_slug, plan_slug)
    if kind not in WRITERS:
        raise Http404("Export as xlsx or csv.")
    if plan.actions.count() > settings.EXPORT_BACKGROUND_ACTIONS:
        job = export_job_request(plan, kind, user=request.user, back_url=_build_page(plan))
        return redirect(job_url(job))
    writer, content_type = WRITERS[kind]
    return download(writer(plan), content_type, export_filename(plan, kind))


@login_required
def template(request, council_slug):
    council_where_may_or_404(request.user, council_slug, Can.BUILD_PLANS, REFUSAL)
    return download(export_xlsx(None), XLSX_TYPE, "improvement-plan-template.xlsx")
