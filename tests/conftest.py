import pytest

from councils.models import Role

from .factories import ActionFactory, CouncilFactory, PlanFactory, UserFactory, member


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
