"""A post too big for Django to read at all (over ``DATA_UPLOAD_MAX_MEMORY_SIZE``), sent to a
form that holds a long text: said in our words, with how long the box may be; nothing saved
(the forms audit of 2026-12-03, L4). Any other address keeps the general page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from interdepend.web.journal.models import Entry
from interdepend.web.together.models import CirclePerson, GoalNote
from tests.conftest import Personas
from tests.helpers import as_user
from tests.journal_fixtures import entry_id

pytestmark = pytest.mark.django_db

#: Three megabytes: past Django's 2.5 MB.
HUGE = "x" * 3_000_000


def test_the_limit_is_django_s_own() -> None:
    assert len(HUGE) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.parametrize(
    ("where", "field", "limit", "rows"),
    [
        (lambda p: reverse("journal:write"), "body", 20000, Entry),
        (lambda p: reverse("journal:edit", args=[entry_id("alice-private")]), "body", 20000, Entry),
        (
            lambda p: reverse("together:goal_note", args=[p.together["shared_goal"]]),
            "text",
            2000,
            GoalNote,
        ),
    ],
)
def test_a_text_far_too_long_to_read_is_said_so_with_the_box_s_limit(
    personas: Personas, where: object, field: str, limit: int, rows: type[Entry]
) -> None:
    before = rows.objects.count()
    response = as_user(personas.alice).post(where(personas), {field: HUGE})  # type: ignore[operator]
    assert response.status_code == 413
    html = response.content.decode()
    assert "That was too long to read" in html and "nothing was saved" in html
    assert f"This box holds up to {limit} characters." in html
    assert "we never read them" in html
    assert "Something in that request was not right" not in html
    assert rows.objects.count() == before


def test_elsewhere_a_post_too_big_is_said_so_without_a_box(personas: Personas) -> None:
    before = CirclePerson.objects.count()
    response = as_user(personas.alice).post(reverse("together:circle"), {"name": HUGE})
    assert response.status_code == 413
    html = response.content.decode()
    assert "That was too long to read" in html and "nothing was saved" in html
    assert "This box holds" not in html
    assert CirclePerson.objects.count() == before
