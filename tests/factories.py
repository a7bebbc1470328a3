import factory
from django.contrib.auth import get_user_model

from actions.models import Action
from councils.models import Council, Membership, Role
from plans.models import ImprovementPlan, PlanSource, Recommendation, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    password = factory.django.Password("a-good-test-password")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.VIEWER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    source = PlanSource.PEER_CHALLENGE


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Theme {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    plan = factory.SubFactory(PlanFactory)
    ref = factory.Sequence(lambda n: f"R{n + 1}")
    title = "Strengthen governance"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    ref = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Deliver improvement {n}")
    lead_officer = "Director of Law and Governance"
    target_text = ""

    @factory.post_generation
    def read_target(action, create, extracted, **kwargs):
        action.set_target(action.target_text)
        if create:
            action.save()


def member(council, role, **user_fields):
    """A user with `role` in `council`."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, council=council, role=role)
    return user
