"""Every page, as each role sees it, at 320 px and 1280 px: no sideways scroll of the page itself
(WCAG 1.4.10), valid HTML and no axe violation."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.sso import sso_configure
from actions.models import Action, TargetDateRequest
from councils.models import Council, Invitation, Role
from demo.plans import load_demo
from demo.rounds import load_demo_rounds
from rounds.models import ReportingRound, RoundState
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 1280)

# What stands out past the right edge, outside the wrappers that scroll their own tables.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
        .filter(element => element.getBoundingClientRect().right > width + 1)
        .filter(element => !element.closest(".app-table-wrapper, .govuk-visually-hidden"))
        .slice(0, 5)
        .map(element => element.tagName + "." + element.className + ": "
             + Math.round(element.getBoundingClientRect().right) + "px");
}"""


def pages_by_role() -> dict:
    york = Action.objects.filter(plan__council__slug="york")
    plan = york.first().plan
    owned = york.filter(owners__username="york.officer", children__isnull=True).first()
    open_round = ReportingRound.objects.get(plan=plan, state=RoundState.OPEN)
    published = ReportingRound.objects.filter(plan=plan, published_at__isnull=False).first()
    plan_args = ["york", plan.slug]
    date_request = TargetDateRequest.objects.get(action__plan=plan)
    return {
        None: [
            ("sign-in", reverse("login")),
            ("public-plan", reverse("public:plan", args=plan_args)),
            ("public-round", reverse("public:round", args=[*plan_args, published.pk])),
            ("public-about", reverse("public:about", args=plan_args)),
            ("public-follow", reverse("public:follow", args=plan_args)),
            ("not-found", "/plans/no-such-page/"),
            ("api-docs", reverse("api_docs")),
            ("accessibility", reverse("accessibility")),
            ("privacy", reverse("privacy")),
            ("cookies", reverse("cookies")),
            ("forgotten-password", reverse("forgotten_password")),
            ("sso-council", reverse("sso_council", args=["york"])),
        ],
        ("york.officer", "york-officer-demo"): [
            ("officer-home", reverse("home")),
            ("officer-actions", reverse("action_list")),
            ("officer-action", reverse("action_detail", args=[owned.pk])),
            ("officer-update", reverse("progress_update_add", args=[owned.pk])),
            ("officer-plans", reverse("plan_list")),
            ("officer-plan", reverse("plan_detail", args=plan_args)),
            ("officer-refused", reverse("reports:summary", args=plan_args)),
            ("officer-your-account", reverse("your_account")),
            ("officer-confirm-it-is-you", reverse("confirm_identity")),
        ],
        ("york.viewer", "york-viewer-demo"): [
            ("viewer-home", reverse("home")),
            ("viewer-reports", reverse("reports_home")),
            ("viewer-summary", reverse("reports:summary", args=plan_args)),
            ("viewer-invitations", reverse("invitations")),
        ],
        ("york.coordinator", "york-coordinator-demo"): [
            ("coordinator-home", reverse("home")),
            ("coordinator-changes", reverse("council_changes", args=["york"])),
            ("coordinator-annex", reverse("reports:annex", args=plan_args)),
            ("coordinator-rounds", reverse("rounds:plan", args=plan_args)),
            ("coordinator-open-round", reverse("rounds:detail", args=[open_round.pk])),
            ("coordinator-published-round", reverse("rounds:detail", args=[published.pk])),
            ("coordinator-change-round", reverse("rounds:change", args=[open_round.pk])),
            ("coordinator-extend-round", reverse("rounds:extend", args=[open_round.pk])),
            ("coordinator-withdraw-round", reverse("rounds:withdraw", args=[open_round.pk])),
            ("coordinator-filtered", reverse("action_list") + f"?plan={plan.pk}&overdue=yes"),
            ("coordinator-build", reverse("plan_editor:plan", args=plan_args)),
            ("coordinator-plan-form", reverse("plan_editor:plan_edit", args=plan_args)),
            ("coordinator-annex-layout", reverse("plan_editor:plan_annex", args=plan_args)),
            (
                "coordinator-annex-template",
                reverse("plan_editor:plan_annex_template", args=plan_args),
            ),
            (
                "coordinator-close-action",
                reverse("plan_editor:action_close", args=[*plan_args, owned.pk]),
            ),
            ("coordinator-members", reverse("members:list", args=["york"])),
            ("coordinator-invite", reverse("members:invite", args=["york"])),
            ("coordinator-api-tokens", reverse("api_tokens:list", args=["york"])),
            ("coordinator-lead-officers", reverse("plan_editor:lead_officers", args=["york"])),
            (
                "coordinator-lead-officer-match",
                reverse("plan_editor:lead_officer_match", args=["york"]) + "?role=COO",
            ),
            ("coordinator-date-requests", reverse("plan_editor:date_requests", args=["york"])),
            (
                "coordinator-date-request",
                reverse("plan_editor:date_request_decide", args=["york", date_request.pk]),
            ),
            ("coordinator-archive", reverse("council_archive", args=["york"])),
            ("coordinator-second-factor", reverse("second_factor_setup")),
        ],
        ("admin", "admin-demo-password"): [
            ("admin-sign-in-settings", reverse("council_sign_in", args=["york"])),
            ("admin-delete-council", reverse("council_delete", args=["example-borough"])),
        ],
    }


def test_every_page_reflows_at_320_px_and_is_valid_and_accessible(page, live_server, sign_in):
    load_demo()
    load_demo_rounds()
    # York signs in through its own provider too: the sign-in page offers it.
    sso_configure(
        council=Council.objects.get(slug="york"), issuer="https://login.york.example",
        client_id="tracker", client_secret="secret", domains=["york.gov.uk"],
    )  # fmt: skip
    # York's viewer is invited to Example City, and York invites City's officer: both wait.
    users = get_user_model().objects
    for council, username in (("example-city", "york.viewer"), ("york", "city.officer")):
        Invitation.objects.create(
            council=Council.objects.get(slug=council), user=users.get(username=username),
            role=Role.VIEWER,
        )  # fmt: skip
    visited = 0
    for person, pages in pages_by_role().items():
        page.context.clear_cookies()
        if person:
            sign_in(*person)
        for name, path in pages:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live_server.url}{path}")
                assert page.evaluate(OVERFLOW) == [], f"{name} scrolls sideways at {width} px"
                if width == 320:
                    assert_accessible(page, f"{name}-320")
            visited += 1
    assert visited == 51
