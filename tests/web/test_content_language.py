"""Content in the reader's language, and a take that keeps the language it was answered in.

With a made-up language whose every content text is the English inside ⟦ ⟧ (tests.pseudo), so
these tests need no real translation.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.assessment import personal
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import INVENTORY_ID
from interdepend.web.research import selectors as research
from tests import pseudo_web
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

pseudo = pseudo_web.pseudo  # the made-up language, as a fixture


def _reads(user: User, language: str) -> Client:
    User.objects.filter(pk=user.pk).update(language=language)
    return as_user(user)


def test_a_take_records_and_keeps_the_language_of_its_statements(
    personas: Personas, pseudo: str
) -> None:
    carol = personas.carol
    Attempt.objects.filter(user=carol).delete()
    client = _reads(carol, pseudo)
    page = client.post(reverse("assessment:start"), follow=True).content.decode()
    attempt = Attempt.objects.get(user=carol)
    assert (attempt.instrument_id, attempt.language) == (INVENTORY_ID, pseudo)
    assert attempt.language_version == "0.0.1"
    assert page.count("<legend>⟦") >= 8  # every statement of the page, in the made-up language
    # The person switches to English half-way: the take's statements stay as they were.
    english = _reads(carol, "en")
    url = reverse("assessment:page", kwargs={"attempt_id": attempt.public_id, "number": 1})
    again = english.get(url).content.decode()
    assert again.count("<legend>⟦") >= 8
    assert '<html lang="en"' in again  # the page around them is in English
    # Started in English, a take shows English statements.
    Attempt.objects.filter(user=carol).delete()
    english.post(reverse("assessment:start"))
    assert Attempt.objects.get(user=carol).language == "en"


def test_the_export_quotes_the_statements_as_they_were_read(
    personas: Personas, pseudo: str
) -> None:
    Attempt.objects.filter(user=personas.alice).update(language=pseudo, language_version="0.0.1")
    rows = personal.export(personas.alice)[personal.ANSWERS_TABLE]
    inventory = [r for r in rows if str(r["item"])[:2] in ("sl", "bn", "en", "dt")]
    assert inventory
    assert all(str(r["statement"]).startswith("⟦") for r in inventory)


def test_the_research_export_names_the_language(personas: Personas, pseudo: str) -> None:
    from interdepend.web.research.services import consent_set

    for person in (personas.alice, personas.bob):
        consent_set(user=person, given=True)
    Attempt.objects.filter(user=personas.alice).update(language=pseudo)
    # Both answered as a couple (the fixture's takes are from before they linked).
    couple = [personas.alice, personas.bob]
    Attempt.objects.filter(user__in=couple, completed_at__isnull=False).update(
        completed_at=timezone.now()
    )
    rows = research.research_rows()
    assert rows, "alice and bob both consented and both finished"
    assert {(r["language_A"], r["language_P"]) for r in rows} <= {(pseudo, "en"), ("en", pseudo)}


def test_a_partner_never_sees_the_others_language(personas: Personas, pseudo: str) -> None:
    """Alice reads and answered in the made-up language; Bob's couple view, which shows her
    revealed result, is in his language alone."""
    Attempt.objects.filter(user=personas.alice).update(language=pseudo)
    _reads(personas.alice, pseudo)
    bob = _reads(personas.bob, "en")
    for name in ("couple:home", "home:home", "daily:today"):
        body = bob.get(reverse(name)).content.decode()
        assert "⟦" not in body, name
    # The check can see the made-up words: in Bob's own language they are there.
    assert "⟦" in _reads(personas.bob, pseudo).get(reverse("couple:home")).content.decode()


def test_a_result_is_explained_in_the_readers_language_and_quotes_as_answered(
    personas: Personas, pseudo: str
) -> None:
    """Alice answered in English and now reads in the made-up language: the scale names and
    the description are in hers, the statements that shaped the result are quoted as she read
    them; read in English, nothing is in the made-up language."""
    attempt = Attempt.objects.filter(user=personas.alice, completed_at__isnull=False).latest(
        "completed_at"
    )
    Attempt.objects.filter(pk=attempt.pk).update(language="en")
    url = reverse("assessment:results", kwargs={"attempt_id": attempt.public_id})
    page = _reads(personas.alice, pseudo).get(url).content.decode()
    assert "<dt>⟦" in page  # what each scale means, in her language now
    drivers = page.split('<ul class="drivers">', 1)[1].split("</ul>", 1)[0]
    quoted = re.findall(r"<span lang=\"en\">([^<]*)</span>", drivers)
    assert quoted and not any("⟦" in q for q in quoted)
    # marked as English, so a screen reader reading her language says them in English (the
    # desktop walk of 2026-12-02)
    assert drivers.count("<li>") == len(quoted)
    english = _reads(personas.alice, "en").get(url).content.decode()
    assert "⟦" not in english and '<span lang="en">' not in english
