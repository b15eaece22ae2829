"""*Your practitioners* names each practitioner's kind of work and each consent's scope from
words the view looks up once, where the template looped over every label with a test each: the
page is the same, byte for byte, as the one the old template drew (kept as
``tests/web/reference/practice/mine.html``), in English and Spanish, in two time zones, with no
practitioner and no record, with a long record, with names to escape and right-to-left words,
and after a practitioner erased his account."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.practice.forms import KIND_LABELS, SCOPE_NAMES
from interdepend.web.practice.models import Consent, Scope
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "practice" / "mine.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HOSTILE = "<script>alert('x')</script> & \"Dr\" \u202eשלום"


def _both(client: Client, user: User) -> str:
    """The page, and the old template drawn with the same reads, in her language and zone:
    equal."""
    response = client.get(reverse("practice:mine"))
    assert response.status_code == 200
    found = response.context
    context = {
        "links": [(item, form) for item, form, _kind in found["links"]],
        "history": [line for line, _scope in found["history"]],
        "code_form": found["code_form"],
        "scope_labels": SCOPE_NAMES,
        "kind_labels": KIND_LABELS,
    }
    request = response.wsgi_request
    with translation.override(user.language), timezone.override(user.time_zone):
        before = engines["django"].from_string(REFERENCE).render(context, request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    return page


def _signed_in(user: User, language: str, zone: str) -> Client:
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    return password_confirmed(as_user(user))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_the_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str, zone: str
) -> None:
    alice = personas.alice
    page = _both(_signed_in(alice, language, zone), alice)
    assert "<table>" in page and 'class="card"' in page
    # Nobody linked and no record: the empty page.
    dave = personas.dave
    assert "<table>" not in _both(_signed_in(dave, language, zone), dave)


def test_a_long_record_and_names_to_escape(personas: Personas) -> None:
    alice, pat = personas.alice, personas.practice.pat
    pat.display_name = HOSTILE
    pat.save(update_fields=["display_name"])
    practitioner = pat.practitioner
    practitioner.practice_name = HOSTILE
    practitioner.save(update_fields=["practice_name"])
    first = Consent.objects.filter(link__client=alice).first()
    assert first is not None
    for n in range(30):
        Consent.objects.create(
            link=first.link,
            scope=list(Scope)[n % len(Scope)],
            granted_at=first.granted_at,
            revoked_at=first.granted_at,
        )
    page = _both(_signed_in(alice, "es", "Europe/Madrid"), alice)
    assert page.count("<tr><td>") >= 30 and "<script>alert" not in page


def test_after_a_practitioner_erased_his_account(personas: Personas) -> None:
    from interdepend.web.datarights.services import user_delete

    user_delete(user=personas.practice.pat)
    page = _both(_signed_in(personas.alice, "en", "UTC"), personas.alice)
    assert "<table>" in page
