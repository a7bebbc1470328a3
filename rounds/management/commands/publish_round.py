from django.core.management.base import BaseCommand, CommandError

from rounds.selectors import open_round_of
from rounds.services import RoundError, round_publish

from ._plan_lookup import add_plan_arguments, plan_from_options


class Command(BaseCommand):
    help = "Publish a plan's open round: freeze it and make its annex, summary and spreadsheet."

    def add_arguments(self, parser):
        add_plan_arguments(parser)

    def handle(self, *args, **options):
        plan = plan_from_options(options)
        reporting_round = open_round_of(plan)
        if reporting_round is None:
            raise CommandError(f"{plan.title} has no open round to publish.")
        try:
            round_publish(reporting_round=reporting_round, user=None)
        except RoundError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Published {reporting_round.name} of {plan.title}, as at "
            f"{reporting_round.as_at:%Y-%m-%d}. Its files are being made on the queue."
        )
