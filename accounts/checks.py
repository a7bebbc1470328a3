from django.core.checks import Error, register

from councils.models import Role

from .mfa import required_roles

KNOWN = {*Role.values, "admin"}


@register()
def second_factor_roles(app_configs, **kwargs):
    """A misspelt role in MFA_REQUIRED_FOR would silently ask no one for a code."""
    unknown = sorted(required_roles() - KNOWN)
    if not unknown:
        return []
    return [
        Error(
            f"MFA_REQUIRED_FOR names {', '.join(unknown)}, which is not a role",
            hint=f"Use a comma-separated list of {', '.join(sorted(KNOWN))}.",
            id="accounts.E001",
        )
    ]
