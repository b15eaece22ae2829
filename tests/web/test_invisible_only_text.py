"""Text that shows nothing (zero-width characters, bidi marks) is empty, as spaces alone are:
refused in a long text a form needs, with the words kept in the box; blank in an optional one
(the forms audit of 2026-12-03, L3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.models import Model
from django.urls import reverse

from interdepend.web.daily.models import DailyAnswer
from interdepend.web.frame.usertext import shows_nothing
from interdepend.web.journal.models import Entry
from interdepend.web.together.models import Boundary, BoundaryEvent, CheckIn, Goal, GoalNote
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user
from tests.journal_fixtures import entry_id

pytestmark = pytest.mark.django_db

#: A zero-width space twice, a right-to-left mark, a word joiner, a byte order mark, a
#: zero-width joiner, a variation selector and a line break: nothing shows.
NOTHING = "\u200b\u200b\u200f\u2060\ufeff\u200d\ufe0f\n"


@dataclass(frozen=True)
class Field:
    """A long text field a form needs: where it is sent, the rest of its form, the words it
    says when empty and the rows it would write."""

    url: Callable[[Personas], str]
    name: str
    rest: dict[str, str]
    said: str
    rows: type[Model]


def _goal(p: Personas) -> str:
    return p.together["shared_goal"]


def _version(p: Personas) -> str:
    return str(Goal.objects.get(public_id=_goal(p)).version)


REQUIRED = {
    "journal entry": Field(
        lambda p: reverse("journal:write"),
        "body",
        {"prompt": ""},
        "There is nothing written yet.",
        Entry,
    ),
    "journal entry, edited": Field(
        lambda p: reverse("journal:edit", args=[entry_id("alice-private")]),
        "body",
        {},
        "There is nothing written yet.",
        Entry,
    ),
    "boundary": Field(
        lambda p: reverse("together:boundaries"), "text", {}, "Please fill this in.", Boundary
    ),
    "goal note": Field(
        lambda p: reverse("together:goal_note", args=[_goal(p)]),
        "text",
        {},
        "Please fill this in.",
        GoalNote,
    ),
    "answer for today": Field(
        lambda p: reverse("daily:today"),
        "text",
        {},
        "Write a few words first; there is no wrong answer.",
        DailyAnswer,
    ),
}


@pytest.mark.parametrize("kind", list(REQUIRED))
def test_a_needed_long_text_that_shows_nothing_is_refused_with_the_words_kept(
    personas: Personas, kind: str
) -> None:
    field = REQUIRED[kind]
    before = list(field.rows._default_manager.order_by("pk").values())
    response = as_user(personas.alice).post(
        field.url(personas), {**field.rest, field.name: NOTHING, "idem": "zw"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert field.said in html
    assert "\u200b\u200b\u200f" in html  # kept in the box, as typed
    assert list(field.rows._default_manager.order_by("pk").values()) == before


def test_spaces_alone_are_refused_the_same_way(personas: Personas) -> None:
    """The rule the invisible text now follows."""
    response = as_user(personas.alice).post(reverse("together:boundaries"), {"text": "   "})
    assert response.status_code == 400 and "Please fill this in." in response.content.decode()


def test_new_wording_that_shows_nothing_is_refused_as_no_wording(personas: Personas) -> None:
    """As spaces alone are (tests/web/test_together.py): the step is refused, nothing kept."""
    boundary = Boundary.objects.get(public_id=personas.together["boundary"])
    before = BoundaryEvent.objects.filter(boundary=boundary).count()
    response = as_user(personas.bob).post(
        reverse("together:boundary_act", args=[boundary.public_id]),
        {"action": "propose", "text": NOTHING},
        follow=True,
    )
    assert "That step is not open right now." in response.content.decode()
    assert BoundaryEvent.objects.filter(boundary=boundary).count() == before


@pytest.mark.parametrize("kind", ["new goal", "goal edited"])
def test_an_optional_detail_that_shows_nothing_is_left_blank(personas: Personas, kind: str) -> None:
    alice = as_user(personas.alice)
    if kind == "new goal":
        alice.post(
            reverse("together:goals"), {"title": "Learn to sail", "detail": NOTHING, "idem": "g"}
        )
        goal = Goal.objects.get(owner=personas.alice, idem_key="g")
    else:
        alice.post(
            reverse("together:goal_edit", args=[_goal(personas)]),
            {"title": "Walk by the river", "detail": NOTHING, "version": _version(personas)},
        )
        goal = Goal.objects.get(public_id=_goal(personas))
    assert goal.detail == ""


def test_a_check_in_need_that_shows_nothing_is_left_blank(personas: Personas) -> None:
    as_user(personas.carol).post(
        reverse("together:checkin"), {"heard": "5", "need": NOTHING, "password": PASSWORD}
    )
    assert CheckIn.objects.filter(owner=personas.carol).latest("week").need == ""


@pytest.mark.parametrize(
    ("text", "nothing"),
    [
        (NOTHING, True),
        ("", True),
        (" \t\n", True),
        ("\u2066\u2069\u202e", True),
        ("\U000e0101", True),
        ("a\u200b", False),
        ("\U0001f469\u200d\U0001f467", False),  # an emoji joined by a zero-width joiner
        ("\u0300", False),  # a combining accent shows on its own
        ("\u3000x", False),
    ],
)
def test_what_shows_nothing(text: str, nothing: bool) -> None:
    assert shows_nothing(text) is nothing
