"""Evidence files are downloaded only here, by members of the action's council: always as an
attachment, in the type recognised when it was uploaded, never opened in the browser."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from councils.access import visible_or_404

from .models import EvidenceFile


@login_required
def evidence_download(request, file_id):
    evidence = visible_or_404(EvidenceFile.objects.all(), request.user, pk=file_id)
    try:
        stored = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is missing from storage.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
