"""Her words are not given back by a post sent again from the browser's history.

A form of her writing answered with a page (a mistake shown, the password asked for) stays in
her history as a post, words and form key and all. The two-minute phone audit of 2026-12-05
went back to such an entry on her phone and pressed reload: once her sign-in had run out, the
"You had been signed out" page showed the goal words she had saved long before, as not saved;
once she had signed out and he had signed in as himself, the expired-form page showed them to
him. A page left open and sent for the first time after her sign-in ended still gives them back.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import UserSession
from tests.conftest import PASSWORD, Personas
from tests.helpers import FORM_TOKEN, signed_in_by_form

pytestmark = pytest.mark.django_db

#: What Chromium sends with a form she submits, and with the same post sent again by reload.
AS_A_PAGE = {
    "Origin": "http://testserver",
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "navigate",
}
HERS = "Thinking of leaving in the spring, told no one"


def _phone(personas: Personas) -> Client:
    phone = Client(enforce_csrf_checks=True)
    signed_in_by_form(phone, personas.alice.email, PASSWORD)
    return phone


def _form_key(page: str) -> str:
    found = FORM_TOKEN.search(page)
    assert found is not None
    return found[1]


def _goal_left_without_title(phone: Client) -> dict[str, str]:
    """She writes a goal's words and forgets its title: the answer is the page with its
    mistake (a post in her history); she adds the title on that page and saves."""
    goals = reverse("together:goals")
    first = {"csrfmiddlewaretoken": _form_key(phone.get(goals).text), "detail": HERS}
    refused = phone.post(goals, first, headers=AS_A_PAGE)
    assert refused.status_code == 400 and HERS in refused.text
    fixed = {**first, "csrfmiddlewaretoken": _form_key(refused.text), "title": "Spring"}
    assert phone.post(goals, fixed, headers=AS_A_PAGE).status_code == 302
    return first


def test_her_post_sent_again_after_her_sign_in_ran_out_gives_nothing_back(
    personas: Personas,
) -> None:
    phone = _phone(personas)
    kept = _goal_left_without_title(phone)
    UserSession.objects.all().delete()  # her sign-in runs out (idle, its lifetime, elsewhere)
    again = phone.post(reverse("together:goals"), kept, headers=AS_A_PAGE, follow=True)
    print(f"\nsent again from the history after her sign-in ran out: {again.status_code}")
    assert HERS not in again.text
    assert reverse("accounts:login") in again.redirect_chain[0][0]


def test_her_post_sent_again_with_him_signed_in_on_her_phone_gives_nothing_back(
    personas: Personas,
) -> None:
    phone = _phone(personas)
    kept = _goal_left_without_title(phone)
    phone.post(reverse("accounts:logout"), {}, headers=AS_A_PAGE)
    signed_in_by_form(phone, personas.bob.email, PASSWORD)
    again = phone.post(reverse("together:goals"), kept, headers=AS_A_PAGE)
    print(f"\nsent again from the history with him signed in: {again.status_code}")
    assert again.status_code == 403 and HERS not in again.text


def test_a_page_left_open_still_gives_her_words_back_after_her_sign_in_ran_out(
    personas: Personas,
) -> None:
    phone = _phone(personas)
    goals = reverse("together:goals")
    refused = phone.post(
        goals,
        {"csrfmiddlewaretoken": _form_key(phone.get(goals).text), "detail": "x"},
        headers=AS_A_PAGE,
    )
    UserSession.objects.all().delete()
    fresh = {"csrfmiddlewaretoken": _form_key(refused.text), "title": "Mine", "detail": HERS}
    given = phone.post(goals, fresh, headers=AS_A_PAGE)
    assert given.status_code == 200 and HERS in given.text
    # Once: sent again from the history, nothing more.
    assert HERS not in phone.post(goals, fresh, headers=AS_A_PAGE, follow=True).text


def test_a_tab_from_before_her_latest_sign_in_still_gives_her_words_back(
    personas: Personas,
) -> None:
    phone = _phone(personas)
    goals = reverse("together:goals")
    drawn = _form_key(phone.get(goals).text)
    phone.post(reverse("accounts:logout"), {}, headers=AS_A_PAGE)
    signed_in_by_form(phone, personas.alice.email, PASSWORD)
    sent = {"csrfmiddlewaretoken": drawn, "title": "Mine", "detail": HERS}
    stale = phone.post(goals, sent, headers=AS_A_PAGE)
    assert stale.status_code == 403 and HERS in stale.text


def test_the_first_of_many_refused_posts_on_one_page_stays_named(personas: Personas) -> None:
    """A tab's history holds up to 50 entries: a post of hers answered with a page stays named
    while later ones on the same address are added (eight were, at first)."""
    phone = _phone(personas)
    goals = reverse("together:goals")
    key = _form_key(phone.get(goals).text)
    first = {"csrfmiddlewaretoken": key, "detail": HERS}
    refused = phone.post(goals, first, headers=AS_A_PAGE)
    for n in range(20):
        more = {"csrfmiddlewaretoken": _form_key(refused.text), "detail": f"Another try {n}"}
        refused = phone.post(goals, more, headers=AS_A_PAGE)
        assert refused.status_code == 400
    UserSession.objects.all().delete()
    again = phone.post(goals, first, headers=AS_A_PAGE, follow=True)
    assert HERS not in again.text
