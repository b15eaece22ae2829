"""Which keys set off the quick exit: her choice on the account page (the button always works).

Some screen readers and the settings that make keys easier to press send Shift on its own, and
three of those left the site while she read (the keyboard audit of 2026-12-04): she can keep Esc
alone, or no key. Fewer ways out ask for her password each time, so that whoever holds her phone
cannot quietly take Esc away; the page of a locked session and everyone else's pages keep the
usual keys. The keys themselves are held in ``tests/browser/test_quick_exit.py``.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import QuickExitKeys, User
from tests.conftest import PASSWORD, Personas
from tests.helpers import Response, as_user, password_confirmed

pytestmark = pytest.mark.django_db

URL = reverse("accounts:quick_exit_keys")
BODY = re.compile(r"<body [^>]*>")
USUAL_TITLE = "Hide this page and lock Interdepend now (or press Esc, or Shift three times)"
USUAL_FOOT = "Press Esc, or Shift three times, at any time to leave this site quickly and lock it."


def choose(client: Client, keys: str, **more: str) -> Response:
    return client.post(URL, {"quick_exit_keys": keys, **more})


def keys_of(user: User) -> str:
    return User.objects.get(pk=user.pk).quick_exit_keys


def body_tag(client: Client, url: str = "/") -> str:
    found = BODY.search(client.get(url).content.decode())
    assert found is not None
    return found.group(0)


def test_the_account_page_offers_the_three_choices_with_the_usual_one_chosen(
    personas: Personas,
) -> None:
    body = as_user(personas.alice).get(reverse("accounts:settings")).content.decode()
    assert 'id="quick-exit-keys"' in body
    for label in (
        "Esc, or Shift pressed three times",
        "Esc only",
        "No keys: only the Quick exit button",
    ):
        assert label in body
    assert re.search(r'value="esc-shift"[^>]*checked', body)
    assert "Choosing fewer keys than now asks for your password." in body


def test_the_usual_keys_leave_every_page_as_it_was(personas: Personas) -> None:
    client = as_user(personas.alice)
    assert "data-exit-keys" not in body_tag(client)
    body = client.get("/").content.decode()
    assert USUAL_TITLE in body and USUAL_FOOT in body


def test_fewer_keys_ask_for_her_password_each_time_and_change_nothing_until_then(
    personas: Personas,
) -> None:
    fresh = password_confirmed(as_user(personas.alice))
    asked = choose(fresh, "esc")
    body = asked.content.decode()
    assert asked.status_code == 200 and "Type your password for this step" in body
    assert "change which keys set off the quick exit to fewer than now" in body
    assert '<input type="hidden" name="quick_exit_keys" value="esc">' in body
    assert keys_of(personas.alice) == QuickExitKeys.ESC_AND_SHIFT
    wrong = choose(fresh, "esc", password="nope")
    assert wrong.status_code == 400
    assert keys_of(personas.alice) == QuickExitKeys.ESC_AND_SHIFT
    typed = choose(fresh, "esc", password=PASSWORD)
    assert typed["Location"] == reverse("accounts:settings")
    assert keys_of(personas.alice) == QuickExitKeys.ESC
    # And again for the next step down: a password typed once does not cover the next.
    assert choose(fresh, "none").status_code == 200
    assert keys_of(personas.alice) == QuickExitKeys.ESC


def test_more_keys_are_kept_at_once(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.pk).update(quick_exit_keys=QuickExitKeys.NONE)
    client = as_user(personas.alice)
    assert choose(client, "esc")["Location"] == reverse("accounts:settings")
    assert keys_of(personas.alice) == QuickExitKeys.ESC
    assert choose(client, "esc-shift").status_code == 302
    assert keys_of(personas.alice) == QuickExitKeys.ESC_AND_SHIFT
    # The same choice again is no step down either.
    assert choose(client, "esc-shift").status_code == 302


def test_her_pages_name_only_the_keys_she_kept_and_tell_the_script(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.pk).update(quick_exit_keys=QuickExitKeys.ESC)
    her = as_user(personas.alice)
    assert 'data-exit-keys="esc"' in body_tag(her)
    body = her.get("/").content.decode()
    assert "Hide this page and lock Interdepend now (or press Esc)" in body
    assert "Press Esc at any time to leave this site quickly and lock it." in body
    assert "The Quick exit button or the Esc key leaves this site at once" in body
    assert "Shift three times" not in body and "Shift pressed three times" not in body

    User.objects.filter(pk=personas.alice.pk).update(quick_exit_keys=QuickExitKeys.NONE)
    assert 'data-exit-keys="none"' in body_tag(her)
    body = her.get("/").content.decode()
    assert 'title="Hide this page and lock Interdepend now"' in body
    assert "Use Quick exit at the top, at any time" in body
    assert "Press Esc" not in body and "the Esc key" not in body

    # Her partner's pages, drawn in the same process right after hers, keep the usual keys.
    his = as_user(personas.bob)
    assert "data-exit-keys" not in body_tag(his)
    body = his.get("/").content.decode()
    assert USUAL_TITLE in body and USUAL_FOOT in body


def test_the_page_of_a_locked_session_keeps_the_usual_keys(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.pk).update(quick_exit_keys=QuickExitKeys.NONE)
    client = as_user(personas.alice)
    assert client.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204
    body = client.get(reverse("journal:home")).content.decode()
    assert 'action="/continue/"' in body
    assert "data-exit-keys" not in body
    assert USUAL_TITLE in body and USUAL_FOOT in body


def test_the_safety_page_names_her_keys_and_where_to_choose(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.pk).update(quick_exit_keys=QuickExitKeys.ESC)
    body = as_user(personas.alice).get(reverse("frame:safety")).content.decode()
    assert "Keys that set it off for you now: Esc only." in body
    assert f'href="{reverse("accounts:settings")}#quick-exit-keys"' in body
    visitor = Client().get(reverse("frame:safety")).content.decode()
    assert 'id="exit-keys"' in visitor and "for you now" not in visitor


@pytest.mark.parametrize("keys", ["", "shift", "ESC", "esc ", "x" * 500])
def test_a_choice_that_is_not_offered_is_refused_in_our_words(
    personas: Personas, keys: str
) -> None:
    response = choose(as_user(personas.alice), keys)
    assert response.status_code == 400
    assert "Please choose which keys should set off the quick exit." in response.content.decode()
    assert keys_of(personas.alice) == QuickExitKeys.ESC_AND_SHIFT


def test_the_choice_needs_a_post_and_a_signed_in_person() -> None:
    assert (
        Client()
        .post(URL, {"quick_exit_keys": "esc"})["Location"]
        .startswith(reverse("accounts:login"))
    )
    assert Client().get(URL).status_code in (302, 405)


def test_the_export_holds_the_choice(personas: Personas) -> None:
    from interdepend.web.accounts import personal
    from interdepend.web.frame.exportrows import table

    User.objects.filter(pk=personas.alice.pk).update(quick_exit_keys=QuickExitKeys.ESC)
    rows = personal.export(User.objects.get(pk=personas.alice.pk))[table(User)]
    assert [row["quick_exit_keys"] for row in rows] == ["esc"]
