"""The account page's three lists of choices are drawn in Python
(``accounts/templatetags/choiceitems.py``, issue 15's thirteenth pass), where the template drew
each choice through ``{% for choice in field %}``: the page is the same, byte for byte, as the
one the old template drew (kept as ``tests/web/reference/accounts/settings.html``), in English
and Spanish, in two time zones, with each choice and none chosen, with a list's errors shown,
and under a name and an address full of markup, an ampersand, quotes and right-to-left text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import interdepend.web
from interdepend.web.accounts import push
from interdepend.web.accounts.models import HomeScreenLook, PushKind, QuickExitKeys, User
from tests.conftest import Personas
from tests.helpers import Response, as_user

pytestmark = pytest.mark.django_db

TEMPLATES = Path(interdepend.web.__file__).parent
REFERENCE = (Path(__file__).parent / "reference" / "accounts" / "settings.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
KEYS = (
    "home_screen_form",
    "exit_keys_form",
    "zone_form",
    "zone_shown",
    "push_form",
    "push_devices",
    "push_here",
    "push_key",
)
NAME = "<script>alert('n')</script> & \"Nia\" מרים \u202e'Lee'\u202c"


def _same(response: Response, language: str, zone: str) -> str:
    """The page answered, and the old template drawn with the same context: equal."""
    context = {key: response.context[key] for key in KEYS}
    with translation.override(language), timezone.override(zone):
        before = engines["django"].from_string(REFERENCE).render(context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    assert "<script>alert" not in page
    return page


def _client(user: User, language: str, zone: str) -> Client:
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    return as_user(user)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str, zone: str
) -> None:
    alice = personas.alice
    alice.display_name, alice.email = NAME, "a&'b\"<i>@example.test"
    alice.save(update_fields=["display_name", "email"])
    client = _client(alice, language, zone)
    page = _same(client.get(reverse("accounts:settings")), language, zone)
    assert page.count('class="choice"') == 8 and " checked" in page
    assert "&lt;script&gt;" in page
    for look in HomeScreenLook:
        for keys in QuickExitKeys:
            alice.home_screen_look, alice.quick_exit_keys = look.value, keys.value
            alice.save(update_fields=["home_screen_look", "quick_exit_keys"])
            page = _same(client.get(reverse("accounts:settings")), language, zone)
            assert page.count(" checked") == 2
    for n in range(len(PushKind) + 1):
        push.push_choice_set(
            user=alice, kinds=set(list(PushKind)[:n]), quiet_from=n, quiet_until=23 - n
        )
        page = _same(client.get(reverse("accounts:settings")), language, zone)
        assert page.count(" checked") == 2 + n


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_list_with_its_errors_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    """Each of the three forms sent with a choice that is not on its list: the page answers
    400 with the list, its boxes marked invalid, and the message; equal to the old template."""
    client = _client(personas.alice, language, "UTC")
    sent = {
        "accounts:home_screen": {"home_screen_look": "<b>&'\"x"},
        "accounts:quick_exit_keys": {"quick_exit_keys": ""},
        "accounts:push_choices": {"kinds": ["today", "<i>"], "quiet_from": "x", "quiet_until": "3"},
    }
    for route, data in sent.items():
        response = client.post(reverse(route), data)
        assert response.status_code == 400
        page = _same(response, language, "UTC")
        assert 'aria-invalid="true"' in page


def test_the_template_draws_no_choice_through_a_loop() -> None:
    """The page's own template draws its lists through the tags, not the loops it had."""
    source = (TEMPLATES / "accounts" / "templates" / "accounts" / "settings.html").read_text()
    assert "{% for choice" not in source
    assert source.count("{% choice_items ") == 2 and source.count("{% look_items ") == 1


def test_the_pages_file_addresses_are_made_as_the_worker_starts(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The icons' and scripts' addresses are made once as a worker starts (issue 15's fourteenth
    pass), each the address ``{% static %}`` gave; after that the account page asks the static
    files for none, and is still the old template's, in both languages."""
    from django.templatetags.static import static

    from interdepend.web.accounts.templatetags import choiceitems

    monkeypatch.setattr(choiceitems, "_addresses", {})
    choiceitems._warm()
    assert choiceitems._addresses == {path: static(path) for path in choiceitems.STATIC_FILES}

    def asked(path: str) -> str:
        raise AssertionError(f"{path} looked up on a view")

    monkeypatch.setattr(choiceitems, "static", asked)
    for language in ("en", "es"):
        client = _client(personas.alice, language, "UTC")
        page = _same(client.get(reverse("accounts:settings")), language, "UTC")
        assert page.count('class="look-icon"') == 2 and 'src="/static/js/push' in page
