"""A boundary's page is drawn in Python under its row of links
(``together/templatetags/boundaryitems.py``: ``boundary_heading`` and ``boundary_body``, issue
15's fourteenth pass), where the template had a chain of conditions, four small forms each
reversing the same address, and six translation blocks. The page is the same, byte for byte, as
the old template drew it (kept as ``tests/web/reference/together/boundary.html``): in English
and Spanish, in two time zones, in every standing a boundary can reach, for its author and for
her partner, new wording waiting from either, new wording refused with what is wrong said
beside it, for a person alone and for an ex, under names and words full of markup, an
ampersand, quotes, line breaks and right-to-left text. Each test runs twice: in a worker that
has kept nothing, and in one started as a served worker starts, whose box for new wording is
kept and joined with the boundary's words (``together.freshforms.wording_fields``, issue 15's
seventeenth pass)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

import interdepend.web
from interdepend.core.boundary import Step
from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services
from interdepend.web.together.forms import LONG_MAX
from interdepend.web.together.models import Boundary
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.referencepages import old_drawing
from tests.web.test_freshforms import forms_kept

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["nothing kept", "kept as a worker starts"])
def _worker(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.param == "nothing kept":
        yield
    else:
        yield from forms_kept()


TEMPLATES = Path(interdepend.web.__file__).parent
REFERENCE = (Path(__file__).parent / "reference" / "together" / "boundary.html").read_text()
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|idem)" value="[^"]*"')
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]
ODD = "<script>alert(\"x\")</script> & 'tea'\r\nsecond line\n\u05e9\u05dc\u05d5\u05dd"
#: New wording longer than a boundary holds: refused beside its box, the words kept in it.
TOO_LONG = "<b>&'\u05e9 " * (LONG_MAX // 6 + 1)
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
KEYS = (
    "boundary",
    "events",
    "waiting",
    "steps",
    "is_mine",
    "active",
    "proposal_form",
    "proposal_open",
)
#: The steps (by whom) that bring a new boundary of alice's to each standing
#: (as ``test_boundary_steps.py``'s, with words full of markup).
SETUPS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "stated": ("tell",),
    "stated, alice's wording waits": ("tell", "alice proposes"),
    "stated, bob's wording waits": ("tell", "bob proposes"),
    "acknowledged": ("tell", "bob acknowledges"),
    "acknowledged, alice's wording waits": ("tell", "bob acknowledges", "alice proposes"),
    "acknowledged, bob's wording waits": ("tell", "bob acknowledges", "bob proposes"),
    "agreed": ("tell", "bob acknowledges", "bob proposes", "alice accepts"),
    "declined": ("tell", "bob proposes", "alice declines"),
}


def _made(personas: Personas, setup: str, n: int) -> Boundary:
    alice, bob = personas.alice, personas.bob
    boundary = services.boundary_draft(owner=alice, text=f"{ODD} {n}", idem_key=f"b{n}")
    active = access_active_partnership(alice)
    assert active is not None
    for step in SETUPS[setup]:
        who, _, what = step.partition(" ")
        actor = {"alice": alice, "bob": bob}.get(who, alice)
        if step == "tell":
            services.boundary_state(boundary=boundary, partnership=active.partnership)
        elif what == "acknowledges":
            services.boundary_acknowledge(boundary=boundary, actor=actor)
        elif what == "proposes":
            services.boundary_propose(boundary=boundary, actor=actor, text=f"{ODD} of {who}")
        elif what == "declines":
            services.boundary_step(
                boundary=boundary, actor=actor, step=Step.DECLINE, partnership=active.partnership
            )
        else:
            services.boundary_accept(boundary=boundary, actor=actor)
    return Boundary.objects.get(pk=boundary.pk)


def _old(response: Response, user: User, zone: str) -> str:
    return old_drawing(response, REFERENCE, KEYS, user.language, zone)


def _same(user: User, boundary: Boundary, zone: str, post: dict[str, str] | None = None) -> str:
    """Her boundary's page (or the answer to new wording ``post``ed), and the old template
    drawn with the same context: equal."""
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    client: Client = as_user(user)
    address = reverse("together:boundary", args=[boundary.public_id])
    if post is None:
        response = client.get(address)
        assert response.status_code == 200
    else:
        act = reverse("together:boundary_act", args=[boundary.public_id])
        response = client.post(act, post)
        assert response.status_code == 400
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", _old(response, user, zone))
    assert "<script>alert" not in page
    return page


def _speak(language: str, *people: User) -> None:
    for person in people:
        person.language = language
        person.save(update_fields=["language"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_standing_is_drawn_as_the_old_template_drew_it(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    _speak(language, alice, bob)
    seen = set()
    for n, setup in enumerate(SETUPS):
        boundary = _made(personas, setup, n)
        for name in NAMES:
            bob.display_name = name
            bob.save(update_fields=["display_name"])
            for zone in ZONES:
                page = _same(alice, boundary, zone)
                seen.update(re.findall(r'name="action" value="(\w+)"', page))
                if setup != "draft":
                    page = _same(bob, boundary, zone)
                    seen.update(re.findall(r'name="action" value="(\w+)"', page))
                    assert "&lt;script&gt;" in page and "<br>second line<br>" in page
    # every form the page can draw was drawn and compared
    assert seen == {"tell", "acknowledge", "propose", "accept", "decline"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_new_wording_refused_is_drawn_as_the_old_template_drew_it(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    _speak(language, alice, bob)
    bob.display_name = NAMES[1]
    bob.save(update_fields=["display_name"])
    for n, setup in enumerate(("draft", "stated", "stated, bob's wording waits")):
        boundary = _made(personas, setup, n)
        for zone in ZONES:
            page = _same(alice, boundary, zone, {"action": "propose", "text": TOO_LONG})
            assert '<details class="card" open>' in page and "&lt;b&gt;" in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_person_alone_and_an_ex_see_their_drafts_as_the_old_template_drew_them(
    personas: Personas, language: str
) -> None:
    for n, person in enumerate((personas.carol, personas.dave)):
        _speak(language, person)
        person.display_name = NAMES[n]
        person.save(update_fields=["display_name"])
        boundary = services.boundary_draft(owner=person, text=ODD, idem_key=f"alone{n}")
        for zone in ZONES:
            page = _same(person, boundary, zone)
            assert 'value="tell"' not in page and 'value="propose"' in page


def test_the_template_draws_the_page_through_the_tags() -> None:
    """The page's own template has no condition, form or translation block left to draw on
    every view: its heading and body are the two tags."""
    source = (TEMPLATES / "together" / "templates" / "together" / "boundary.html").read_text()
    assert "blocktranslate" not in source and "{% if" not in source
    assert "{% boundary_heading boundary is_mine %}" in source
    assert "{% boundary_body %}" in source
