from django.shortcuts import render

from .services import TooManyJobsWaiting


class TooManyJobsWaitingMiddleware:
    """Any page that asks for a job answers the same way when the person has too many waiting:
    a page listing theirs, with 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TooManyJobsWaiting):
            context = {"waiting": exception.waiting}
            return render(request, "jobs/too_many_waiting.html", context, status=429)
        return None
