"""Every spreadsheet and CSV the product writes, fed text that a spreadsheet would run as a
formula, writes it inert: the action list (CSV, xlsx), the plan's export (CSV, xlsx), the report
spreadsheet, a round's outstanding list, the API's CSV and the council's archive (its CSV files
and each plan's xlsx)."""

import csv
import io
import zipfile
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from actions.services import progress_update_create
from api.tokens import api_token_create
from core.formula_escaping import FORMULA_LEADERS
from rounds.services import round_open
from tests.factories import ActionFactory, ThemeFactory
from tests.job_helpers import download

FORMULA = '=HYPERLINK("http://evil.example","Click")'


def live_cells_in_csv(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [
        field
        for row in csv.reader(io.StringIO(text))
        for field in row
        if field.startswith(FORMULA_LEADERS)
    ]


def live_cells_in_xlsx(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}: {cell.value}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_LEADERS))
    ]


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_every_export_writes_formulas_inert(client, council, plan, coordinator):
    theme = ThemeFactory(plan=plan, number="1", title="@SUM(A1:A9)")
    action = ActionFactory(
        plan=plan, theme=theme, ref="1", title=FORMULA, lead_officer="+44 1904 551 550",
        target_text="March 2025",
    )  # fmt: skip
    action.owners.add(coordinator)
    progress_update_create(
        action=action, author=coordinator, status="at_risk", as_at=date(2024, 11, 8),
        narrative="-1+1 is what the budget line says", evidence="=1+1",
        revised_target_text="June 2025", revision_reason="\tTabbed",
    )  # fmt: skip
    reporting_round = round_open(
        plan=plan, user=coordinator, meeting_date=date(2024, 12, 2), today=date(2024, 11, 1)
    )
    _, token = api_token_create(council=council, name="Dashboard")
    client.force_login(coordinator)

    exports = {
        "action list csv": body(client.get("/actions/?download=csv")),
        "action list xlsx": body(client.get("/actions/?download=xlsx")),
        "report xlsx": body(
            download(
                client,
                client.post(
                    reverse("reports:xlsx", args=[council.slug, plan.slug]),
                    {"as_at_0": "8", "as_at_1": "11", "as_at_2": "2024"},
                ),
            )
        ),
        "outstanding xlsx": body(client.get(f"/rounds/{reporting_round.pk}/outstanding.xlsx")),
        "api csv": body(client.get("/api/v1/actions.csv", HTTP_AUTHORIZATION=f"Bearer {token}")),
    }
    for kind in ("csv", "xlsx"):
        url = reverse("plan_import:export", args=[council.slug, plan.slug, kind])
        exports[f"plan export {kind}"] = body(client.get(url))
    archive_job = client.post(f"/manage/{council.slug}/data/")
    with zipfile.ZipFile(io.BytesIO(body(download(client, archive_job)))) as archive:
        for name in archive.namelist():
            if name.endswith((".csv", ".xlsx")):
                exports[f"archive {name}"] = archive.read(name)

    assert len(exports) >= 10
    live = {}
    for name, content in exports.items():
        reader = live_cells_in_xlsx if content.startswith(b"PK") else live_cells_in_csv
        if found := reader(content):
            live[name] = found
    assert not live, live
    # ...and the hostile text is there, made inert, not left out.
    updates = exports["archive updates.csv"].decode("utf-8-sig")
    assert "'-1+1 is what" in updates and ",'=1+1," in updates
    assert f"'{FORMULA}".replace('"', '""') in exports["action list csv"].decode("utf-8-sig")
