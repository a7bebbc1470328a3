"""Load the demo councils, plans and users from `fixtures/`. Loading twice changes nothing."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actions.lead_officers import lead_officer_role_match
from actions.models import Action
from actions.services import progress_updates_append
from councils.models import Council, Membership
from plans.annex_layout import pack_layout
from plans.models import ImprovementPlan, Recommendation, Theme

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class DemoUser:
    username: str
    password: str
    role: str
    council: str


@transaction.atomic
def load_demo(fixtures: Path = FIXTURES) -> list[DemoUser]:
    """Load every plan file, then the demo users. Returns the users with their passwords."""
    for path in sorted(fixtures.glob("plan_*.json")):
        load_plan(json.loads(path.read_text(encoding="utf-8")))
    return load_users(json.loads((fixtures / "demo_users.json").read_text(encoding="utf-8")))


def load_plan(data: dict) -> ImprovementPlan:
    council, _ = Council.objects.update_or_create(
        slug=data["council"]["slug"], defaults={"name": data["council"]["name"]}
    )
    plan_data = data["plan"]
    plan, _ = ImprovementPlan.objects.update_or_create(
        council=council,
        slug=plan_data["slug"],
        defaults={
            "title": plan_data["title"],
            "source": plan_data["source"],
            "adopted_on": _date(plan_data.get("adopted_on")),
            "description": plan_data.get("description", ""),
            "grouping": plan_data.get("grouping", "theme"),
            "status_labels": plan_data.get("status_labels", {}),
            "status_key": plan_data.get("status_key", []),
            "governance_text": plan_data.get("governance_text", ""),
            "annex_layout": plan_data.get("annex_layout") or pack_layout(),
        },
    )
    themes = {}
    for position, theme in enumerate(data.get("themes", [])):
        themes[theme["number"]], _ = Theme.objects.update_or_create(
            plan=plan,
            number=theme["number"],
            defaults={
                "title": theme["title"],
                "description": theme.get("description", ""),
                "position": position,
            },
        )
    recommendations = {}
    for position, rec in enumerate(data.get("recommendations", [])):
        recommendations[rec["ref"]], _ = Recommendation.objects.update_or_create(
            plan=plan,
            ref=rec["ref"],
            defaults={
                "title": rec.get("title", ""),
                "text": rec.get("text", ""),
                "theme": themes.get(rec.get("theme")),
                "position": position,
            },
        )
    counter = iter(range(1_000_000))
    for action in data.get("actions", []):
        _load_action(plan, action, None, None, themes, recommendations, counter)
    return plan


def _load_action(plan, data, parent, parent_theme, themes, recommendations, counter):
    theme = themes.get(data.get("theme")) if data.get("theme") else parent_theme
    action = Action.objects.filter(plan=plan, ref=data["ref"]).first() or Action(
        plan=plan, ref=data["ref"]
    )
    action.parent = parent
    action.theme = theme
    action.written_ref = data.get("written_ref", "")
    action.title = data["title"]
    action.detail = data.get("detail", "")
    action.recommendations_as_written = data.get("recommendations_as_written", "")
    action.lead_officer = data.get("lead_officer", "")
    action.position = next(counter)
    if not action.target_revised:
        action.set_target(data.get("target", ""))
    action.full_clean(exclude=["status"])
    action.save()
    action.recommendations.set([recommendations[ref] for ref in data.get("recommendations", [])])

    for child in data.get("children", []):
        _load_action(plan, child, action, theme, themes, recommendations, counter)
    if not action.updates.exists():  # history is appended once; loading again leaves it be
        progress_updates_append(
            action=action,
            author=None,
            entries=[
                {
                    "status": update["status"],
                    "narrative": update.get("narrative", ""),
                    "evidence": update.get("evidence", ""),
                    "as_at": _date(update["as_at"]),
                    "recorded_at": _noon(update["as_at"]),
                }
                for update in data.get("updates", [])
            ],
        )


def load_users(entries: list[dict]) -> list[DemoUser]:
    User = get_user_model()
    loaded = []
    for entry in entries:
        user, _ = User.objects.get_or_create(username=entry["username"])
        user.first_name = entry.get("first_name", "")
        user.last_name = entry.get("last_name", "")
        user.email = entry.get("email", f"{entry['username']}@example.org")
        user.is_superuser = user.is_staff = entry.get("superuser", False)
        user.is_staff = user.is_staff or entry.get("staff", False)
        if not user.check_password(entry["password"]):
            user.set_password(entry["password"])
        user.save()
        council_slug = entry.get("council")
        if council_slug:
            council = Council.objects.get(slug=council_slug)
            Membership.objects.update_or_create(
                user=user, council=council, defaults={"role": entry["role"]}
            )
            for title in entry.get("answers_for", []):
                lead_officer_role_match(council=council, name=title, people=[user])
        role = "site administrator" if user.is_superuser else entry["role"]
        loaded.append(DemoUser(user.username, entry["password"], role, council_slug or "all"))
    return loaded


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _noon(value: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(value), time(12)))
