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
from django.conf import settings
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import translation

import interdepend.web
from interdepend.web.accounts import push
from interdepend.web.accounts.models import HomeScreenLook, PushKind, QuickExitKeys, User
from tests.conftest import Personas
from tests.helpers import Response, as_user
from tests.web.referencepages import same_as_reference

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
    return same_as_reference(response, REFERENCE, KEYS, language, zone, TOKEN)


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
    """The page's content is drawn by ``{% settings_body %}`` (issue 15's fifteenth pass), whose
    fixed text holds no loop, no value and no form: only words and addresses, between markers."""
    source = (TEMPLATES / "accounts" / "templates" / "accounts" / "settings.html").read_text()
    assert "{% block content %}{% settings_body %}{% endblock %}" in source
    body = (TEMPLATES / "accounts" / "templates" / "accounts" / "_settings_body.html").read_text()
    assert "{% for" not in body and "{{" not in body and "{% if" not in body
    assert body.count("{# part:csrf #}") == 4 and body.count("{# part:look_items #}") == 1


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("devices", [0, 1, 2, 1234])
def test_the_devices_sentence_is_the_one_the_old_template_drew(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, language: str, devices: int
) -> None:
    """The count of devices that get notifications, none, one, two and many (a thousands
    separator), on this device or not: the page is the old template's, its sentence counted."""
    for here in (False, True):
        monkeypatch.setattr(
            push,
            "push_settings_shown",
            lambda user, key, here=here: (*push.push_choice_shown(user), devices, here),
        )
        client = _client(personas.alice, language, "UTC")
        page = _same(client.get(reverse("accounts:settings")), language, "UTC")
        assert f'data-here="{"yes" if here else "no"}"' in page
        assert ("push_stop_everywhere" not in page) and (
            page.count('action="/account/notifications/off-everywhere/"') == (1 if devices else 0)
        )


def test_the_pages_fixed_text_is_drawn_once_per_language_as_the_worker_starts(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixed text is made for every language by the warm-up, and a view then draws none
    of it through the template engine: only the values are put in, and the page is the same."""
    from interdepend.web.accounts.templatetags import settingsparts
    from interdepend.web.frame.warmup import worker_starting

    settingsparts._fixed.cache_clear()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            worker_starting.send(sender=None)
    made = settingsparts._fixed.cache_info().currsize
    assert made == 2 * len(settings.LANGUAGES)
    engine = engines["django"]

    def drawn(source: str) -> None:
        raise AssertionError("the fixed text drawn on a view")

    monkeypatch.setattr(engine, "from_string", drawn)
    for language in ("en", "es"):
        monkeypatch.setattr(
            push, "push_settings_shown", lambda user, key: (*push.push_choice_shown(user), 3, True)
        )
        client = _client(personas.alice, language, "UTC")
        response = client.get(reverse("accounts:settings"))
        monkeypatch.undo()
        _same(response, language, "UTC")
        monkeypatch.setattr(engine, "from_string", drawn)
    assert settingsparts._fixed.cache_info().currsize == made


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
