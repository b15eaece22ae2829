"""The page's ``<html>`` and ``<body>`` tags, written in Python (``frameparts.FrameOpenNode``),
are the tags ``base.html`` drew through the template engine before: every kind of page is
fetched through today's ``base.html`` and through the one it replaced (kept as
``tests/web/reference/frame/base.html``), and the two must be the same byte for byte once the
CSRF tokens are set aside. Visitors and signed-in people, a locked session, a private page that
locks itself (with an address that would break the page were it not escaped), each choice of
quick-exit keys, a plain look, Spanish, and the error page of an address that is not ours."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import hypothesis
import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from hypothesis import strategies as st
from pytest_django import Settings

from interdepend.web.accounts.models import HomeScreenLook, QuickExitKeys, User
from interdepend.web.frame.templatetags import frameparts
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

#: New on every request: the CSRF token, and a form's key against sending it twice.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|value="[0-9a-f]{32}"')
REFERENCE = Path(__file__).parent / "reference" / "frame"
#: Hostile in every way an address can be: quotes, markup, an ampersand, right-to-left text
#: and the markers the kept frame parts use.
#: (Sent as a browser sends it: UTF-8 bytes, which WSGI hands on as Latin-1.)
QUERY = "x='><b>\"&y=\u202eשלום&z=\ue000path\ue000".encode().decode("iso-8859-1")


def _reference_templates() -> list[dict[str, object]]:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(REFERENCE)]
    return templates


def _both(client: Client, url: str, query: str = "", status: int = 200) -> str:
    """The page through today's frame and through the reference ``base.html``: equal."""
    frameparts.forget()
    today = client.get(url, QUERY_STRING=query)
    with override_settings(TEMPLATES=_reference_templates()):
        before = client.get(url, QUERY_STRING=query)
    assert today.status_code == before.status_code == status, url
    drawn = TOKEN.sub("TOKEN", today.content.decode())
    assert drawn == TOKEN.sub("TOKEN", before.content.decode()), url
    assert "{%" not in drawn and "{#" not in drawn, url
    return drawn


PAGES = ("home:home", "partners:us", "together:home", "frame:safety", "frame:about")


def test_the_reference_is_the_one_drawn() -> None:
    """The comparison means something: the reference ``base.html`` is found first, and it is
    the template engine's own drawing of the tags."""
    with override_settings(TEMPLATES=_reference_templates()):
        page = Client().get(reverse("frame:about")).content.decode()
        assert (
            "{% get_current_language as LANGUAGE_CODE %}" in (REFERENCE / "base.html").read_text()
        )
    assert "<body data-quick-exit=" in page
    assert "frame_open" not in (REFERENCE / "base.html").read_text()


def test_a_visitor(reset_frame: None) -> None:
    for name in ("frame:about", "accounts:login", "accounts:signup", "frame:safety"):
        page = _both(Client(), reverse(name), QUERY)
        assert "data-signed-out" in page and "data-away-seconds" not in page
    _both(Client(), "/no-such-page/", status=404)


def test_signed_in_pages_and_each_choice_of_keys(personas: Personas, reset_frame: None) -> None:
    alice = personas.alice
    for keys in QuickExitKeys.values:
        alice.quick_exit_keys = keys
        alice.save(update_fields=["quick_exit_keys"])
        client = as_user(alice)
        for name in PAGES:
            page = _both(client, reverse(name))
            assert "data-stepped-away=" in page and "data-away-seconds=" in page
            assert ("data-exit-keys" in page) == (keys != QuickExitKeys.ESC_AND_SHIFT)


def test_a_private_page_that_locks_itself(personas: Personas, reset_frame: None) -> None:
    client = password_confirmed(as_user(personas.alice))
    for name in ("journal:home", "journal:write"):
        page = _both(client, reverse(name), QUERY)
        assert 'id="idle-warning"' in page and "data-idle-lock=" in page
        assert "'><b>" not in page and "\ue000" not in page
    # A page that is not private has neither.
    page = _both(client, reverse("frame:about"), QUERY)
    assert 'id="idle-warning"' not in page and "data-idle-lock" not in page


def test_a_locked_session(personas: Personas, reset_frame: None) -> None:
    client = as_user(personas.alice)
    client.post(reverse("frame:quick_exit"))
    page = _both(client, reverse("journal:home"), QUERY)
    assert "data-locked" in page and "data-away-seconds" not in page


def test_spanish_a_plain_look_and_a_practitioner(personas: Personas, reset_frame: None) -> None:
    carol: User = personas.carol
    carol.language = "es"
    carol.home_screen_look = HomeScreenLook.NEUTRAL
    carol.save(update_fields=["language", "home_screen_look"])
    page = _both(as_user(carol), reverse("home:home"), QUERY)
    assert '<html lang="es"' in page and "data-offline-chosen" in page
    practitioner = personas.practice.roles["practitioner"]
    _both(as_user(practitioner), reverse("practice:dashboard"))


@pytest.fixture
def reset_frame() -> object:
    yield None
    frameparts.forget()


def test_each_request_puts_in_its_own_address_and_token(personas: Personas) -> None:
    """The frame's parts are kept; what each request puts into them (its CSRF token and its
    address, for the language form to come back to) is worked out per request and never kept
    beyond it: two requests in a row each show their own."""
    client = as_user(personas.alice)
    shown = []
    for query in ("one=1", "two=2"):
        page = client.get(reverse("frame:about"), QUERY_STRING=query).content.decode()
        nexts = set(re.findall(r'name="next" value="([^"]*)"', page))
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page))
        assert nexts == {f"/about/?{query}"} and len(tokens) == 1
        shown.append(tokens.pop())
    assert shown[0] != shown[1], "a token masked anew on each request"


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("thousands", [False, True])
def test_a_value_is_written_as_the_template_writes_it(
    autoescape: bool, thousands: bool, settings: Settings
) -> None:
    """The opening tags write their values in Python (``frameparts._written``): each exactly as
    ``{{ value }}`` writes it, texts full of markup and right-to-left letters, safe text, whole
    numbers with and without a thousands separator, and what is neither."""
    from django.template import Context
    from django.template.base import render_value_in_context
    from django.utils.safestring import mark_safe
    from django.utils.translation import override

    settings.USE_THOUSAND_SEPARATOR = thousands
    values: list[object] = [
        "",
        "plain",
        "<script>alert(\"x\")</script> & 'quotes' \u202eשלום",
        mark_safe("<b>kept</b>"),
        0,
        1800,
        -1234567,
        True,
        2.5,
        None,
    ]
    context = Context(autoescape=autoescape)
    for language in ("en", "es"):
        with override(language):
            for value in values:
                written = frameparts._written(value, context)
                assert written == render_value_in_context(value, context), value


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(
    text=st.one_of(
        st.text(),
        st.text(st.sampled_from("<>&\"'a\u202e\ue000 "), max_size=30),
        st.builds(mark_safe, st.text(st.sampled_from("<>&\"'b"), max_size=20)),
    )
)
def test_a_text_is_escaped_as_django_escapes_it(text: str) -> None:
    """The frame's own escaping of what it writes into a tag or a part
    (``frameparts._escaped``): the same characters as Django's ``escape``, for any text, safe
    or not, but a plain ``str``, since only the whole drawing is marked safe."""
    ours = frameparts._escaped(text)
    assert ours == escape(text)
    assert type(ours) is str
