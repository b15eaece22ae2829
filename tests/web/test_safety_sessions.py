"""*Who can see what*'s list of where she is signed in, drawn in Python
(``datarights/templatetags/safetyparts.py``, ``{% session_items %}``), against the loop it
replaced (kept in ``tests/web/reference/safetycheck/sessions.html``): byte for byte, in English
and Spanish, in time zones either side of the date line, for none, one (this device, or
another), and many devices of every kind, with and without a browser's name, with a token and
a name needing escaping, and without a CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.web.datarights.safetycheck.selectors import SessionRow
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_formrender import TOKEN

REFERENCE = Template(
    (Path(__file__).parent / "reference" / "safetycheck" / "sessions.html").read_text().rstrip("\n")
)
DRAWN = Template("{% load safetyparts %}{% session_items picture.sessions %}")
ODD = "<script>alert(\"x\")</script> & 'tea' \u0645\u0631\u062d\u0628\u0627 \u202e"


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Kiritimati"), ("en", "Pacific/Pago_Pago")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _row(n: int, *, current: bool = False, browser: str = "Firefox") -> SessionRow:
    signed_in = datetime(2026, 12, 31, 11, 30, tzinfo=UTC) - timedelta(hours=7 * n)
    return SessionRow(
        token=f"t{n}" if n % 3 else f'{n}"><&',
        device=("phone", "tablet", "computer", "watch")[n % 4],
        browser=browser,
        signed_in=signed_in,
        last_used=signed_in + timedelta(minutes=37 * n + 1),
        is_current=current,
    )


STATES = {
    "none": [],
    "this device": [_row(0, current=True)],
    "another": [_row(1)],
    "no browser": [_row(2, browser=""), _row(3, current=True, browser="")],
    "odd": [_row(4, browser=ODD), _row(5, current=True, browser=ODD)],
    "many": [
        _row(n, current=n == 4, browser=("", "Chrome", "Safari", "Edge")[n % 4]) for n in range(14)
    ],
}


@pytest.mark.parametrize("token", ['a<b&c"d', None])
@pytest.mark.parametrize("state", list(STATES))
def test_the_list_is_the_loop_it_replaced(where: str, state: str, token: str | None) -> None:
    context: dict[str, object] = {"picture": SimpleNamespace(sessions=STATES[state])}
    if token is not None:
        context["csrf_token"] = token
    drawn = DRAWN.render(Context(context))
    assert drawn == REFERENCE.render(Context(context))
    assert drawn.count("<li ") == len(STATES[state])


@pytest.mark.django_db
def test_the_page_lists_her_devices_as_the_loop_did(personas: Personas) -> None:
    """On the page itself: two devices of hers, the other one with its form."""
    phone = as_user(personas.alice)
    phone.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (iPhone) Safari"
    phone.get("/")
    computer = as_user(personas.alice)
    response = computer.get("/me/sharing/")
    assert response.status_code == 200
    context: dict[str, object] = {}
    layers: Any = response.context  # the test client's list of the contexts drawn
    for layer in layers:
        context.update(layer.flatten())
    # Each drawing masks the token anew: the tokens are set aside.
    page = TOKEN.sub("TOKEN", response.content.decode())
    listed = TOKEN.sub("TOKEN", REFERENCE.render(Context(context)))
    assert listed.count("<li ") >= 2 and "Sign it out" in listed and listed in page
