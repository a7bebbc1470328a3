import pytest

from councils.models import Role
from tests.factories import ActionFactory, ThemeFactory, member

from .smtp import SmtpServer


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


@pytest.fixture
def cycle(council, plan, coordinator):
    """A plan with two themes, two officers owning its actions and one completed action."""
    first, second = ThemeFactory(plan=plan, number="1"), ThemeFactory(plan=plan, number="2")
    ann = member(council, Role.OFFICER, username="ann", email="ann@york.example.org")
    bob = member(council, Role.OFFICER, username="bob", email="bob@york.example.org")
    coordinator.email = "coordinator@york.example.org"
    coordinator.save()
    actions = {}
    for ref, theme, owners in [
        ("1.1", first, [ann]),
        ("1.2", first, [ann, bob]),
        ("2.1", second, [bob]),
        ("2.2", second, []),
    ]:
        actions[ref] = ActionFactory(plan=plan, ref=ref, theme=theme, target_text="March 2027")
        actions[ref].owners.set(owners)
    return {"plan": plan, "ann": ann, "bob": bob, "coordinator": coordinator, **actions}
