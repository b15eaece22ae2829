"""The sentences that name the partner on the perception page and the list of decisions are
written in Python (``couple/templatetags/couplewords.py``, ``decide/templatetags/bands.py``,
issue 15's twelfth pass), where the templates had ``{% blocktranslate %}`` blocks: each page
is the same, byte for byte, as the one the old template drew (kept as
``tests/web/reference/couple/perception.html`` and ``tests/web/reference/decide/index.html``),
in English and Spanish, in two time zones, with nothing saved and with answers and decisions
(none and several), under names full of markup, an ampersand, quotes and right-to-left text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

import interdepend.web
from interdepend.web.accounts.models import User
from interdepend.web.decide import services as decide
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_token|token|idem)" value="[^"]*"')
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
PAGES = {
    "couple:perception": ("couple/perception.html", ("form", "rows", "active", "anchors", "seen")),
    "decide:index": ("decide/index.html", ("active", "rows", "form")),
}


def _same(user: User, route: str, language: str, zone: str) -> str:
    """The page, and the old template drawn with the same context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = as_user(user).get(reverse(route))
    assert response.status_code == 200
    name, keys = PAGES[route]
    context = {key: response.context[key] for key in keys}
    context["saved_elsewhere"] = response.context.get("saved_elsewhere")
    old = (REFERENCE / name).read_text()
    with translation.override(language), timezone.override(zone):
        before = engines["django"].from_string(old).render(context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    assert "<script>alert" not in page
    return page


def _every_name(alice: User, bob: User, route: str, language: str) -> None:
    for name in NAMES:
        bob.display_name = name
        bob.save(update_fields=["display_name"])
        for zone in ZONES:
            page = _same(alice, route, language, zone)
            assert "&lt;script&gt;" in page or "מרים" in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_perception_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    _every_name(alice, bob, "couple:perception", language)  # nothing saved
    saved = as_user(alice).post(
        reverse("couple:perception"), {"item-pp01": "5", "item-pp02": "skip"}
    )
    assert saved.status_code == 302
    _every_name(alice, bob, "couple:perception", language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_list_of_decisions_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    _every_name(alice, bob, "decide:index", language)
    for n in range(3):
        decide.decision_create(
            partnership=active.partnership,
            author=(alice, bob)[n % 2],
            title=f"<i>{n}</i> & 'x' שלום",
            options=["One", "Two"],
            token=f"named-{n}",
        )
    _every_name(alice, bob, "decide:index", language)
    _same(personas.carol, "decide:index", language, "UTC")  # alone: no heading


@pytest.mark.parametrize("name", ["couple/perception.html", "decide/index.html"])
def test_the_templates_name_the_partner_through_the_tags(name: str) -> None:
    """Neither page's own template has a ``{% blocktranslate %}`` left to draw each view."""
    app = name.split("/")[0]
    source = (Path(interdepend.web.__file__).parent / app / "templates" / name).read_text()
    assert "blocktranslate" not in source
