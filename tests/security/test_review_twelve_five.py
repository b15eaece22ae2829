"""The review of 2026-12-05: her words given back after her sign-in ended, never to a later
hand on her device.

The answer to a form sent after her sign-in ended gives back what she wrote, to copy
(``accounts.unsent``, ``frame.views.csrf_failure``). That answer is itself a page a post
drew: the browser keeps the post in its history, and Back followed by "send again" posts the
same words once more. Sent again after she signed out, or after she had already been given
them back and left, they must not come back: the page promised they were gone from this
device once she left it. Whoever holds her phone then could not read them a moment before.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.sessions import LAST_SEEN_KEY
from tests.conftest import PASSWORD, Personas
from tests.helpers import form_token, signed_in_by_form

pytestmark = pytest.mark.django_db

ENTRY = "He read my phone again last night, and I did not say anything."
#: What a browser sends with a form it sends again from its history, as a page of ours.
AS_A_PAGE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}


def _run_out(browser: Client) -> None:
    session = browser.session
    session[LAST_SEEN_KEY] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()


def _given_back_once(personas: Personas) -> tuple[Client, dict[str, str]]:
    """Her journal drawn, her sign-in run out, Save pressed: her entry comes back to copy."""
    browser = Client(enforce_csrf_checks=True)
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    form = {"body": ENTRY, "csrfmiddlewaretoken": form_token(browser, "journal:write")}
    _run_out(browser)
    answer = browser.post(reverse("journal:write"), form, headers=AS_A_PAGE)
    assert answer.status_code == 200 and ENTRY in answer.content.decode()
    return browser, form


def test_her_words_sent_again_from_history_after_she_signed_out_stay_gone(
    personas: Personas,
) -> None:
    """She copied them, signed in, and signed out. He presses Back onto the page that gave them
    back, and sends it again."""
    browser, form = _given_back_once(personas)
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    logout = {"csrfmiddlewaretoken": form_token(browser, "journal:write")}
    assert browser.post(reverse("accounts:logout"), logout).status_code == 302
    again = browser.post(reverse("journal:write"), form, headers=AS_A_PAGE)
    assert ENTRY not in again.content.decode()


def test_a_form_drawn_before_she_signed_out_gives_nothing_back(personas: Personas) -> None:
    """A page of hers kept in the history from before she signed out (one a post drew, whose
    box still held her words), sent again by the next person at the device."""
    browser = Client(enforce_csrf_checks=True)
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    form = {"body": ENTRY, "csrfmiddlewaretoken": form_token(browser, "journal:write")}
    logout = {"csrfmiddlewaretoken": form["csrfmiddlewaretoken"]}
    assert browser.post(reverse("accounts:logout"), logout).status_code == 302
    again = browser.post(reverse("journal:write"), form, headers=AS_A_PAGE)
    assert ENTRY not in again.content.decode()


def test_her_words_given_back_come_back_only_once(personas: Personas) -> None:
    """She left the page that gave them back without signing in: it said they were gone from
    this device. Back and "send again" must not show them to the next person."""
    browser, form = _given_back_once(personas)
    again = browser.post(reverse("journal:write"), form, headers=AS_A_PAGE)
    assert ENTRY not in again.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
def test_a_month_at_the_calendar_s_ends_is_her_journal_not_a_server_error(
    personas: Personas, month: str
) -> None:
    """``?month=`` is read from the address, which anyone can write and send her as a link."""
    browser = Client()
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    answer = browser.get(reverse("journal:home"), {"month": month})
    assert answer.status_code == 200


def test_her_words_on_that_form_had_expired_come_back_only_once(personas: Personas) -> None:
    """Still signed in, hours later, her journal asks for her password: the expired-form page
    that gave her entry back, sent again from the history, must not show it past that."""
    browser = Client(enforce_csrf_checks=True)
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    stale = form_token(browser, "journal:write")
    browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": stale})
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    form = {"body": ENTRY, "csrfmiddlewaretoken": stale}
    first = browser.post(reverse("journal:write"), form, headers=AS_A_PAGE)
    assert first.status_code == 403 and ENTRY in first.content.decode()
    again = browser.post(reverse("journal:write"), form, headers=AS_A_PAGE)
    assert again.status_code == 403 and ENTRY not in again.content.decode()
