"""50 officers of three councils: sign in, browse their actions and plans, report progress;
meanwhile 2 coordinators ask for committee annexes, which the queue's worker renders.

Run by bench/load_test.sh, which sets:
  LOAD_ACCOUNTS  the accounts JSON that setup_officers.py wrote
  LOAD_RESULTS   where to write the narratives of the updates the server accepted, when each
                 officer finished signing in, and every request's start and response time
  LOAD_RUN       a marker put in every narrative, to find this run's updates in the database
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

from django_otp.oath import totp
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
RUN = os.environ["LOAD_RUN"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN = re.compile(r'name="seen_update" value="(\d*)"')
FILTERS = [
    "",
    "?status=at_risk&status=off_track",
    "?overdue=yes",
    "?q=review",
    "?sort=-last_update",
    "?status=on_track&sort=target_date&page=2",
]

accounts = itertools.cycle(ACCOUNTS)
numbers = itertools.count(1)
posted: list[str] = []  # narratives of the updates the server said it saved
signed_in: list[float] = []  # when each officer's sign-in finished
requests: list[tuple[float, float, bool, str]] = []  # start, milliseconds, succeeded, name
annexes: list[float] = []  # seconds from asking for an annex to its download
COORDINATORS = [
    ("york.coordinator", "york-coordinator-demo", "/reports/york/corporate-improvement-plan/"),
    (
        "city.coordinator",
        "city-coordinator-demo",
        "/reports/example-city/lga-peer-challenge-action-plan/",
    ),
]
coordinators = itertools.cycle(COORDINATORS)
COORDINATOR_COUNT = int(os.environ.get("LOAD_COORDINATORS", 2))


APP_KEYS = json.loads(
    Path(os.environ["LOAD_ACCOUNTS"]).with_name("coordinators.json").read_text(encoding="utf-8")
)


def sign_in(client, username: str, password: str) -> None:
    """The password, then, for a coordinator, the code from their authenticator app."""
    page = client.get("/accounts/sign-in/", name="sign-in page")
    with client.post(
        "/accounts/sign-in/",
        data={"csrfmiddlewaretoken": token(page.text), "username": username, "password": password},
        name="sign in",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"sign-in refused for {username}")
        code_page = response.headers.get("Location", "") == "/accounts/second-factor/"
    if code_page:
        form = client.get("/accounts/second-factor/", name="sign in: code page")
        code = f"{totp(bytes.fromhex(APP_KEYS[username])):06d}"
        with client.post(
            "/accounts/second-factor/",
            data={"csrfmiddlewaretoken": token(form.text), "code": code},
            name="sign in: code",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "second-factor" in response.headers["Location"]:
                response.failure(f"second factor refused for {username}")
    signed_in.append(time.time())


class Officer(HttpUser):
    wait_time = between(1, 3)
    weight = 50

    def on_start(self):
        self.account = next(accounts)
        sign_in(self.client, self.account["username"], self.account["password"])

    @task(3)
    def my_actions(self):
        self.client.get("/", name="My actions")

    @task(3)
    def action_list(self):
        self.client.get("/actions/" + random.choice(FILTERS), name="action list (filtered)")

    @task(3)
    def action_page(self):
        pk = random.choice(self.account["browse"])
        self.client.get(f"/actions/{pk}/", name="action page")

    @task(1)
    def plan_page(self):
        self.client.get(self.account["plan_url"], name="plan page")

    @task(2)
    def post_update(self):
        pk = random.choice(self.account["owned"])
        url = f"/actions/{pk}/update/"
        form = self.client.get(url, name="update form")
        narrative = f"[{RUN}] {self.account['username']} update {next(numbers)}"
        as_at = date.today() - timedelta(days=1)
        seen = SEEN.search(form.text)
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": token(form.text),
                "status": random.choice(["on_track", "at_risk"]),
                "narrative": narrative,
                "as_at_0": as_at.day,
                "as_at_1": as_at.month,
                "as_at_2": as_at.year,
                "seen_update": seen.group(1) if seen else "",
            },
            name="save update",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers["Location"] == f"/actions/{pk}/":
                posted.append(narrative)
            else:
                response.failure(f"update not saved ({response.status_code})")
                return
        self.client.get(f"/actions/{pk}/", name="action page after saving")


class Coordinator(HttpUser):
    """Asks for a new annex (a label never used before, so it is rendered, not found), waits for
    the worker to make it, downloads it, and asks again a little later."""

    wait_time = between(5, 10)
    fixed_count = COORDINATOR_COUNT
    abstract = COORDINATOR_COUNT == 0  # LOAD_COORDINATORS=0: officers alone, to compare

    def on_start(self):
        username, password, self.reports = next(coordinators)
        sign_in(self.client, username, password)

    @task
    def annex(self):
        form = self.client.get(f"{self.reports}annex/", name="annex: form")
        asked = time.time()
        with self.client.post(
            f"{self.reports}annex/",
            data={
                "csrfmiddlewaretoken": token(form.text),
                "annex_label": f"Annex {next(numbers)}",
                "as_at_0": "8",
                "as_at_1": "11",
                "as_at_2": "2024",
                "completed": "include",
            },
            name="annex: ask",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/jobs/" not in response.headers.get("Location", ""):
                response.failure(f"annex not queued ({response.status_code})")
                return
            job = response.headers["Location"]
        while time.time() - asked < 120:
            status = self.client.get(f"{job}status.json", name="annex: status").json()
            if status["finished"]:
                break
            time.sleep(1.5)
        if status.get("state") != "ready":
            events.request.fire(
                request_type="JOB",
                name="annex: made",
                response_time=0,
                response_length=0,
                exception=RuntimeError(status.get("text", "not finished")),
                context={},
            )
            return
        self.client.get(status["download_url"], name="annex: download")
        annexes.append(time.time() - asked)


def token(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


@events.request.add_listener
def record(response_time, start_time, exception, name="", **_):
    requests.append((start_time, response_time, exception is None, name))


@events.quitting.add_listener
def write_results(**_):
    results = {"posted": posted, "signed_in": signed_in, "requests": requests, "annexes": annexes}
    Path(os.environ["LOAD_RESULTS"]).write_text(json.dumps(results), encoding="utf-8")
