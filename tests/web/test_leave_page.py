"""The leave page's paragraphs are written in Python (``partners/templatetags/leavewords.py``),
where the template had six ``{% blocktranslate trimmed %}`` blocks: the page is the same, byte
for byte, as the one the old template drew (kept as ``tests/web/reference/partners/leave.html``),
in English and Spanish, in two time zones, with a partner's name full of markup, an ampersand,
quotes and right-to-left text, and with each note on a practitioner link between the two."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "partners" / "leave.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HOSTILE = "<script>alert('x')</script> & \"Bo\" \u202eשלום"


def _both(user: User, language: str, zone: str) -> str:
    """Her leave page, and the old template drawn with the same context, in her language and
    zone: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = password_confirmed(as_user(user)).get(reverse("partners:leave"))
    assert response.status_code == 200
    context = {
        key: response.context[key]
        for key in ("form", "active", "see_url", "reset_url", "theirs_ends", "mine_ends")
    }
    with translation.override(language), timezone.override(zone):
        before = engines["django"].from_string(REFERENCE).render(context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    return page


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_the_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str, zone: str
) -> None:
    bob = personas.bob
    bob.display_name = HOSTILE
    bob.save(update_fields=["display_name"])
    page = _both(personas.alice, language, zone)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.count("<bdi>") >= 2 and 'data-ends="practitioner"' not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_note_on_a_practitioner_link_between_the_two(
    personas: Personas, language: str
) -> None:
    from interdepend.web.practice.models import Practitioner
    from interdepend.web.practice.services import (
        client_invitation_create,
        client_invitation_redeem,
        practitioner_enable,
    )

    alice, bob = personas.alice, personas.bob
    bob.display_name = HOSTILE
    bob.save(update_fields=["display_name"])

    def linked(practitioner: User, client: User) -> None:
        practitioner_enable(user=practitioner, kind="coach", practice_name="")
        made = client_invitation_create(practitioner=Practitioner.objects.get(user=practitioner))
        client_invitation_redeem(invitation=made.invitation, user=client)

    def note(page: str) -> str:
        found = re.search(r'data-ends="practitioner">(.*?)</p>', page)
        assert found is not None
        return found.group(1)

    linked(bob, alice)  # Bob is Alice's practitioner: one way each, seen from each side
    hers = note(_both(alice, language, "UTC"))
    his = note(_both(bob, language, "Europe/Madrid"))
    linked(alice, bob)  # and she his: both ways
    both = note(_both(alice, language, "Asia/Kolkata"))
    assert len({hers, his, both}) == 3
    assert "&lt;script&gt;" in hers and "<bdi>" in his
