def current_council(request):
    """The council heading the page: the one a view shows, else the user's only council."""
    council = getattr(request, "council", None)
    if council is None and getattr(request, "user", None) and request.user.is_authenticated:
        councils = list(request.user.memberships.select_related("council")[:2])
        if len(councils) == 1:
            council = councils[0].council
    return {"current_council": council}
