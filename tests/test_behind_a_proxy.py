"""The product as a live site runs it, behind one proxy: bin/serve-production (production
settings, two gunicorn workers sharing the database cache) with TRUSTED_PROXY_COUNT=1, and the
proxy's X-Forwarded-For header as nginx writes it. Lockouts and the password-reset throttle
count the real client, and a client cannot pose as another by writing the header itself."""

import uuid

import pytest
import requests

from tests.jobs.stack import Stack
from tests.smtp import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)

ATTACKER, VICTIM, COLLEAGUE = "203.0.113.9", "198.51.100.7", "198.51.100.8"
PASSWORD = "a long officer passphrase 9"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("proxy"))
    smtp = SmtpServer().start()
    stack.manage("migrate", "-v0")
    production = {
        "DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.prod",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    token = stack.shell(  # accounts made as the live site makes them (its password hasher)
        "from django.contrib.auth.models import User\n"
        f"User.objects.create_user('officer', 'officer@example.org', '{PASSWORD}')\n"
        f"User.objects.create_user('colleague', 'colleague@example.org', '{PASSWORD}')\n"
        "from councils.models import Council\n"
        "from api.tokens import api_token_create\n"
        "print(api_token_create(council=Council.objects.create(name='York', slug='york'), "
        "name='Dashboard')[1])\n",
        env=production,
    )
    url = stack.start_production_web(
        TRUSTED_PROXY_COUNT="1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        MFA_REQUIRED_FOR="coordinator",
        API_RATE_LIMIT="6/min",
    )
    stack.api_token = token.splitlines()[-1]
    yield url, smtp.inbox, stack
    stack.stop()
    smtp.stop()


def through_proxy(url, path, data, forwarded_for):
    """A form posted as the proxy passes it on: the client's address appended to the header."""
    session = requests.Session()
    session.get(url + path, headers={"X-Forwarded-For": forwarded_for}, timeout=10)
    return session, session.post(
        url + path,
        {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"X-Forwarded-For": forwarded_for},
        allow_redirects=False,
        timeout=10,
    )


def sign_in(url, username, password, forwarded_for):
    path = "/accounts/sign-in/"
    _, response = through_proxy(
        url, path, {"username": username, "password": password}, forwarded_for
    )
    return response.status_code


def test_the_attackers_address_is_locked_and_the_victims_is_not(site):
    url, *_ = site
    for _ in range(4):
        assert sign_in(url, "officer", "wrong", ATTACKER) == 200
    assert sign_in(url, "officer", "wrong", ATTACKER) == 429  # the fifth locks
    assert sign_in(url, "officer", PASSWORD, ATTACKER) == 429
    # Writing the victim's address into the header changes nothing: the proxy's entry counts.
    assert sign_in(url, "officer", PASSWORD, f"{VICTIM}, {ATTACKER}") == 429
    assert sign_in(url, "officer", PASSWORD, VICTIM) == 302


def reset(url, email, forwarded_for):
    _, response = through_proxy(
        url, "/accounts/forgotten-password/", {"email": email}, forwarded_for
    )
    assert response.status_code == 302  # the same answer, throttled or not


def test_password_resets_are_counted_per_client_and_per_address_asked_for(site):
    url, inbox, _ = site
    for _ in range(7):
        reset(url, "officer@example.org", ATTACKER)
    assert len(inbox.to("officer@example.org")) == 5  # no inbox is flooded
    reset(url, "colleague@example.org", f"{COLLEAGUE}, {ATTACKER}")
    assert inbox.to("colleague@example.org") == []  # the attacker's client has had its five
    reset(url, "colleague@example.org", COLLEAGUE)
    assert len(inbox.to("colleague@example.org")) == 1  # everyone else's still arrive


def test_the_api_rate_limit_holds_across_web_processes_and_counts_only_answers(site):
    url, _, stack = site
    answers = []
    for _ in range(15):  # a new connection each time: both gunicorn workers answer some
        with requests.Session() as session:
            answer = session.get(
                f"{url}/api/v1/plans/",
                headers={"Authorization": f"Bearer {stack.api_token}", "Connection": "close"},
                timeout=10,
            )
        answers.append(answer.status_code)
    assert answers.count(200) == 6 and answers.count(429) == 9, answers
    uses = stack.shell(
        "from api.models import ApiTokenUse; print(ApiTokenUse.objects.count())",
        env={"DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.test"},
    )
    assert uses == "6"
