"""Officers' requests to move a target date, as the coordinator decides them: agreed, the date
moves (the plan's first one kept); refused, it stays. A decision the committee took is recorded
with its meeting."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.emails import date_request_decision_send
from actions.forms import NamedDateField, date_input
from actions.models import RequestState, TargetDateRequest
from actions.services import RequestRefused, target_date_decide

from .access import council_to_manage_or_404

DECIDED_SHOWN = 50


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("agreed", "Agree: move the target date"), ("refused", "Refuse: keep the date")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to agree or refuse the request"},
    )
    committee = forms.CharField(
        label="Decided by a committee? Its name (optional)",
        help_text="Leave blank when you decide it yourself.",
        required=False,
        max_length=200,
    )
    meeting_date = NamedDateField(
        name="meeting date",
        label="Date of the meeting that decided (optional)",
        help_text="For example, 12 3 2027",
        required=False,
    )
    note = forms.CharField(
        label="Note for the officer (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.text("committee", field_width=Fluid.TWO_THIRDS),
            date_input("meeting_date"),
            Field.textarea("note", rows=3),
            Submit("submit", "Save the decision"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("committee", "").strip() and not cleaned.get("meeting_date"):
            if "meeting_date" not in self.errors:
                self.add_error("meeting_date", "Enter the date of the meeting that decided")
        if cleaned.get("meeting_date") and not cleaned.get("committee", "").strip():
            self.add_error("committee", "Enter the name of the committee that decided")
        return cleaned


def _requests_of(council):
    return TargetDateRequest.objects.filter(action__plan__council=council).select_related(
        "action__plan", "action__theme"
    )


@login_required
def date_requests(request, council_slug):
    """Every request waiting for a decision, then the latest decided."""
    council = council_to_manage_or_404(request.user, council_slug)
    request.council = council
    found = _requests_of(council)
    return render(
        request,
        "plan_editor/date_requests.html",
        {
            "council": council,
            "waiting": found.filter(state=RequestState.WAITING).order_by("requested_at", "id"),
            "decided": found.filter(state__in=(RequestState.AGREED, RequestState.REFUSED)).order_by(
                "-decided_at", "-id"
            )[:DECIDED_SHOWN],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def date_request_decide(request, council_slug, request_id):
    council = council_to_manage_or_404(request.user, council_slug)
    request.council = council
    date_request = get_object_or_404(_requests_of(council), pk=request_id)
    form = DecisionForm(request.POST or None)
    listed = reverse("plan_editor:date_requests", args=[council.slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = target_date_decide(
                date_request=date_request,
                agreed=data["decision"] == "agreed",
                user=request.user,
                committee=data["committee"],
                meeting_date=data["meeting_date"],
                note=data["note"],
            )
        except RequestRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            action = decided.action
            if decided.state == RequestState.AGREED:
                said = f"{action.named}: rescheduled with approval to {decided.asked_for}."
            else:
                said = f"{action.named}: the request was refused; the target date stays."
            emailed = date_request_decision_send(decided)
            if emailed:
                said += f" {emailed} has been emailed the decision."
            else:
                who = decided.requested_by_name or "The officer who asked"
                said += f" {who} could not be emailed the decision: tell them yourself."
            messages.success(request, said)
            return redirect(listed)
    return render(
        request,
        "plan_editor/date_request_decide.html",
        {"council": council, "date_request": date_request, "form": form, "listed": listed},
        status=400 if form.errors else 200,
    )
