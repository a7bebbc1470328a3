from datetime import date

from django.core.management.base import BaseCommand, CommandError

from rounds.services import RoundError, round_open

from ._plan_lookup import add_plan_arguments, plan_from_options


def _date(name):
    def read(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(
                f"--{name} must be a date written YYYY-MM-DD, not {text!r}"
            ) from None

    return read


class Command(BaseCommand):
    help = "Open a reporting round for a plan; the owners of its actions are emailed."

    def add_arguments(self, parser):
        add_plan_arguments(parser)
        parser.add_argument("--meeting-date", required=True, help="YYYY-MM-DD")
        parser.add_argument("--deadline", help="YYYY-MM-DD (default: ten working days before)")
        parser.add_argument("--committee", default="")
        parser.add_argument("--as-at", help="YYYY-MM-DD (default: the deadline)")
        parser.add_argument("--reminder-days", type=int, default=3)

    def handle(self, *args, **options):
        plan = plan_from_options(options)
        try:
            reporting_round = round_open(
                plan=plan,
                user=None,
                meeting_date=_date("meeting-date")(options["meeting_date"]),
                deadline=_date("deadline")(options["deadline"]) if options["deadline"] else None,
                as_at=_date("as-at")(options["as_at"]) if options["as_at"] else None,
                committee=options["committee"],
                reminder_days=options["reminder_days"],
            )
        except RoundError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Opened {reporting_round.name} for {plan.title} ({plan.council.name}): "
            f"{reporting_round.actions.count()} actions, updates due by "
            f"{reporting_round.deadline:%Y-%m-%d}, as at {reporting_round.as_at:%Y-%m-%d}. "
            "The request for updates is queued; `manage.py send_reminders` sends it now."
        )
