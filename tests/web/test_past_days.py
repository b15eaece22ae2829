"""The days on the page of earlier questions, drawn in Python (``daily/templatetags/pastdays.py``,
issue 15's tenth pass), against the loop it replaced (``tests/web/reference/past_day.html``):
byte for byte, in English and Spanish and two time zones, for no day, one, a long list and
every kind of day (for her alone, shared and waiting, both open with and without a talk, a
question gone from the library), with words full of markup, ampersands, quotes, line breaks
and right-to-left text; and the page is the page it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.core.daily import question_by_id
from interdepend.web.accounts.models import User
from interdepend.web.daily.access import PastDay
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.daily.templatetags.pastdays import past_days
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "past_day.html").read_text()
CSRF = "tok3n<&\"'>"
TEXTS = [
    "Plain words.",
    "<script>alert('x')</script>",
    'Tom & "Jerry"\nsecond line\r\nthird',
    "מרים אמרה\n\nשלום",
    "ليلى & Ben\u202e",
]


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def days_of(user: User, count: int, partnership_id: int) -> list[PastDay]:
    """``count`` days of every kind in turn, newest first."""
    found = []
    start = date(2026, 11, 30)
    for n in range(count):
        kind = n % 6
        day = start - timedelta(days=n)
        mine = DailyAnswer(
            owner=user,
            partnership_id=None if kind == 0 else partnership_id,
            day=day,
            question_id="zz99" if kind == 5 else "o001",
            text=f"{TEXTS[n % len(TEXTS)]} {n}",
        )
        theirs = None
        if kind in (2, 3, 5):
            theirs = DailyAnswer(day=day, question_id="o001", text=TEXTS[(n + 1) % len(TEXTS)])
        talk = TalkItem(day=day, question_id="o001") if kind == 3 else None
        language = translation.get_language()
        found.append(
            PastDay(
                mine=mine,
                question=question_by_id(mine.question_id, language),
                theirs=theirs,
                talk=talk,
                waiting=kind == 4,
            )
        )
    return found


def both(user: User, days: list[PastDay]) -> tuple[str, str]:
    context = {"days": days, "csrf_token": CSRF, "user": user}
    reference = Template("{% load i18n %}" + REFERENCE).render(Context(context))
    return str(past_days(Context(context), days)), reference


@pytest.mark.parametrize("count", [0, 1, 6, 40])
def test_the_days_are_the_template_they_replaced(
    personas: Personas, where: str, count: int
) -> None:
    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    drawn, reference = both(personas.alice, days_of(personas.alice, count, active_id))
    assert drawn == reference
    assert drawn.count('<li class="card">') == count


def test_words_and_the_token_are_escaped_as_the_template_escaped_them(
    personas: Personas, where: str
) -> None:
    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    drawn, reference = both(personas.alice, days_of(personas.alice, 12, active_id))
    assert drawn == reference
    assert "<script>" not in drawn and "&lt;script&gt;alert(&#x27;x&#x27;)" in drawn
    assert "Tom &amp; &quot;Jerry&quot;<br>second line<br>third" in drawn
    assert "\u202e" not in drawn
    assert 'value="tok3n&lt;&amp;&quot;&#x27;&gt;"' in drawn
    assert drawn.count('name="back" value="past"') == 4  # both open, not on the list yet


def test_the_page_lists_her_days(personas: Personas) -> None:
    body = as_user(personas.alice).get(reverse("daily:past")).content.decode()
    for answer in DailyAnswer.objects.filter(owner=personas.alice):
        assert answer.text in body or "&" in answer.text
    assert (
        body.count('<li class="card">') == DailyAnswer.objects.filter(owner=personas.alice).count()
    )
