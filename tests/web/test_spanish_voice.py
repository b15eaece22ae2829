"""The Spanish words speak to a couple in one voice: *vosotros*, as the rest of the app does
("mientras estáis juntos", "vuestras páginas"), never the *ustedes* of Latin America or of a
formal letter. One person is always *tú*; the two of them are *vosotros*, or, where Spanish
would otherwise force a gender, a neutral "las dos personas" / "en pareja".

The checks read ``django.po`` (every message, its plural forms and the obsolete ones kept for
later) and look for forms that can only mean "you two" said as *ustedes*. Third-person plurals
about other people ("los profesionales pueden...") are not caught, on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from tests.conftest import Personas

PO = Path(__file__).resolve().parents[2] / "src/interdepend/web/locale/es/LC_MESSAGES/django.po"

#: Forms that, in this app, only ever address the couple as *ustedes*.
USTEDES = {
    "ustedes": r"\bustedes\b",
    "ayudarles": r"\bayudarles\b",
    "a command to the two": r"\b(siéntense|elijan quién|sigan haciendo)\b",
    "les funciona, se les ocurra": r"\b(les funciona|se les ocurra)\b",
    "si la eligen, cuando tengan que": r"\b(si la eligen|cuando tengan que)\b",
    "estan decidiendo, estan hablando": r"\bestán (decidiendo|hablando)\b",
    "pueden crecer, pueden explorar": r"\bpueden (crecer|explorar|convertirlo)\b",
    "se ven mutuamente": r"\bse ven mutuamente\b",
    "X y tu, then a third-person plural": r"\by tú (tienen|están|hayan|pueden|son)\b",
    "tu y X, then a third-person plural": r"\btú y \S+ (están|tienen|son)\b",
    "se apoyan mutuamente tu y tu pareja": r"\bse apoyan mutuamente tú\b",
}


def _messages() -> list[tuple[str, str]]:
    """Every Spanish message with the English it translates, plural forms included."""
    found: list[tuple[str, str]] = []
    for entry in polib.pofile(str(PO)):
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        found.extend((entry.msgid, text) for text in texts if text)
    return found


@pytest.mark.parametrize("label", USTEDES)
def test_no_spanish_message_addresses_the_couple_as_ustedes(label: str) -> None:
    pattern = re.compile(USTEDES[label], re.IGNORECASE)
    offending = sorted({english for english, text in _messages() if pattern.search(text)})
    assert not offending, f"{label}: use vosotros (or a neutral form) in {offending}"


def test_your_is_never_sus() -> None:
    """An English "Your ..." is *tu*/*tus* for one person and *vuestro*/*vuestra* for the two:
    never the *ustedes* "Su"/"Sus" ("Sus respuestas en Yo y Vínculo...")."""
    offending = sorted(
        english
        for english, text in _messages()
        if english.startswith("Your ") and re.match(r"Sus? ", text)
    )
    assert not offending, f"use Tu/Tus or Vuestro/Vuestra in {offending}"


REPORT = (
    "This report is for the two of you to talk over, alone or with a practitioner. It describes "
    "how each of you answered; it is not a diagnosis, not a verdict on either of you, and not a "
    "clinical instrument, and where it draws the line between a little and a lot is still being "
    "checked."
)
HELP_TALK = (
    "What %(a)s and %(b)s each chose to share, side by side. It is here to help you talk, not to "
    "score either of you."
)


def test_the_couple_pages_speak_to_the_couple_as_vosotros() -> None:
    """A few of the couple view's and the couple report's words, as the audit read them."""
    spanish = dict(_messages())
    assert "ayudaros a hablar" in spanish[HELP_TALK]
    assert spanish["Where you can grow together"] == "Dónde podéis crecer como pareja"
    assert "para que lo habléis en pareja" in spanish[REPORT]


def test_a_practitioners_kind_reads_as_their_work() -> None:
    """The kinds are fields of work in Spanish ("Terapia", "Orientación", "Coaching", neither
    masculine nor feminine), so the invitation said "Se presenta como: Orientación", as if the
    person were a field (the practitioner audit of 2026-12-03, L4)."""
    spanish = dict(_messages())
    assert spanish["Counsellor"] == "Orientación"
    assert spanish["Describes themselves as: %(kind)s"] == "Dice que su trabajo es: %(kind)s"


@pytest.mark.django_db
def test_quoted_statements_take_the_readers_quotation_marks(personas: Personas) -> None:
    """Statements quoted on the result and the couple view stood in English marks, “…”, among
    Spanish words that use «…» (the Spanish phone walk of 2026-12-03)."""
    from django.urls import reverse

    from interdepend.web.accounts.models import User
    from tests.helpers import as_user, password_confirmed

    quoted = {}
    for language in ("en", "es"):
        User.objects.filter(pk=personas.alice.pk).update(language=language)
        client = password_confirmed(as_user(personas.alice))
        url = reverse("assessment:results", args=[personas.finished_attempt_id])
        quoted[language] = client.get(url).content.decode()
    assert "“" in quoted["en"] and "«" not in quoted["en"]
    assert "«" in quoted["es"] and "“" not in quoted["es"]
