"""The steps of talking it through are drawn once per language and kept
(``daily.conversation.steps_drawn``, issue 15's tenth pass): held byte for byte to the template
that drew them on every view (``tests/web/reference/steps.html``), in English and Spanish and
in two time zones; the page around them is the page it was; and what is kept is the fixed words
of a language, nothing of anyone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.daily import conversation
from interdepend.web.daily.templatetags import steps as kept
from interdepend.web.frame.warmup import make_sample_reports
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "steps.html").read_text().rstrip("\n")


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def reference() -> str:
    return Template("{% load i18n %}" + REFERENCE).render(Context({"steps": conversation.steps()}))


def test_the_kept_steps_are_the_template_they_replaced(where: str) -> None:
    conversation.steps_drawn.cache_clear()
    drawn = kept.conversation_steps()
    assert drawn == reference()
    assert drawn.count('<li class="card conversation-step"') == len(conversation.steps())
    assert kept.conversation_steps() is drawn  # kept: the second view draws nothing


def test_each_language_has_its_own_steps() -> None:
    with translation.override("en"):
        english = kept.conversation_steps()
    with translation.override("es"):
        spanish = kept.conversation_steps()
    assert english != spanish
    with translation.override("en"):
        assert "Before you start" in english and kept.conversation_steps() == english


def page(client: Client, query: str = "") -> str:
    body = client.get(reverse("daily:talk_it_through") + query).content.decode()
    return body.replace(client.cookies["csrftoken"].value, "csrf")


def test_the_page_holds_the_steps_and_only_the_topic_is_its_own(personas: Personas) -> None:
    """The page of one partner, with a topic from the couple's list, and of the other without:
    the steps are the same characters, and nothing kept names either person or holds the
    topic (a question of the library, which only the page with it shows)."""
    from django.utils.html import escape

    from interdepend.web.daily.models import TalkItem

    conversation.steps_drawn.cache_clear()
    item = TalkItem.objects.get(public_id=personas.daily["talk"])
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    with_topic = page(alice, f"?item={item.public_id}")
    without = page(bob)
    with translation.override("en"):
        steps = reference()
    assert steps in with_topic and steps in without
    topic = escape(item.question_text)
    assert topic in with_topic and topic not in without
    held = "".join(conversation.steps_drawn(code) for code, _name in settings.LANGUAGES)
    for person in (personas.alice, personas.bob):
        assert person.display_name not in held and person.email not in held
    assert topic not in held


def test_a_worker_draws_the_steps_of_every_language_as_it_starts() -> None:
    conversation.steps_drawn.cache_clear()
    make_sample_reports()
    assert conversation.steps_drawn.cache_info().currsize == len(settings.LANGUAGES)
    misses = conversation.steps_drawn.cache_info().misses
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            kept.conversation_steps()
    assert conversation.steps_drawn.cache_info().misses == misses
