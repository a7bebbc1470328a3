import pytest

from councils.models import Role

from .factories import ActionFactory, CouncilFactory, PlanFactory, UserFactory, member
from .oidc import providers  # noqa: F401  (real OpenID Connect providers, for any test)
from .smtp import SmtpServer


@pytest.fixture
def council(db):
    return CouncilFactory(name="City of York Council", slug="york")


@pytest.fixture
def other_council(db):
    return CouncilFactory(name="Example City Council", slug="example-city")


@pytest.fixture
def plan(council):
    return PlanFactory(council=council)


@pytest.fixture
def action(plan):
    return ActionFactory(plan=plan, ref="1.1", target_text="March 2025")


@pytest.fixture
def coordinator(council):
    return member(council, Role.COORDINATOR, username="coordinator", is_staff=True)


@pytest.fixture
def officer(council):
    return member(council, Role.OFFICER, username="officer")


@pytest.fixture
def viewer(council):
    return member(council, Role.VIEWER, username="viewer")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://tracker.example.org"


@pytest.fixture
def smtp(settings):
    """Email goes to a real SMTP server on loopback; the test reads its inbox."""
    server = SmtpServer().start()
    use_smtp(settings, server.port)
    yield server.inbox
    server.stop()
