"""The API's pages in the product: its docs (made from its OpenAPI schema, so they never drift
from it) and a coordinator's page of their council's tokens."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.single_line import SingleLineFieldsMixin
from councils.access import council_where_may_or_404
from councils.permissions import Can

from .api import api
from .models import ApiToken
from .tokens import api_token_create, api_token_revoke

REFUSAL = "API tokens of {council} are managed by its coordinators."


def api_docs(request):
    schema = api.get_openapi_schema()
    operations = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", "").replace("`", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "type": _type_of(parameter.get("schema", {})),
                            "required": parameter.get("required", False),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                }
            )
    return render(
        request,
        "api/docs.html",
        {
            "operations": operations,
            "info": schema["info"],
            "example_base": _base(request),
            "rate": _rate_in_words(settings.API_RATE_LIMIT),
        },
    )


def _type_of(schema: dict) -> str:
    if "anyOf" in schema:
        return " or ".join(
            _type_of(option) for option in schema["anyOf"] if option != {"type": "null"}
        )
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    return schema.get("format") or schema.get("type", "")


def _rate_in_words(rate: str) -> str:
    count, _, period = rate.partition("/")
    unit = {"s": "second", "m": "minute", "h": "hour", "d": "day"}.get(period[:1], period)
    return f"{count} requests a {unit}"


def _base(request) -> str:
    return request.build_absolute_uri("/api/v1/")


class TokenForm(SingleLineFieldsMixin, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example “Power BI performance dashboard”. Shown in this list only.",
        max_length=100,
        error_messages={"required": "Say what the token is for"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", label_size=Size.MEDIUM, label_tag="h2"),
            Submit("make", "Make a token"),
        )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request, council_slug):
    council = council_where_may_or_404(request.user, council_slug, Can.MANAGE_API_TOKENS, REFUSAL)
    request.council = council
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, created = api_token_create(
            council=council, name=form.cleaned_data["name"], user=request.user
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(council=council).annotate(use_count=Count("uses"))
    return render(
        request,
        "api/tokens.html",
        {"council": council, "form": form, "tokens": tokens, "created": created},
    )


@login_required
@require_POST
def token_revoke(request, council_slug, token_id):
    council = council_where_may_or_404(request.user, council_slug, Can.MANAGE_API_TOKENS, REFUSAL)
    token = get_object_or_404(ApiToken.objects.filter(council=council), pk=token_id)
    api_token_revoke(token=token)
    messages.success(request, f"Token revoked: {token.name}. It no longer opens the API.")
    return redirect("api_tokens:list", council.slug)
