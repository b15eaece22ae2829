"""The boundaries page's two sentences that name the partner are written in Python
(``together/templatetags/boundaryitems.py``, issue 15's twelfth pass), where the template had
``{% blocktranslate %}`` blocks: the page is the same, byte for byte, as the one the old
template drew (kept as ``tests/web/reference/together/boundaries.html``), in English and
Spanish, in two time zones, with no boundary of the partner's and with several, under names
full of markup, an ampersand, quotes and right-to-left text; and for a person alone, who sees
neither sentence. The form to write a boundary is drawn from what a worker keeps while it is
fresh (``together/freshforms.py``, the sixteenth pass), where the template had
``{% form_fields %}``: the tests run with the drawings kept, as a started worker has them, and
the page sent back with something to fix is held to the old template too."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

import interdepend.web
from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.referencepages import same_as_reference
from tests.web.test_freshforms import forms_kept

pytestmark = pytest.mark.django_db

_fresh_forms_kept = pytest.fixture(autouse=True)(forms_kept)

TEMPLATES = Path(interdepend.web.__file__).parent
REFERENCE = (Path(__file__).parent / "reference" / "together" / "boundaries.html").read_text()
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]


def _same(user: User, language: str, zone: str, posted: dict[str, str] | None = None) -> str:
    """Her boundaries page (or its answer to ``posted``), and the old template drawn with the
    same context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    client = as_user(user)
    address = reverse("together:boundaries")
    response = client.post(address, posted) if posted else client.get(address)
    assert response.status_code == (400 if posted else 200)
    keys = ("active", "form", "mine", "theirs")
    return same_as_reference(response, REFERENCE, keys, language, zone)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_is_the_one_the_old_template_drew(personas: Personas, language: str) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    zones = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
    for name in NAMES:
        bob.display_name = name
        bob.save(update_fields=["display_name"])
        for zone in zones:
            page = _same(alice, language, zone)
            assert "&lt;script&gt;" in page or "מרים" in page
    said = {"en": "yet. When", "es": "todavía. Cuando"}[language]
    assert said in page  # none of his yet
    for n in range(3):
        made = services.boundary_draft(owner=bob, text=f"<i>{n}</i> & 'x'", idem_key=f"b{n}")
        services.boundary_state(boundary=made, partnership=active.partnership)
    for zone in zones:
        page = _same(alice, language, zone)
    assert said not in page and page.count("&lt;i&gt;") == 3
    _same(personas.carol, language, "UTC")  # alone: neither sentence
    # Sent back with something to fix: drawn field by field, as ever.
    page = _same(alice, language, zones[0], {"text": "", "idem": "<k>&'"})
    assert 'role="alert"' in page and "<k>" not in page


def test_the_template_names_the_partner_through_the_tags() -> None:
    """The page's own template has no ``{% blocktranslate %}`` left to draw on every view."""
    source = (TEMPLATES / "together" / "templates" / "together" / "boundaries.html").read_text()
    assert "blocktranslate" not in source
    assert source.count("{% boundaries_") == 2
