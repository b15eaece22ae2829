"""The circle's form to add someone is drawn from what a worker keeps while it is fresh
(``together/freshforms.py``, issue 15's sixteenth pass): the page is the same, byte for byte,
as the one the old template drew with ``{% form_fields %}`` (kept as
``tests/web/reference/together/circle.html``), in English and Spanish, in two time zones (the
day picker's last day is today where she is), with an empty list and a long one, names full of
markup, an ampersand, quotes and right-to-left text, and with the form sent back with
something to fix."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.together.models import CirclePerson
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.referencepages import same_as_reference
from tests.web.test_freshforms import forms_kept

pytestmark = pytest.mark.django_db

_fresh_forms_kept = pytest.fixture(autouse=True)(forms_kept)

REFERENCE = (Path(__file__).parent / "reference" / "together" / "circle.html").read_text()
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
NAMES = ["<script>alert('c')</script>", 'Tom & "Jerry"', "מרים \u202e'Lee'\u202c & <b>"]


def _same(
    client: Client, user: User, language: str, zone: str, posted: dict[str, str] | None
) -> str:
    """Her circle page (or its answer to ``posted``), and the old template drawn with the same
    context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    address = reverse("together:circle")
    response = client.post(address, posted) if posted else client.get(address)
    assert response.status_code == (400 if posted else 200)
    return same_as_reference(response, REFERENCE, ("form", "people", "nudge"), language, zone)


def _people(owner: User, count: int) -> None:
    CirclePerson.objects.filter(owner=owner).delete()
    for n in range(count):
        CirclePerson.objects.create(
            owner=owner,
            name=f"{NAMES[n % len(NAMES)]} {n}",
            last_connected=None if n % 3 == 1 else date(2026, 1, 1) + timedelta(days=11 * n),
        )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_circle_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    carol = personas.carol
    client = as_user(carol)
    for count in (0, 1, 30):
        _people(carol, count)
        for zone in ZONES:
            page = _same(client, carol, language, zone, None)
            assert page.count('<li class="item">') == count
            assert 'type="date"' in page and 'id="id_idem"' in page
    assert "&lt;script&gt;" in page and "Tom &amp; &quot;Jerry&quot;" in page
    # Sent back with something to fix: drawn field by field, her words in the box, escaped.
    sent = {"name": "", "last_connected": "<b>x</b> & 'y'", "idem": "<k>"}
    for zone in ZONES:
        page = _same(client, carol, language, zone, sent)
    assert 'role="alert"' in page and "&lt;b&gt;x&lt;/b&gt; &amp; &#x27;y&#x27;" in page


def test_the_kept_form_has_today_where_she_is_as_its_last_day(personas: Personas) -> None:
    carol = personas.carol
    client = as_user(carol)
    for zone in ZONES:
        carol.time_zone = zone
        carol.save(update_fields=["time_zone"])
        page = client.get(reverse("together:circle")).content.decode()
        with timezone.override(zone):
            today = timezone.localdate().isoformat()
        assert f'max="{today}"' in page and 'min="1900-01-01"' in page
