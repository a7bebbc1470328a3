"""Bench tool: the 50 officers of the load test. Not part of the product.

    python bench/load/setup_officers.py ACCOUNTS.json

Run after `load_demo`, with the settings of the server under test. Keeps the three demo officers,
adds 47 more officer accounts (load.<council>.NN) each owning two of their council's actions, and
writes every account with its password, owned actions, actions to browse and plan page as JSON
for the locustfile. The coordinators get an authenticator app, as production requires of them
(MFA_REQUIRED_FOR), and its key goes in coordinators.json beside it, for the locustfile to make
their codes.
"""

import json
import os
import sys
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_tracker.settings.prod")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from actions.models import Action  # noqa: E402
from councils.models import Council, Membership, Role  # noqa: E402

DEMO_OFFICERS = {
    "york": ("york.officer", "york-officer-demo"),
    "example-city": ("city.officer", "city-officer-demo"),
    "example-borough": ("borough.officer", "borough-officer-demo"),
}
EXTRA_OFFICERS = {"york": 30, "example-city": 10, "example-borough": 7}
COORDINATORS = ("york.coordinator", "city.coordinator")
PASSWORD = "load-test-officer-password"  # noqa: S105 - a bench account on a throwaway database
ACTIONS_EACH = 2


def main(output: Path) -> None:
    User = get_user_model()
    password_hash = make_password(PASSWORD)  # hashed once: 47 hashes would take half a minute
    accounts = []
    for slug, extra in EXTRA_OFFICERS.items():
        council = Council.objects.get(slug=slug)
        plan = council.plans.first()
        actions = Action.objects.for_council(council)
        to_own = cycle(actions.leaves().order_by("position").values_list("pk", flat=True))
        browse = list(actions.values_list("pk", flat=True))
        plan_url = reverse("plan_detail", args=[council.slug, plan.slug])

        username, password = DEMO_OFFICERS[slug]
        demo = User.objects.get(username=username)
        owned = list(demo.owned_actions.values_list("pk", flat=True))
        accounts.append(account(username, password, owned, browse, plan_url))
        for number in range(1, extra + 1):
            user, _ = User.objects.update_or_create(
                username=f"load.{slug}.{number:02}",
                defaults={"password": password_hash, "first_name": "Load", "last_name": "Test"},
            )
            Membership.objects.update_or_create(
                user=user, council=council, defaults={"role": Role.OFFICER}
            )
            owned = [next(to_own) for _ in range(ACTIONS_EACH)]
            user.owned_actions.add(*owned)
            accounts.append(account(user.username, PASSWORD, owned, browse, plan_url))
    output.write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    keys = {}
    for username in COORDINATORS:
        user = User.objects.get(username=username)
        TOTPDevice.objects.filter(user=user).delete()
        keys[username] = TOTPDevice.objects.create(user=user, name="Load test", confirmed=True).key
    output.with_name("coordinators.json").write_text(json.dumps(keys), encoding="utf-8")
    print(f"{len(accounts)} officer accounts and {len(keys)} coordinators' apps ready in {output}")


def account(username, password, owned, browse, plan_url) -> dict:
    return {
        "username": username,
        "password": password,
        "owned": owned,
        "browse": browse,
        "plan_url": plan_url,
    }


if __name__ == "__main__":
    main(Path(sys.argv[1]))
