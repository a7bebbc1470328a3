"""Asking for a report file: the annex PDF or the report xlsx, made on the task queue and kept
in storage. The same report of the same data is made once and served again from storage."""

from actions.selectors import plan_fingerprint
from councils.permissions import Can, roles_that
from jobs.models import Job
from jobs.services import content_key, job_request
from plans.models import ImprovementPlan

from .annex import annex_filename
from .options import CoverDetails, ReportOptions, options_to_params
from .spreadsheet import report_filename
from .tasks import render_annex, render_annex_docx, render_report_xlsx

# Bump when the annex or the xlsx is drawn differently, so files made before are not reused.
LAYOUT_VERSION = 1


def annex_job_request(
    *,
    plan: ImprovementPlan,
    options: ReportOptions,
    cover: CoverDetails,
    user,
    back_url: str,
    word: bool = False,
) -> Job:
    """The annex as a PDF, or (`word`) as a Word document to paste into the report template."""
    in_word = " (Word)" if word else ""
    return _report_job(
        task=render_annex_docx if word else render_annex,
        plan=plan,
        # a new template makes a new file, not the one made with the template before
        params=options_to_params(options, cover)
        | ({"word_template": plan.annex_word_template.name} if word else {}),
        title=(
            f"{cover.annex_label or 'Annex'}{in_word}: {plan.title}, "
            f"as at {options.as_at:%-d %B %Y}"
        ),
        filename=annex_filename(plan, options, cover, "docx" if word else "pdf"),
        user=user,
        back_url=back_url,
    )


def report_xlsx_job_request(
    *, plan: ImprovementPlan, options: ReportOptions, user, back_url: str
) -> Job:
    return _report_job(
        task=render_report_xlsx,
        plan=plan,
        params=options_to_params(options),
        title=f"Progress report spreadsheet: {plan.title}, as at {options.as_at:%-d %B %Y}",
        filename=report_filename(plan, options),
        user=user,
        back_url=back_url,
    )


def _report_job(*, task, plan, params, title, filename, user, back_url) -> Job:
    params = {**params, "plan_id": plan.pk}
    key = content_key(task.module_path, LAYOUT_VERSION, params, plan_fingerprint(plan))
    return job_request(
        task=task,
        council=plan.council,
        user=user,
        title=title,
        roles=roles_that(Can.READ_REPORTS),
        params=params,
        key=key,
        filename=filename,
        back_url=back_url,
    )
