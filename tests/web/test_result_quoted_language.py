"""A result read in another language than its take was answered in says why the statements it
quotes are in that language (the phone look of 2026-12-03, finding 5: on a Spanish page the
English statements looked like a translation someone forgot). Said only when the two differ."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.report import person_pdf
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

IN_SPANISH = "The statements are shown as you answered them, in Spanish."
IN_ENGLISH = "The statements are shown as you answered them, in English."


def alices_result(personas: Personas, answered_in: str, reads_in: str) -> tuple[Attempt, str]:
    attempt = Attempt.objects.get(public_id=personas.finished_attempt_id)
    Attempt.objects.filter(pk=attempt.pk).update(language=answered_in)
    User.objects.filter(pk=personas.alice.pk).update(language=reads_in)
    url = reverse("assessment:results", args=[attempt.public_id])
    return attempt, as_user(personas.alice).get(url).content.decode()


def test_a_result_answered_in_spanish_and_read_in_english_says_so(personas: Personas) -> None:
    _attempt, page = alices_result(personas, answered_in="es", reads_in="en")
    why = page.split('id="why-heading"', 1)[1].split("</p>", 1)[0]
    assert IN_SPANISH in why  # beside the quoted statements, not somewhere else on the page
    assert page.count(IN_SPANISH) == 1
    assert '<span lang="es">' in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_in_the_language_it_was_answered_in_nothing_is_added(
    personas: Personas, language: str
) -> None:
    _attempt, page = alices_result(personas, answered_in=language, reads_in=language)
    assert "as you answered them" not in page
    assert "tal como" not in page


def test_the_pdf_says_it_too(personas: Personas) -> None:
    attempt, _page = alices_result(personas, answered_in="es", reads_in="en")
    attempt.refresh_from_db()
    with translation.override("en"):
        text = "".join(
            p.extract_text()
            for p in PdfReader(io.BytesIO(person_pdf(personas.alice, attempt))).pages
        )
    assert " ".join(IN_SPANISH.split()) in " ".join(text.split())
    Attempt.objects.filter(pk=attempt.pk).update(language="en")
    attempt.refresh_from_db()
    with translation.override("en"):
        text = "".join(
            p.extract_text()
            for p in PdfReader(io.BytesIO(person_pdf(personas.alice, attempt))).pages
        )
    assert "as you answered them" not in " ".join(text.split())


def test_each_language_a_take_can_be_in_has_its_own_sentence() -> None:
    from django.conf import settings

    from interdepend.web.assessment.selectors import QUOTED_IN

    assert set(QUOTED_IN) == {code for code, _name in settings.LANGUAGES}
    assert str(QUOTED_IN["en"]) == IN_ENGLISH
