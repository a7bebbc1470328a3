import pytest

from councils.models import Role
from tests.factories import ActionFactory, ThemeFactory, member


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
