"""The frame drawn once per kind (``frame.templatetags.frameparts``) is the frame drawn anew.

Every kind of page is fetched twice, once with the drawn parts reused and once drawn the
ordinary way, and the two must be the same byte for byte once the CSRF tokens (new on every
request) are set aside: visitors and signed-in people, every section of the menu, a
practitioner's menu, a count of things waiting, the quick-exit note before and after it is
understood, a locked session, Spanish, a chosen home-screen look, and an address whose query
would break the page if it were not escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import HomeScreenLook, User
from interdepend.web.frame.templatetags import frameparts
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _same_page(client: Client, url: str, query: str = "") -> str:
    frameparts.forget()
    frameparts.REUSE = True
    try:
        client.get(url, QUERY_STRING=query)  # drawn and kept
        reused = client.get(url, QUERY_STRING=query)
        frameparts.REUSE = False
        drawn = client.get(url, QUERY_STRING=query)
    finally:
        frameparts.REUSE = True
    assert reused.status_code == drawn.status_code == 200, url
    first = TOKEN.sub("TOKEN", reused.content.decode())
    assert "{#" not in first and "{%" not in first, url
    second = TOKEN.sub("TOKEN", drawn.content.decode())
    assert first == second, url
    return first


@pytest.fixture
def reset_reuse() -> Iterator[None]:
    yield
    frameparts.REUSE = True
    frameparts.forget()


PAGES = (
    "home:home",
    "partners:us",
    "together:home",
    "journal:home",
    "frame:safety",
    "accounts:settings",
    "frame:about",
)


def test_a_visitor_sees_the_same_frame(reset_reuse: None) -> None:
    for name in ("frame:about", "accounts:login", "accounts:signup", "frame:safety"):
        html = _same_page(Client(), reverse(name))
        assert "csrfmiddlewaretoken" not in html.split("</header>")[0]
    # A visitor's frame asks for no token, so a page without a form sets no CSRF cookie.
    client = Client()
    client.get(reverse("frame:about"))
    assert not client.cookies.get("csrftoken")


def test_every_section_of_the_menu_is_the_same(personas: Personas, reset_reuse: None) -> None:
    client = as_user(personas.alice)
    for name in PAGES:
        html = _same_page(client, reverse(name))
        assert 'aria-current="true"' in html or name == "frame:about"


def test_the_note_before_and_after_it_is_understood(personas: Personas, reset_reuse: None) -> None:
    client = as_user(personas.bob)
    assert "exit-note" in _same_page(client, reverse("home:home"))
    client.post(reverse("frame:quick_exit_note"), {"next": "/"})
    assert "exit-note" not in _same_page(client, reverse("home:home"))


def test_a_practitioner_and_things_waiting(personas: Personas, reset_reuse: None) -> None:
    practitioner = personas.practice.roles["practitioner"]
    html = _same_page(as_user(practitioner), reverse("home:home"))
    assert reverse("practice:dashboard") in html
    # Someone with things waiting: the badge's count is part of the kind.
    badges = 0
    for user in User.objects.all():
        page = _same_page(as_user(user), reverse("together:home"))
        badges += "waiting-badge" in page
    assert badges, "no persona had anything waiting"


def test_a_locked_session_sees_the_same_lock_page(personas: Personas, reset_reuse: None) -> None:
    client = as_user(personas.alice)
    client.post(reverse("frame:quick_exit"))
    html = _same_page(client, reverse("journal:home"))
    assert "<nav" not in html


def test_spanish_and_a_chosen_look(personas: Personas, reset_reuse: None) -> None:
    personas.carol.language = "es"
    personas.carol.home_screen_look = HomeScreenLook.NEUTRAL
    personas.carol.save(update_fields=["language", "home_screen_look"])
    client = as_user(personas.carol)
    html = _same_page(client, reverse("home:home"))
    assert '<html lang="es"' in html and "look=neutral" in html


def test_the_address_is_escaped_where_it_is_put_in(personas: Personas, reset_reuse: None) -> None:
    # Sent as it is, not quoted by the test client: the apostrophes reach the page's address.
    query = "x='><b>&y=\ue000path\ue000&z=\ue000csrf\ue000"
    for client in (Client(), as_user(personas.alice)):
        html = _same_page(client, reverse("frame:about"), query)
        assert "x=&#x27;%3E%3Cb%3E&amp;y=%EE%80%80path%EE%80%80" in html
        assert "\ue000" not in html


def test_nothing_of_the_person_is_kept(personas: Personas, reset_reuse: None) -> None:
    frameparts.forget()
    client = as_user(personas.alice)
    url = reverse("frame:about") + "?private=MRKSECRETX"
    client.get(url)
    kept = "\n".join(frameparts._drawn.values())
    assert kept, "nothing was kept"
    token = client.cookies.get("csrftoken")
    for value in (personas.alice.display_name, personas.alice.email, "MRKSECRETX"):
        assert value not in kept
    assert token is None or token.value not in kept
    assert frameparts.CSRF_MARK in kept and frameparts.PATH_MARK in kept


def test_a_first_view_draws_the_frame_for_every_choice_of_keys(
    personas: Personas, reset_reuse: None
) -> None:
    """The security audit of 2026-12-04 (L1): the frame was drawn for her choice of keys on its
    first view, so his own first view after choosing Esc alone was faster when she had chosen
    it too. Every choice is drawn at once; each page still shows her own."""
    from interdepend.web.accounts.models import QuickExitKeys

    personas.alice.quick_exit_keys = QuickExitKeys.ESC
    personas.alice.save(update_fields=["quick_exit_keys"])
    frameparts.forget()
    page = as_user(personas.alice).get(reverse("together:home")).content.decode()
    assert 'data-exit-keys="esc"' in page and "(or press Esc)" in page
    kept = {key for key in frameparts._drawn if key[0] != "frame/parts/head.html"}
    for part in ("frame/parts/header.html", "frame/parts/footer.html"):
        keys = {key[-1] for key in kept if key[0] == part}
        assert keys == set(QuickExitKeys.values), part
    before = dict(frameparts._drawn)
    personas.alice.quick_exit_keys = QuickExitKeys.NONE
    personas.alice.save(update_fields=["quick_exit_keys"])
    again = as_user(personas.alice).get(reverse("together:home")).content.decode()
    assert "data-exit-keys" in again and "(or press Esc)" not in again
    assert frameparts._drawn == before, "another choice of keys: nothing new to draw"
