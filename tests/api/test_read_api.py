"""The read API: a council's token reads that council's plan and nothing else."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.services import progress_update_create
from api.models import ApiToken, ApiTokenUse
from api.tokens import api_token_create
from tests.factories import ActionFactory, PlanFactory


@pytest.fixture
def york_token(council):
    return api_token_create(council=council, name="Power BI")[1]


def get(client, path, token):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_reads_its_councils_actions_and_nothing_else(
    client, plan, council, other_council, york_token
):
    mine = ActionFactory(plan=plan, ref="1.1", written_ref="1.", target_text="March 2024")
    progress_update_create(
        action=mine, author=None, status="at_risk", narrative="Late", as_at=date(2024, 5, 1)
    )
    theirs = ActionFactory(plan=PlanFactory(council=other_council), ref="9")
    answer = get(client, f"/api/v1/actions/?plan={plan.pk}", york_token)
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert (row["id"], row["ref"], row["key"], row["status"]) == (mine.pk, "1.", "1.1", "at_risk")
    assert row["overdue"] is True and row["target_date"] == "2024-03-31"
    assert row["target_date_as_written"] == "March 2024"
    assert get(client, f"/api/v1/actions/{theirs.pk}/", york_token).status_code == 404
    assert get(client, f"/api/v1/plans/{theirs.plan.pk}/", york_token).status_code == 404
    assert get(client, f"/api/v1/actions/?plan={theirs.plan.pk}", york_token).json()["count"] == 0
    # as at a date before the update, the action had no status and was not yet overdue
    before = get(client, "/api/v1/actions/?as_at=2024-03-01", york_token).json()["items"][0]
    assert (before["status"], before["overdue"]) == ("none", False)
    assert get(client, "/api/v1/actions/?overdue=false", york_token).json()["count"] == 0
    assert get(client, "/api/v1/updates/", york_token).json()["items"][0]["narrative"] == "Late"
    token = ApiToken.objects.get()
    assert token.last_used_at is not None and ApiTokenUse.objects.filter(token=token).count() == 7


def test_missing_wrong_and_revoked_tokens_get_401(client, council, york_token):
    assert client.get("/api/v1/plans/").status_code == 401
    assert get(client, "/api/v1/plans/", "itk_wrong").status_code == 401
    token = ApiToken.objects.get()
    assert token.key_hash != york_token and york_token not in token.key_hash  # stored hashed
    token.revoked_at = token.created_at
    token.save()
    assert get(client, "/api/v1/plans/", york_token).status_code == 401


def test_a_coordinator_makes_a_token_shown_once_and_revokes_it(
    client, council, coordinator, officer
):
    client.force_login(coordinator)
    refused = client.post(f"/manage/{council.slug}/api-tokens/", {"name": " "}).content.decode()
    assert "There is a problem" in refused and "Say what the token is for" in refused
    page = client.post(
        f"/manage/{council.slug}/api-tokens/", {"name": "Dashboard"}
    ).content.decode()
    token = ApiToken.objects.get()
    raw = page.split('<code class="app-sha">')[1].split("</code>")[0]
    assert raw.startswith(token.prefix)
    assert raw not in client.get(f"/manage/{council.slug}/api-tokens/").content.decode()
    assert get(client, "/api/v1/plans/", raw).status_code == 200
    client.post(f"/manage/{council.slug}/api-tokens/{token.pk}/revoke/")
    assert get(client, "/api/v1/plans/", raw).status_code == 401
    client.force_login(officer)
    assert client.get(f"/manage/{council.slug}/api-tokens/").status_code == 403


def test_the_command_prints_a_token(council, capsys, client):
    call_command("create_api_token", "--council", council.slug, "--name", "Open data")
    raw = capsys.readouterr().out.strip()
    assert get(client, "/api/v1/plans/", raw).status_code == 200


def test_the_csv_is_the_same_query_and_formula_safe(client, plan, york_token):
    ActionFactory(plan=plan, ref="1", title='=HYPERLINK("http://x")')
    ActionFactory(plan=plan, ref="2", title="Second")
    answer = get(client, f"/api/v1/actions.csv?plan={plan.pk}", york_token)
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [row["key"] for row in rows] == ["1", "2"]
    assert rows[0]["title"].startswith("'=")


def test_a_page_of_actions_takes_the_same_queries_whatever_the_size(client, plan, york_token):
    def queries(n):
        ActionFactory.create_batch(n, plan=plan)
        with CaptureQueriesContext(connection) as captured:
            assert get(client, "/api/v1/actions/?page_size=100", york_token).status_code == 200
        return len(captured)

    assert queries(5) == queries(150)


def test_the_docs_page_is_made_from_the_schema(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "GET /api/v1/actions/" in page and ">overdue</code>" in page
    assert "Power BI" in page
    assert client.get("/api/v1/openapi.json").json()["info"]["version"] == "1"


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/actions/?plan={HUGE}",
        f"/api/v1/actions.csv?plan={HUGE}",
        f"/api/v1/updates/?action={HUGE}",
        f"/api/v1/themes/?plan={HUGE}",
        f"/api/v1/plans/{HUGE}/",
        f"/api/v1/actions/{HUGE}/",
        f"/api/v1/plans/?page={HUGE}",
        "/api/v1/plans/?page=0",
        f"/api/v1/updates/?page_size={HUGE}",
    ],
)
def test_a_number_out_of_range_is_a_422_that_says_which(client, council, york_token, path):
    answer = get(client, path, york_token)
    assert answer.status_code == 422, answer.content
    (problem, *_) = answer.json()["detail"]
    assert problem["loc"][-1] in ("plan", "action", "plan_id", "action_id", "page", "page_size")
    assert problem["msg"]


def test_the_schema_documents_the_401_422_and_429_answers_of_every_operation(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) >= 8
    for operation in operations:
        assert {"401", "422", "429"} <= set(operation["responses"]), operation["operationId"]
