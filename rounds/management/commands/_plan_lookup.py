from django.core.management.base import CommandError

from plans.models import ImprovementPlan


def plan_from_options(options) -> ImprovementPlan:
    plan = (
        ImprovementPlan.objects.select_related("council")
        .filter(council__slug=options["council"], slug=options["plan"])
        .first()
    )
    if plan is None:
        raise CommandError(
            f"No plan {options['plan']!r} in a council {options['council']!r}: check both slugs "
            "(the plan's address is /plans/<council>/<plan>/)."
        )
    return plan


def add_plan_arguments(parser) -> None:
    parser.add_argument("--council", required=True, help="The council's slug")
    parser.add_argument("--plan", required=True, help="The plan's slug")
