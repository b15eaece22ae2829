"""The home page's words, said for the device in hand."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def test_the_safety_card_names_keys_to_a_keyboard_and_the_button_to_a_touch_screen(
    personas: Personas,
) -> None:
    """The card told a phone to press Esc or Shift three times (the phone audit of
    2026-12-03); as the bar and the foot of the page do, it says the keys only where there are
    keys, and the button on a touch screen (``.keys-only`` and ``.touch-only``)."""
    page = as_user(personas.carol).get(reverse("home:home")).content.decode()
    card = page[page.index("If you ever feel afraid of a partner") :]
    card = card[: card.index("</p>")]
    keys = re.search(r'<span class="keys-only">([^<]*)</span>', card)
    touch = re.search(r'<span class="touch-only">([^<]*)</span>', card)
    assert keys is not None and "Esc" in keys.group(1)
    assert touch is not None and "Quick exit button at the top" in touch.group(1)
    assert "Esc" not in touch.group(1) and "Shift" not in touch.group(1)


def test_the_date_of_her_latest_result_waits_behind_the_idle_lock(personas: Personas) -> None:
    """After a while away her result asks for the password, but the start page still said
    "Your latest result is from 28 November" to whoever held her phone (the two-minute audit of
    2026-12-03, L2). The date shows only while her private pages are open."""
    from tests.helpers import password_confirmed

    away = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    page = away.get(reverse("home:home")).content.decode()
    assert "Where you stand" in page and "Your latest result is from" not in page
    assert "Your results wait behind your password after a while away." in page
    here = password_confirmed(as_user(personas.alice))
    page = here.get(reverse("home:home")).content.decode()
    assert "Your latest result is from" in page
    assert "Your results wait behind your password" not in page
