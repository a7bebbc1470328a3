"""Report pages and downloads. Each asks `access` who may read, then builds one report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .access import plan_for_reports_or_404
from .annex import annex_filename, annex_pdf, report_context
from .forms import AnnexForm, ReportOptionsForm, is_submitted, report_query
from .options import ReportOptions
from .pdf import RenderLimitExceeded
from .plan_report import plan_report_build
from .spreadsheet import report_workbook, workbook_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _options_form(request, plan, form_class):
    """The GET form, bound once submitted; unsubmitted, the report is as at today."""
    if is_submitted(form_class, request.GET):
        form = form_class(request.GET, plan=plan)
        return form, (form.report_options() if form.is_valid() else None)
    return form_class(plan=plan), ReportOptions(as_at=timezone.localdate())


@login_required
def summary(request, council_slug, plan_slug):
    plan = plan_for_reports_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    form, options = _options_form(request, plan, ReportOptionsForm)
    context = {"form": form, "plan": plan}
    if options is not None:
        report = plan_report_build(plan=plan, options=options)
        query = report_query(options)
        context.update(report_context(report))
        context["downloads"] = {
            "annex": reverse("reports:annex", args=[council_slug, plan_slug])
            + "?"
            + report_query(options, annex_label="Annex"),
            "annex_form": reverse("reports:annex", args=[council_slug, plan_slug]) + "?" + query,
            "xlsx": reverse("reports:xlsx", args=[council_slug, plan_slug]) + "?" + query,
        }
    return render(request, "reports/summary.html", context)


@login_required
def annex(request, council_slug, plan_slug):
    """The options form; once submitted and valid, the annex PDF itself."""
    plan = plan_for_reports_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    submitted = "annex_label" in request.GET
    form = AnnexForm(request.GET if submitted else None, plan=plan, initial=_initial(request, plan))
    if submitted and form.is_valid():
        options, cover = form.report_options(), form.cover_details()
        try:
            pdf = annex_pdf(plan=plan, options=options, cover=cover)
        except RenderLimitExceeded as problem:
            form.add_error(
                None,
                f"The annex could not be printed: {problem}. Print one theme at a time, "
                "or leave out completed actions, and try again.",
            )
            return render(
                request, "reports/annex_form.html", {"form": form, "plan": plan}, status=503
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = annex_filename(plan, options, cover)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "reports/annex_form.html", {"form": form, "plan": plan})


def _initial(request, plan) -> dict:
    """Coming from the summary page, the annex form starts from the options chosen there."""
    if not is_submitted(ReportOptionsForm, request.GET):
        return {}
    form = ReportOptionsForm(request.GET, plan=plan)
    return {**form.cleaned_data} if form.is_valid() else {}


@login_required
def spreadsheet(request, council_slug, plan_slug):
    plan = plan_for_reports_or_404(request.user, council_slug, plan_slug)
    form, options = _options_form(request, plan, ReportOptionsForm)
    if options is None:  # the summary page shows what is wrong with the options
        summary_url = reverse("reports:summary", args=[council_slug, plan_slug])
        return redirect(f"{summary_url}?{request.GET.urlencode()}")
    report = plan_report_build(plan=plan, options=options)
    response = HttpResponse(report_workbook(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{workbook_filename(report)}"'
    return response
