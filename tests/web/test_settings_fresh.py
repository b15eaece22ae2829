"""The account page's four forms' parts drawn from what she chose, when no form was sent back
(``settingsparts._fresh_parts``, issue 15's twenty-fourth pass), held to the parts drawn from
the four forms made with the same values (``settingsparts._form_parts``, the start's drawing):
any choice on each list or none, any time zone, any hours, any kinds, texts of markup among
them, in both languages; a value of another kind, a language with nothing kept, and a form sent
back with its errors are drawn from the forms, as before. The page itself is held to the old
template (``tests/web/reference/accounts/settings.html``) with the kept parts in use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import strategies as st

from interdepend.web.accounts import push, views, zones
from interdepend.web.accounts.forms import (
    HomeScreenForm,
    PushChoiceForm,
    QuickExitKeysForm,
    TimeZoneForm,
)
from interdepend.web.accounts.models import HomeScreenLook, PushKind, QuickExitKeys, User
from interdepend.web.accounts.templatetags import settingsparts
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.referencepages import same_as_reference
from tests.web.test_choice_items import KEYS, NAME

REFERENCE = (Path(__file__).parent / "reference" / "accounts" / "settings.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
LANGUAGES = ("en", "es")
ODD = ["<b>&'\"x", "", " ", "\u202e", "neutral ", "NEUTRAL", "0", "None"]
TEXT = st.text(max_size=8) | st.sampled_from(ODD)
ZONES = zones.zone_names()


@pytest.fixture(autouse=True)
def _kept() -> Iterator[None]:
    """The forms' parts kept in every language, as a worker starts; forgotten after."""
    for language in LANGUAGES:
        with translation.override(language):
            settingsparts._warm()
    assert set(settingsparts._FRESH) == set(LANGUAGES)
    yield
    settingsparts._FRESH.clear()


def _forms(chosen: dict[str, Any]) -> dict[str, Any]:
    """The four forms as the view made them before (``accounts.views._settings``)."""
    return {
        "home_screen_form": HomeScreenForm(
            initial={"home_screen_look": chosen["home_screen_look"]}
        ),
        "exit_keys_form": QuickExitKeysForm(initial={"quick_exit_keys": chosen["quick_exit_keys"]}),
        "zone_form": TimeZoneForm(initial={"time_zone": chosen["time_zone"]}),
        "push_form": PushChoiceForm(
            initial={
                "kinds": chosen["kinds"],
                "quiet_from": chosen["quiet_from"],
                "quiet_until": chosen["quiet_until"],
            }
        ),
    }


CHOSEN = st.fixed_dictionaries(
    {
        "home_screen_look": st.sampled_from([v.value for v in HomeScreenLook]) | TEXT,
        "quick_exit_keys": st.sampled_from([v.value for v in QuickExitKeys]) | TEXT,
        "time_zone": st.sampled_from(ZONES) | st.sampled_from(["UTC", "Europe/Madrid"]) | TEXT,
        "kinds": st.lists(st.sampled_from([v.value for v in PushKind]) | TEXT, max_size=8),
        "quiet_from": st.integers(0, 23) | st.integers(-3, 40),
        "quiet_until": st.integers(0, 23) | st.integers(-3, 40),
    }
)


@pytest.mark.django_db
@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(chosen=CHOSEN, language=st.sampled_from(LANGUAGES))
def test_the_kept_parts_are_the_parts_the_forms_draw(chosen: dict[str, Any], language: str) -> None:
    with translation.override(language):
        kept = settingsparts._fresh_parts(chosen)
        drawn = settingsparts._form_parts(_forms(chosen))
    assert kept is not None
    assert kept == drawn


@pytest.mark.parametrize(
    "name, value",
    [
        ("home_screen_look", None),
        ("home_screen_look", ["neutral"]),
        ("quick_exit_keys", 3),
        ("time_zone", None),
        ("kinds", ("today",)),
        ("kinds", [None]),
        ("kinds", "today"),
        ("quiet_from", "3"),
        ("quiet_until", None),
        ("quiet_until", True),
    ],
)
def test_a_value_of_another_kind_is_drawn_from_the_forms(name: str, value: Any) -> None:
    chosen = {
        "home_screen_look": "neutral",
        "quick_exit_keys": "escape",
        "time_zone": "UTC",
        "kinds": ["today"],
        "quiet_from": 22,
        "quiet_until": 7,
    }
    assert settingsparts._fresh_parts(chosen) is not None
    assert settingsparts._fresh_parts({**chosen, name: value}) is None


def test_nothing_kept_in_a_language_or_a_form_sent_back_draws_the_forms() -> None:
    chosen = {
        "home_screen_look": "neutral",
        "quick_exit_keys": "escape",
        "time_zone": "UTC",
        "kinds": [],
        "quiet_from": 22,
        "quiet_until": 7,
    }
    assert settingsparts._fresh_parts(None) is None
    with translation.override("en"):
        assert settingsparts._fresh_parts(chosen) is not None
        del settingsparts._FRESH["en"]
        assert settingsparts._fresh_parts(chosen) is None
    with translation.override(None):
        assert settingsparts._fresh_parts(chosen) is None


@pytest.mark.django_db
def test_a_changed_setting_forgets_the_kept_parts() -> None:
    with override_settings(TIME_ZONE="UTC"):
        assert settingsparts._FRESH == {}


def _client(user: User, language: str, zone: str) -> Client:
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    return as_user(user)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the forms the view makes, in order."""
    names: list[str] = []
    for form in (HomeScreenForm, QuickExitKeysForm, TimeZoneForm, PushChoiceForm):

        def counted(*args: Any, form: Any = form, **kwargs: Any) -> Any:
            names.append(form.__name__)
            return form(*args, **kwargs)

        monkeypatch.setattr(views, form.__name__, counted)
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Argentina/Buenos_Aires"])
def test_the_page_drawn_from_the_kept_parts_is_the_old_template_s(
    personas: Personas, made: list[str], language: str, zone: str
) -> None:
    """Every choice of the two lists, each number of kinds with hours, in two zones and both
    languages, under a name full of markup: the page makes no form and is the old template's
    (drawn with the forms the view would have made, which the test makes as it reads them)."""
    alice = personas.alice
    alice.display_name = NAME
    alice.save(update_fields=["display_name"])
    client = _client(alice, language, zone)
    url = reverse("accounts:settings")
    for look in HomeScreenLook:
        for keys in QuickExitKeys:
            alice.home_screen_look, alice.quick_exit_keys = look.value, keys.value
            alice.save(update_fields=["home_screen_look", "quick_exit_keys"])
            response = client.get(url)
            assert made == []
            page = same_as_reference(response, REFERENCE, KEYS, language, zone, TOKEN)
            made.clear()
            assert page.count(" checked") == 2 and " selected" in page
    for n in range(len(PushKind) + 1):
        push.push_choice_set(
            user=alice,
            kinds=set(list(PushKind)[-n:]) if n else set(),
            quiet_from=n,
            quiet_until=23 - n,
        )
        response = client.get(url)
        assert made == []
        page = same_as_reference(response, REFERENCE, KEYS, language, zone, TOKEN)
        made.clear()
        assert page.count(" checked") == 2 + n


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_sent_back_is_drawn_from_the_forms_with_its_errors(
    personas: Personas, made: list[str], language: str
) -> None:
    """Each form sent with a choice not on its list, with the parts kept: the page answers 400
    from the forms (all four made), its boxes marked invalid, equal to the old template."""
    client = _client(personas.alice, language, "UTC")
    sent = {
        "accounts:home_screen": {"home_screen_look": "<b>&'\"x"},
        "accounts:quick_exit_keys": {"quick_exit_keys": ""},
        "accounts:push_choices": {"kinds": ["today", "<i>"], "quiet_from": "x", "quiet_until": "3"},
        "accounts:time_zone": {"time_zone": "Mars/Olympus"},
    }
    for route, data in sent.items():
        response = client.post(reverse(route), data)
        assert response.status_code == 400
        assert len(made) >= 3
        page = same_as_reference(response, REFERENCE, KEYS, language, "UTC", TOKEN)
        made.clear()
        assert 'aria-invalid="true"' in page


def test_the_kept_parts_hold_django_s_required_marks_and_ids() -> None:
    """A plain view's lists and selects as Django draws a new form's: each radio button and
    select required, the kinds' boxes not (the field is optional), every id Django's."""
    with translation.override("en"):
        parts = settingsparts._fresh_parts(
            {
                "home_screen_look": "neutral",
                "quick_exit_keys": "escape",
                "time_zone": settings.TIME_ZONE,
                "kinds": [],
                "quiet_from": 22,
                "quiet_until": 7,
            }
        )
    assert parts is not None
    assert parts["look_items"].count(" required") == len(HomeScreenLook)
    assert parts["keys_items"].count(" required") == len(QuickExitKeys)
    assert " required" not in parts["kinds_items"]
    assert 'id="id_home_screen_look_0"' in parts["look_items"]
    assert parts["zone_for"] == "id_time_zone" and 'id="id_time_zone"' in parts["zone_widget"]
    assert "aria-invalid" not in "".join(parts.values())
