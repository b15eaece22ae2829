"""The support circle's people, drawn in Python (``together/templatetags/circleitems.py``,
issue 15's tenth pass), against the loop it replaced (``tests/web/reference/circle_item.html``):
byte for byte, in English and Spanish and two time zones, for an empty list, one person, a long
list, a day noted and none, and names full of markup, ampersands, quotes and right-to-left
text; and the page around them is the page it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.together.models import CirclePerson
from interdepend.web.together.templatetags.circleitems import circle_items
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "circle_item.html").read_text().rstrip("\n")
CSRF = "tok3n<&\"'>"
NAMES = [
    "Ana",
    "<script>alert('x')</script>",
    'Tom & "Jerry"',
    "מרים",
    "ليلى & Ben",
    "O'Brien\u202e",
]


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def people_of(personas: Personas, count: int) -> list[CirclePerson]:
    owner = personas.carol
    CirclePerson.objects.filter(owner=owner).delete()
    for n in range(count):
        CirclePerson.objects.create(
            owner=owner,
            name=f"{NAMES[n % len(NAMES)]} {n}",
            last_connected=None if n % 3 == 1 else date(2026, 1, 1) + timedelta(days=37 * n),
        )
    return list(CirclePerson.objects.filter(owner=owner).order_by("name", "pk"))


def both(people: list[CirclePerson]) -> tuple[str, str]:
    context = {"people": people, "csrf_token": CSRF}
    reference = Template("{% load i18n %}" + REFERENCE).render(Context(context))
    return str(circle_items(Context(context), people)), reference


@pytest.mark.parametrize("count", [0, 1, len(NAMES), 40])
def test_the_items_are_the_template_they_replaced(
    personas: Personas, where: str, count: int
) -> None:
    people = people_of(personas, count)
    drawn, reference = both(people)
    assert drawn == reference
    assert drawn.count('<li class="item">') == count


def test_names_and_the_token_are_escaped_as_the_template_escaped_them(
    personas: Personas, where: str
) -> None:
    drawn, reference = both(people_of(personas, len(NAMES)))
    assert drawn == reference
    assert "<script>" not in drawn and "&lt;script&gt;alert(&#x27;x&#x27;)" in drawn
    assert "Tom &amp; &quot;Jerry&quot;" in drawn
    assert "<bdi>מרים 0</bdi>" not in drawn and "<bdi>מרים 3</bdi>" in drawn
    assert "\u202e" not in drawn  # a stored bidi control is dropped, as isolate drops it
    assert 'value="tok3n&lt;&amp;&quot;&#x27;&gt;"' in drawn


def test_the_page_shows_her_people_with_their_forms(personas: Personas) -> None:
    people = people_of(personas, 3)
    body = as_user(personas.carol).get(reverse("together:circle")).content.decode()
    for person in people:
        assert reverse("together:circle_seen", args=[person.public_id]) in body
        assert reverse("together:circle_remove", args=[person.public_id]) in body
    assert body.count('name="csrfmiddlewaretoken"') >= 2 * len(people)
