"""Every route that takes an id, walked by council A's staff against council B's objects.

Ids in URLs are hostile: each route must answer as if B's object did not exist (404) or refuse
(403), for GET and POST, and never show B's data. A new route with a parameter fails
`test_every_route_with_a_parameter_is_walked` until this file knows how to fill it in.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import Action, ProgressUpdate
from councils.models import Council
from imports.models import ImportUpload
from jobs.models import Job
from plans.models import ImprovementPlan
from rounds.models import ReportingRound

A, B = "york", "example-city"
NOT_IDS = {"app_label", "kind"}  # route parameters that name a kind of page, not an object
# Signing in through B's provider is open to anyone, by design: these may answer (the start
# page, the provider not answering, an answer refused) but must show none of B's data.
SIGN_IN_ROUTES = {"sso_council", "openid_connect_callback"}


def routes_with_parameters():
    """(url name, parameter names) of every named route that takes parameters."""

    def parameters(pattern) -> set:
        names = set(getattr(pattern, "converters", {}) or pattern.regex.groupindex)
        # Unnamed regex groups ("^([^/]+)/history/([^/]+)/$") are positional: "0", "1".
        return names | {str(n) for n in range(pattern.regex.groups - len(names))}

    def walk(resolver, namespace, inherited):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                # an include's own prefix may take parameters ("manage/<council_slug>/members/")
                yield from walk(entry, inner, inherited | parameters(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                names = inherited | parameters(entry.pattern)
                if names:
                    yield f"{namespace}{entry.name}", frozenset(names)

    return sorted(set(walk(get_resolver(), "", set())), key=lambda route: route[0])


ROUTES = routes_with_parameters()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    from tests.factories import ThemeFactory
    from tests.test_admin import queue_records, sign_in_records

    sign_in_records()
    queue_records()
    ThemeFactory(plan=ImprovementPlan.objects.get(council__slug=B))  # B's plan has none of its own
    b_job_and_upload()
    b_round_file()
    b_evidence_file()
    api_tokens()
    b_sign_in()
    b_invitation()
    b_interrupted_email()
    b_date_request()


def b_date_request():
    """An officer of B asks to move a target date: A's staff must not see or decide it."""
    from actions.services import target_date_request

    action = Action.objects.filter(plan__council__slug=B).order_by("pk").first()
    target_date_request(action=action, user=None, asked_for="June 2030", reason="B's reason")


def b_interrupted_email():
    """An email of B's round whose delivery is not known: A's staff must not send it again."""
    from rounds.models import Delivery, MessageKind, RoundMessage

    RoundMessage.objects.create(
        round=ReportingRound.objects.get(plan__council__slug=B),
        kind=MessageKind.INVITATION,
        to="b.officer@example.org",
        subject="B",
        body="B",
        delivery=Delivery.UNKNOWN,
    )


def b_invitation():
    """B invites one of its own people who is not yet a member (A's staff must not answer it)."""
    from councils.models import Invitation, Role
    from tests.factories import UserFactory

    Invitation.objects.create(
        council=Council.objects.get(slug=B),
        user=UserFactory(username="invited.to.b", email="invited@example.org"),
        role=Role.VIEWER,
    )


def b_sign_in():
    """B signs in through its own provider (one that does not answer: nothing leaves here)."""
    from accounts.sso import sso_configure

    sso_configure(
        council=Council.objects.get(slug=B),
        issuer="http://127.0.0.1:9",
        client_id="tracker-b",
        client_secret="b-secret",
        domains=["example-city.gov.uk"],
    )


API_TOKENS = {}


def api_tokens():
    """A token each for A and B: the walk reads the API with A's, aimed at B's rows."""
    from api.tokens import api_token_create

    for slug in (A, B):
        API_TOKENS[slug] = api_token_create(
            council=Council.objects.get(slug=slug), name="Dashboard"
        )[1]


def b_evidence_file():
    """Evidence attached to one of B's updates, holding B's text."""
    from django.core.files.base import ContentFile

    from evidence.models import EvidenceFile

    update = ProgressUpdate.objects.filter(action__plan__council__slug=B).order_by("pk").first()
    b_text = update.action.title
    evidence = EvidenceFile(
        action=update.action,
        update=update,
        original_name="decision.pdf",
        content_type="application/pdf",
        kind="PDF",
        size=len(b_text),
        sha256="0" * 64,
    )
    evidence.file.save("x", ContentFile(b_text.encode()), save=False)
    evidence.save()


def b_round_file():
    """B's published round (from the demo data) with its annex stored, holding B's text."""
    from django.core.files.base import ContentFile

    from rounds.models import PublishedFile

    plan = ImprovementPlan.objects.get(council__slug=B)
    b_text = Action.objects.filter(plan=plan).order_by("pk").first().title
    published = PublishedFile(
        round=ReportingRound.objects.get(plan=plan),
        kind="annex",
        filename="annex.pdf",
        content_type="application/pdf",
        size=len(b_text),
        sha256="0" * 64,
    )
    published.file.save("annex.pdf", ContentFile(b_text.encode()), save=False)
    published.save()


def b_job_and_upload():
    """A finished report job and an upload waiting for import, both of council B."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from imports.models import ImportUpload
    from jobs.models import Job, JobState

    plan = ImprovementPlan.objects.get(council__slug=B)
    b_text = Action.objects.filter(plan=plan).order_by("pk").first().title
    job = Job(
        council=plan.council,
        roles=["coordinator", "viewer", "officer"],
        task_name="reports.tasks.render_annex",
        title=f"Annex of {plan.title}",
        state=JobState.READY,
        filename="annex.pdf",
        content_type="application/pdf",
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    job.file.save("annex.pdf", ContentFile(b_text.encode()), save=False)
    job.save()
    upload = ImportUpload(
        plan=plan,
        uploaded_by=get_user_model().objects.get(username="city.coordinator"),
        filename="b.csv",
    )
    upload.file.save("b.csv", ContentFile(b"Action\n" + b_text.encode()), save=False)
    upload.save()


def object_of_b(model):
    """One of council B's rows of `model` (or, for rows no council owns, any row)."""
    user_model = get_user_model()
    if model is user_model:
        return user_model.objects.get(username="city.officer")
    path = getattr(model, "council_path", None)
    if path is None:
        return model._default_manager.order_by("pk").first()
    lookup = {f"{path}__slug" if path else "slug": B}
    return model._default_manager.filter(**lookup).order_by("pk").first()


def fill(name, parameters):
    """kwargs that point route `name` at council B's objects, or None for routes not about one."""
    council = Council.objects.get(slug=B)
    plan = ImprovementPlan.objects.get(council=council)
    action = Action.objects.filter(plan=plan).order_by("pk").first()
    values = {}
    for parameter in parameters:
        if parameter == "council_slug":
            values[parameter] = council.slug
        elif parameter == "plan_slug":
            values[parameter] = plan.slug
        elif parameter in ("pk", "action_id"):
            values[parameter] = action.pk
        elif parameter == "plan_id":
            values[parameter] = plan.pk
        elif parameter == "member_id":
            values[parameter] = council.memberships.order_by("pk").first().pk
        elif parameter == "uidb64":  # a B member's set-password link, with a guessed token
            from django.utils.encoding import force_bytes
            from django.utils.http import urlsafe_base64_encode

            values[parameter] = urlsafe_base64_encode(force_bytes(object_of_b(get_user_model()).pk))
        elif parameter == "token":
            values[parameter] = "set-password"
        elif parameter == "part_id":  # a theme or a recommendation of the plan
            parts = plan.themes if ":theme_" in name else plan.recommendations
            values[parameter] = parts.order_by("pk").first().pk
        elif parameter == "job_id":
            values[parameter] = Job.objects.get(council=council).pk
        elif parameter == "upload_id":
            values[parameter] = ImportUpload.objects.get(plan=plan).pk
        elif parameter == "kind":
            values[parameter] = "annex" if name.endswith(":file") else "xlsx"
        elif parameter == "round_id":
            values[parameter] = ReportingRound.objects.get(plan=plan).pk
        elif parameter == "token_id":
            from api.models import ApiToken

            values[parameter] = ApiToken.objects.get(council=council).pk
        elif parameter == "file_id":
            from evidence.models import EvidenceFile

            values[parameter] = EvidenceFile.objects.get(action__plan=plan).pk
        elif parameter == "update_id":
            values[parameter] = ProgressUpdate.objects.filter(action__plan=plan).first().pk
        elif parameter == "invitation_id":
            from councils.models import Invitation

            values[parameter] = Invitation.objects.get(council=council).pk
        elif parameter == "message_id":
            from rounds.models import RoundMessage

            values[parameter] = RoundMessage.objects.get(round__plan__council=council).pk
        elif parameter == "request_id":
            from actions.models import TargetDateRequest

            values[parameter] = TargetDateRequest.objects.get(action__plan=plan).pk
        elif parameter == "answer":
            values[parameter] = "accept"
        elif parameter == "provider_id":
            values[parameter] = f"council-{council.pk}"
        elif parameter == "app_label":
            values[parameter] = "actions"
        elif (
            parameter == "object_id" and name.startswith("admin:") and name != "admin:view_on_site"
        ):
            app_model = name.removeprefix("admin:").rsplit("_", 1)[0]
            model = _admin_model(app_model)
            values[parameter] = object_of_b(model).pk
        elif parameter == "id" and name == "admin:auth_user_password_change":
            values[parameter] = object_of_b(get_user_model()).pk
        elif name == "admin:view_on_site" and parameter == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            values[parameter] = ContentType.objects.get_for_model(Action).pk
        elif name == "admin:view_on_site" and parameter == "object_id":
            values[parameter] = action.pk
        elif parameter == "history_id":
            model = _admin_model(name.removeprefix("admin:").rsplit("_", 2)[0])
            values[parameter] = object_of_b(model).history.first().history_id
        elif name.endswith("_simple_history") and parameter in ("0", "1"):
            # simple-history's past-version page: (object id, history id)
            model = _admin_model(name.removeprefix("admin:").removesuffix("_simple_history"))
            found = object_of_b(model)
            values[parameter] = found.pk if parameter == "0" else found.history.first().history_id
        else:
            return None
    return values


def url_for(name, parameters):
    values = fill(name, parameters)
    if all(key.isdigit() for key in values):
        return reverse(name, args=[values[key] for key in sorted(values)])
    return reverse(name, kwargs=values)


def _admin_model(app_model):
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == app_model:
            return model
    raise LookupError(app_model)


def test_every_route_with_a_parameter_is_walked(demo):
    unknown = [name for name, parameters in ROUTES if fill(name, parameters) is None]
    assert not unknown, f"Teach tests/test_cross_council.py how to fill: {unknown}"


def test_council_a_staff_cannot_reach_council_b_objects(demo, client):
    """GET and POST every route with an id, as A's coordinator and A's officer (both given staff
    access, the worst case), pointed at B's objects."""
    b_titles = list(Action.objects.filter(plan__council__slug=B).values_list("title", flat=True))
    before = counts()
    walked, reached = 0, []
    for username in ("york.coordinator", "york.officer"):
        user = get_user_model().objects.get(username=username)
        user.is_staff = True
        user.save()
        client.force_login(user)
        for name, parameters in ROUTES:
            if parameters <= NOT_IDS:
                continue  # a kind of page, not an object: the admin tests cover these
            url = url_for(name, parameters)
            for method in ("get", "post"):
                walked += 1
                token = {"HTTP_AUTHORIZATION": f"Bearer {API_TOKENS[A]}"}
                response = getattr(client, method)(
                    url,
                    HOSTILE_POST if method == "post" else {},
                    **(token if "api/" in url else {}),
                )
                body = response.content.decode(errors="replace")
                # 405 (a route refusing the method, whatever the id) says nothing about B either
                refused = (403, 404, 405) + ((200, 401, 502) if name in SIGN_IN_ROUTES else ())
                if response.status_code not in refused or any(t[:60] in body for t in b_titles):
                    reached.append(f"{method.upper()} {url} as {username}: {response.status_code}")
    assert not reached, "\n".join(reached)
    assert walked >= 60, walked
    assert counts() == before
    assert not Action.objects.filter(title="Hostile").exists()
    from rounds.models import RoundMessage

    assert RoundMessage.objects.get(round__plan__council__slug=B).delivery == "unknown"
    from actions.models import TargetDateRequest

    assert TargetDateRequest.objects.get(action__plan__council__slug=B).state == "waiting"


def counts() -> tuple:
    """How many of each row there are: a walk that writes anything of B's changes these."""
    from allauth.socialaccount.models import SocialAccount, SocialApp

    from accounts.models import CouncilSignIn
    from actions.models import UpdateDraft
    from councils.models import Invitation, Membership
    from evidence.models import EvidenceFile
    from plans.models import Recommendation, Theme
    from rounds.models import RoundMessage

    models = (
        Action,
        ProgressUpdate,
        ImprovementPlan,
        Theme,
        Recommendation,
        Membership,
        Invitation,
        EvidenceFile,
        RoundMessage,
        UpdateDraft,
        CouncilSignIn,
        SocialApp,
        SocialAccount,
        Job,
        Council,
    )
    return tuple(model.objects.count() for model in models)


HOSTILE_POST = {"status": "complete", "narrative": "Hostile", "post": "yes", "title": "Hostile"}
