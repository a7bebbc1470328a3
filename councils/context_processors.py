from django.utils.functional import SimpleLazyObject

from .models import Council, closed_to, memberships_of
from .permissions import Can, role_may


def current_council(request):
    """The council heading the page (the one a view shows, else the user's only council), and
    whether the person may read reports anywhere (the menu's Reports), and what their home is
    called: "My actions" for those who report on actions, "Home" for councillors who read.
    One query, when needed."""
    user = getattr(request, "user", None)
    memberships = SimpleLazyObject(lambda: memberships_of(user) if user else [])
    council = getattr(request, "council", None)
    if council is None and user and user.is_authenticated and len(memberships) == 1:
        council = memberships[0].council
    return {
        "current_council": council,
        "reads_reports": SimpleLazyObject(
            lambda: (
                bool(user and user.is_authenticated)
                and (
                    user.is_superuser
                    or any(role_may(m.role, Can.READ_REPORTS) for m in memberships)
                )
            )
        ),
        # The councils whose plans the person builds: the menu's "Build plans".
        "coordinates": SimpleLazyObject(
            lambda: [m.council for m in memberships if role_may(m.role, Can.BUILD_PLANS)]
        ),
        # The person's councils whose own sign-in rules this session has not met yet.
        "councils_asking_sign_in": SimpleLazyObject(
            lambda: (
                list(Council.objects.filter(pk__in=closed_to(user)))
                if user and user.is_authenticated and closed_to(user)
                else []
            )
        ),
        # Councils that invite the person to join: the home page offers to answer.
        "invitations_waiting": SimpleLazyObject(
            lambda: (
                list(user.council_invitations.select_related("council"))
                if user and user.is_authenticated
                else []
            )
        ),
        "home_label": SimpleLazyObject(
            lambda: (
                "Home"
                if memberships
                and not any(role_may(m.role, Can.REPORT_ON_OWN_ACTIONS) for m in memberships)
                else "My actions"
            )
        ),
    }
