"""Write one council's whole data as a Django fixture that `manage.py loaddata` loads back.

Rows keep their ids, so links to actions and plans still work after a restore. Users are written
by username (natural keys), because a fresh install numbers its own accounts. No password hash,
second factor, session or API token leaves: people restored from it have no usable password and
choose one through the usual emailed link, and no one is restored as staff or a site
administrator. The file is personal data.

Evidence files go beside it, in a folder named after the output (`york.json` → `york-files/`),
each under its storage name: copy that folder's contents into the storage (MEDIA_ROOT or the
bucket) of the install that loads the fixture.
"""

import json
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from actions.models import Action, ProgressUpdate
from councils.models import Council, Membership
from evidence.models import EvidenceFile
from plans.models import ImprovementPlan, Recommendation, Theme


class ExactTimesEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; keep every microsecond."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def council_objects(council: Council):
    """The council's rows; users come before the rows that name them by username."""
    yield council
    # Members, and anyone else the council's actions name as owner or author.
    yield from (
        get_user_model()
        .objects.filter(
            Q(memberships__council=council)
            | Q(owned_actions__plan__council=council)
            | Q(progress_updates__action__plan__council=council)
        )
        .distinct()
        .order_by("pk")
    )
    yield from Membership.objects.filter(council=council).order_by("pk")
    yield from ImprovementPlan.objects.filter(council=council).order_by("pk")
    yield from Theme.objects.filter(plan__council=council).order_by("pk")
    yield from Recommendation.objects.filter(plan__council=council).order_by("pk")
    yield from Action.objects.filter(plan__council=council).order_by("pk")
    yield from ProgressUpdate.objects.filter(action__plan__council=council).order_by("pk")
    yield from EvidenceFile.objects.filter(action__plan__council=council).order_by("pk")


def _without_credentials(record: dict) -> dict:
    """A user's row with nothing that signs anyone in or gives rights beyond the council."""
    if record["model"] == "auth.user":
        record["fields"].update(
            password=UNUSABLE_PASSWORD_PREFIX,  # the person chooses one by the emailed link
            is_superuser=False,
            is_staff=False,
            groups=[],
            user_permissions=[],
            last_login=None,
        )
    return record


def council_fixture(council: Council) -> str:
    """The council's rows as a JSON fixture for `loaddata`, with no credentials in it."""
    records = serializers.serialize(
        "python",
        council_objects(council),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    return json.dumps(
        [_without_credentials(record) for record in records],
        indent=1,
        cls=ExactTimesEncoder,
        ensure_ascii=False,
    )


def copy_evidence(council: Council, folder: Path) -> int:
    """Each of the council's evidence files, and its plans' Word templates for the annex, into
    `folder`, under their storage names."""
    files = [
        evidence.file for evidence in EvidenceFile.objects.filter(action__plan__council=council)
    ]
    files += [plan.annex_word_template for plan in council.plans.exclude(annex_word_template="")]
    for stored in files:
        target = folder / stored.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with stored.open("rb") as source, open(target, "wb") as copy:
            for chunk in iter(lambda: source.read(1 << 20), b""):  # noqa: B023 (used at once)
                copy.write(chunk)
    return len(files)
