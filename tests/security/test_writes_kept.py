"""Words she wrote are never dropped without being given back, when her sign-in ended meanwhile.

She writes a long journal entry, and before she presses Save her sign-in ends: signed out from
another device ("sign the others out"), or run out while the page stayed open. The post met
``login_required``; the sign-in page said "what you sent last was not saved ... please write
it again", and the entry was gone (the writes audit of 2026-12-05). The answer to that very
post now gives her own writing back to copy. It keeps nothing: not in the session, not in a
cookie, and the pages after it do not say it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.sessions import LAST_SEEN_KEY
from interdepend.web.decide.models import Decision
from interdepend.web.journal.models import Entry
from interdepend.web.together.models import Bid, CirclePerson, Commitment, Goal
from tests.conftest import PASSWORD, Personas
from tests.helpers import form_token, signed_in_by_form

pytestmark = pytest.mark.django_db

LONG = "Today I finally said what I needed 👩‍👩‍👧 — " + "and it was heard. " * 500
NOT_SAVED = "So what you sent was not saved."


def _signed_in(personas: Personas, who: str = "carol") -> Client:
    client = Client()
    user = getattr(personas, who)
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return client


def _ended_elsewhere(personas: Personas, who: str = "carol") -> Client:
    here = _signed_in(personas, who)
    assert here.get(reverse("journal:write")).status_code == 200
    elsewhere = _signed_in(personas, who)
    assert elsewhere.post(reverse("accounts:sessions_end_others")).status_code == 302
    return here


def _ran_out(personas: Personas) -> Client:
    here = _signed_in(personas)
    assert here.get(reverse("journal:write")).status_code == 200
    session = here.session
    session[LAST_SEEN_KEY] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    return here


def _everything_kept(client: Client) -> str:
    """All a later visitor of this browser could find: its cookies and its session's store."""
    found = [morsel.value for morsel in client.cookies.values()]
    found.append(repr(dict(client.session.items())))
    return "\n".join(found)


@pytest.mark.parametrize("how", [_ended_elsewhere, _ran_out], ids=["ended elsewhere", "ran out"])
@pytest.mark.parametrize(
    ("name", "sent", "shown", "rows"),
    [
        ("journal:write", {"body": LONG}, [LONG], Entry.objects.count),
        (
            "together:goals",
            {"title": "Walk together on Sundays", "detail": "Even in the rain, ‏שלום‏."},
            ["Walk together on Sundays", "Even in the rain, שלום."],  # marks shown as dropped
            Goal.objects.count,
        ),
        ("together:circle", {"name": "Maria <b>bold</b>"}, [], CirclePerson.objects.count),
    ],
)
def test_her_writing_sent_after_her_sign_in_ended_is_given_back(
    personas: Personas,
    how: Callable[[Personas], Client],
    name: str,
    sent: dict[str, str],
    shown: list[str],
    rows: Callable[[], int],
) -> None:
    before = rows()
    here = how(personas)
    answer = here.post(reverse(name), sent)
    assert rows() == before  # nothing saved
    assert answer.status_code == 200, answer.get("Location")
    page = answer.content.decode()
    assert "You had been signed out" in page and NOT_SAVED in page
    for text in shown:
        assert text in page
    if name == "together:circle":
        assert "Maria &lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    # The way on is the sign-in, back to the page she was on.
    assert f'href="{reverse("accounts:login")}?next=' in page
    # Nothing of it was kept, and nothing later says it again.
    for text in sent.values():
        assert text not in _everything_kept(here)
        assert text not in here.get(reverse("accounts:login")).content.decode()
    assert answer["Cache-Control"].startswith("no-store")


@pytest.mark.parametrize(
    ("name", "sent", "rows"),
    [
        ("together:bids", {"text": "Can we talk after dinner?"}, Bid.objects.count),
        (
            "decide:create",
            {"title": "Where to live next year", "options": "Lisbon\nPorto"},
            Decision.objects.count,
        ),
    ],
)
def test_her_words_for_the_two_sent_after_her_sign_in_ended_are_given_back(
    personas: Personas, name: str, sent: dict[str, str], rows: Callable[[], int]
) -> None:
    """A bid, a decision: the forms of the two show her words back when the partnership has
    ended, and so when her sign-in has."""
    before = rows()
    here = _ended_elsewhere(personas, "alice")
    page = here.post(reverse(name), sent).content.decode()
    assert rows() == before
    assert "You had been signed out" in page
    for text in sent.values():
        assert text.replace("\n", "<br>") in page


def test_a_form_that_is_not_her_writing_still_meets_the_sign_in(personas: Personas) -> None:
    """A promise is not among the forms carried: the sign-in page says it was not saved."""
    here = _ended_elsewhere(personas)
    sent = here.post(reverse("together:commitments"), {"text": "Call the plumber"})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:login"))
    assert "what you sent last was not saved" in here.get(sent["Location"]).content.decode()
    assert not Commitment.objects.filter(text="Call the plumber").exists()


def test_a_stranger_s_empty_post_gets_only_the_sign_in(personas: Personas) -> None:
    """Nothing typed, nothing to give back: the sign-in, as before."""
    sent = Client().post(reverse("journal:write"), {"body": "   "})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:login"))


def _stale_key(personas: Personas) -> tuple[Client, str]:
    """The journal drawn, then a sign-out and a new sign-in in another tab: its key is stale."""
    browser = Client(enforce_csrf_checks=True)
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    stale = form_token(browser, "journal:write")
    browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": stale})
    signed_in_by_form(browser, personas.carol.email, PASSWORD)
    assert form_token(browser, "journal:write") != stale
    return browser, stale


def test_her_entry_sent_with_a_stale_form_key_is_given_back(personas: Personas) -> None:
    browser, stale = _stale_key(personas)
    before = Entry.objects.count()
    answer = browser.post(
        reverse("journal:write"),
        {"body": LONG, "csrfmiddlewaretoken": stale},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status_code == 403 and Entry.objects.count() == before
    page = answer.content.decode()
    assert "That form had expired" in page and LONG in page
    assert LONG not in _everything_kept(browser)
    assert LONG not in browser.get(reverse("journal:write")).content.decode()


@pytest.mark.parametrize(
    "forged", [{"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}]
)
def test_another_site_s_post_is_never_shown_back_as_hers(
    personas: Personas, forged: dict[str, str]
) -> None:
    browser, stale = _stale_key(personas)
    answer = browser.post(
        reverse("journal:write"),
        {"body": "Call this number now", "csrfmiddlewaretoken": stale},
        headers=forged,
    )
    assert answer.status_code == 403
    assert "Call this number now" not in answer.content.decode()


@pytest.mark.parametrize("how", [_ended_elsewhere, _ran_out], ids=["ended elsewhere", "ran out"])
def test_a_form_the_page_sent_as_it_locked_itself_is_never_shown_back(
    personas: Personas, how: Callable[[Personas], Client]
) -> None:
    """A page locking itself (a phone woken hours later) sends her unsent words with
    ``_locked``, before anyone pressed anything: whoever woke the phone must not read them."""
    before = Entry.objects.count()
    here = how(personas)
    answer = here.post(reverse("journal:write"), {"body": LONG, "_locked": "1"})
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))
    assert LONG not in here.get(answer["Location"]).content.decode()
    assert Entry.objects.count() == before


def test_a_stale_form_the_page_sent_as_it_locked_itself_is_never_shown_back(
    personas: Personas,
) -> None:
    browser, stale = _stale_key(personas)
    answer = browser.post(
        reverse("journal:write"),
        {"body": LONG, "_locked": "1", "csrfmiddlewaretoken": stale},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status_code == 403 and LONG not in answer.content.decode()
