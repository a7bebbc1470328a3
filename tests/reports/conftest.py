from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from actions.models import Action
from actions.services import progress_update_create
from tests.factories import ActionFactory, RecommendationFactory, ThemeFactory

JULY, SEPTEMBER, NOVEMBER = date(2024, 7, 31), date(2024, 9, 30), date(2024, 11, 8)


def record(action, status, as_at, **fields):
    """A progress update on the action, as an officer would write it."""
    return progress_update_create(action=action, author=None, status=status, as_at=as_at, **fields)


def created_on(action, day: date) -> None:
    """Pretend the action was added to the plan on that day."""
    moment = timezone.make_aware(datetime.combine(day, time(9)))
    Action.objects.filter(pk=action.pk).update(created_at=moment)


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def docx_text(content: bytes) -> str:
    """A Word file's paragraphs, then its tables' cells, as text."""
    document = Document(BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.fixture
def themed_plan(plan):
    """Two themes; theme 1 has an action with two sub-actions, theme 2 one flat action."""
    leadership = ThemeFactory(plan=plan, number="1", title="Strengthen strategic leadership")
    foundation = ThemeFactory(plan=plan, number="2", title="Build a strong foundation")
    r1 = RecommendationFactory(plan=plan, ref="R1", title="Leadership", position=1)
    r2 = RecommendationFactory(plan=plan, ref="R2", title="Performance", position=2)
    parent = ActionFactory(
        plan=plan, ref="1.1", title="Refresh the management team", theme=leadership
    )
    first = ActionFactory(
        plan=plan,
        parent=parent,
        theme=leadership,
        ref="1.1.1",
        title="Create a working space",
        target_text="March 2024",
        lead_officer="Chief Officer HR",
        position=1,
    )
    second = ActionFactory(
        plan=plan,
        parent=parent,
        theme=leadership,
        ref="1.1.2",
        title="Communicate the structure",
        target_text="November 2024",
        lead_officer="COO",
        position=2,
    )
    flat = ActionFactory(
        plan=plan,
        theme=foundation,
        ref="2.1",
        title="Establish a performance board",
        target_text="July 2024",
        lead_officer="COO",
        position=3,
    )
    first.recommendations.set([r1])
    second.recommendations.set([r1, r2])
    flat.recommendations.set([r2])
    return plan
