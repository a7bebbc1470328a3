"""Report pages and downloads. Each asks `access` who may read, then builds one report."""

from urllib.parse import parse_qsl

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jobs.selectors import job_url

from .access import plan_for_reports_or_404
from .annex import report_context
from .forms import AnnexForm, ReportOptionsForm, is_submitted, report_query
from .options import ReportOptions
from .plan_report import plan_report_build
from .services import annex_job_request, report_xlsx_job_request


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
            "annex": reverse("reports:annex", args=[council_slug, plan_slug]),
            "annex_formats": [
                (name, parse_qsl(report_query(options, annex_label="Annex", file_format=value)))
                for name, value in (("PDF", "pdf"), ("Word", "docx"))
            ],
            "annex_form": reverse("reports:annex", args=[council_slug, plan_slug]) + "?" + query,
            "xlsx": reverse("reports:xlsx", args=[council_slug, plan_slug]),
            "xlsx_fields": parse_qsl(query),
        }
    return render(request, "reports/summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def annex(request, council_slug, plan_slug):
    """The options form; once sent and valid, the annex is prepared on the queue."""
    plan = plan_for_reports_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    if request.method == "POST":
        form = AnnexForm(request.POST, plan=plan)
        if form.is_valid():
            options = form.report_options()
            job = annex_job_request(
                plan=plan,
                options=options,
                cover=form.cover_details(),
                user=request.user,
                back_url=f"{request.path}?{report_query(options)}",
                word=form.in_word,
            )
            return redirect(job_url(job))
    else:
        form = AnnexForm(plan=plan, initial=_initial(request, plan))
    return render(request, "reports/annex_form.html", {"form": form, "plan": plan})


def _initial(request, plan) -> dict:
    """Coming from the summary page, the annex form starts from the options chosen there."""
    if not is_submitted(ReportOptionsForm, request.GET):
        return {}
    form = ReportOptionsForm(request.GET, plan=plan)
    return {**form.cleaned_data} if form.is_valid() else {}


@login_required
@require_http_methods(["GET", "POST"])
def spreadsheet(request, council_slug, plan_slug):
    """Sent from the summary page: the report xlsx for its options, prepared on the queue."""
    plan = plan_for_reports_or_404(request.user, council_slug, plan_slug)
    summary_url = reverse("reports:summary", args=[council_slug, plan_slug])
    data = request.POST if request.method == "POST" else request.GET
    form = ReportOptionsForm(data, plan=plan) if is_submitted(ReportOptionsForm, data) else None
    if request.method != "POST" or form is None or not form.is_valid():
        # the summary page offers the download, and shows what is wrong with the options
        return redirect(f"{summary_url}?{data.urlencode()}")
    options = form.report_options()
    job = report_xlsx_job_request(
        plan=plan,
        options=options,
        user=request.user,
        back_url=f"{summary_url}?{report_query(options)}",
    )
    return redirect(job_url(job))
