"""The confirm-it-is-you step: a fresh password opens sensitive steps for a short window."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import Settings

from interdepend.web.accounts import reauth
from interdepend.web.accounts.models import User
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> User:
    from interdepend.web.accounts.services import user_create

    return user_create(email="rae@example.test", password=PASSWORD, display_name="Rae")


def test_login_counts_as_a_fresh_proof(person: User) -> None:
    client = Client()
    client.post(reverse("accounts:login"), {"username": "rae@example.test", "password": PASSWORD})
    assert reauth.REAUTH_AT_KEY in client.session


def test_gate_sends_to_confirm_and_back(person: User, settings: Settings) -> None:
    factory = RequestFactory()
    calls: list[str] = []

    @reauth.password_recent(max_age=60)
    def sensitive(request: HttpRequest) -> HttpResponse:
        calls.append(request.method or "")
        return HttpResponse("done")

    client = password_confirmed(as_user(person), seconds_ago=120)
    request = factory.post("/somewhere/?x=1", HTTP_REFERER="http://testserver/form/")
    request.session = client.session
    response = sensitive(request)
    assert response.status_code == 302
    assert response["Location"] == reauth.confirm_url("http://testserver/form/", again=True)
    assert calls == []
    # after the password, the page the form was on says nothing was done yet
    back = client.post(response["Location"], {"password": PASSWORD})
    assert back["Location"] == "http://testserver/form/"
    said = [str(m) for m in get_messages(back.wsgi_request)]
    assert said == [
        "Thank you, that was you. Nothing was changed yet: please press the button once more."
    ]

    page = client.get(reverse("accounts:confirm"), {"next": "/together/"})
    assert page.status_code == 200
    wrong = client.post(reverse("accounts:confirm"), {"password": "nope", "next": "/together/"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode()
    right = client.post(reverse("accounts:confirm"), {"password": PASSWORD, "next": "/together/"})
    assert right["Location"] == "/together/"
    request = factory.post("/somewhere/")
    request.session = client.session
    assert sensitive(request).status_code == 200
    assert calls == ["POST"]


def test_confirm_refuses_an_outside_next(person: User) -> None:
    client = as_user(person)
    response = client.post(
        reverse("accounts:confirm"), {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home:home")


def test_repeated_wrong_passwords_end_the_session(person: User, settings: Settings) -> None:
    settings.REAUTH_MAX_FAILURES = 3
    client = as_user(person)
    for _ in range(2):
        assert client.post(reverse("accounts:confirm"), {"password": "x"}).status_code == 200
    last = client.post(reverse("accounts:confirm"), {"password": "x"})
    assert last["Location"] == reverse("accounts:login")
    said = client.get(last["Location"]).content.decode()
    assert "You were signed out after several wrong passwords." in said
    assert client.get(reverse("accounts:settings"))["Location"].startswith(
        reverse("accounts:login")
    )


def test_typing_on_an_open_private_page_keeps_it_open_but_never_opens_a_closed_one(
    personas: Personas,
) -> None:
    """A private page carries the address the page tells while she types; the answer renews a
    window still open, so a long entry is not met by the password page, and does nothing to a
    window already closed."""
    import time

    from django.conf import settings

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from tests.helpers import password_confirmed

    client = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    window = settings.JOURNAL_IDLE_SECONDS

    def seen(seconds_ago: float) -> None:
        session = client.session
        session[PRIVATE_SEEN_KEY] = time.time() - seconds_ago
        session.save()

    seen(window - 30)
    page = client.get(reverse("journal:home")).content.decode()
    assert f'data-still-here="{reverse("accounts:still_here")}"' in page
    seen(window - 30)
    assert client.post(reverse("accounts:still_here")).status_code == 204
    assert time.time() - client.session[PRIVATE_SEEN_KEY] < 5
    seen(window + 30)
    assert client.post(reverse("accounts:still_here")).status_code == 204
    assert time.time() - client.session[PRIVATE_SEEN_KEY] > window
    assert client.get(reverse("journal:home")).status_code == 302  # still closed
    assert "data-still-here" not in client.get(reverse("together:bids")).content.decode()


def test_a_page_out_of_sight_a_while_closes_every_private_page_and_recent_step(
    personas: Personas,
) -> None:
    """The phone audit of 2026-12-04 (M3): a private page seen again after more than
    ``PRIVATE_AWAY_SECONDS`` out of sight tells the server, and from then on her private pages
    and the steps a recent password let through ask for it again; she stays signed in."""
    from django.conf import settings

    client = password_confirmed(as_user(personas.alice))
    page = client.get(reverse("journal:home")).content.decode()
    assert f'data-stepped-away="{reverse("accounts:stepped_away")}"' in page
    assert f'data-away-seconds="{settings.PRIVATE_AWAY_SECONDS}"' in page
    assert reauth.recently_reauthenticated(_request_of(client))
    assert client.post(reverse("accounts:stepped_away")).status_code == 204
    assert not reauth.recently_reauthenticated(_request_of(client))
    assert client.get(reverse("journal:home"))["Location"].startswith(reverse("accounts:confirm"))
    assert client.get(reverse("datarights:index")).status_code == 200  # still signed in
    assert client.get(reverse("accounts:stepped_away")).status_code == 405
    assert Client().post(reverse("accounts:stepped_away")).status_code == 302
    # Her password opens them again.
    confirmed = client.post(
        reverse("accounts:confirm") + "?next=/me/journal/", {"password": PASSWORD}
    )
    assert confirmed["Location"] == "/me/journal/"
    assert client.get(reverse("journal:home")).status_code == 200


def _away_for(client: Client, seconds: float) -> None:
    """A page of hers went out of sight (its beacon) this long ago."""
    import time

    from interdepend.web.accounts.idle import AWAY_SINCE_KEY

    assert client.post(reverse("accounts:stepped_away"), {"state": "hidden"}).status_code == 204
    session = client.session
    assert AWAY_SINCE_KEY in session
    session[AWAY_SINCE_KEY] = time.time() - seconds
    session.save()


def _asks(answer: Any) -> bool:
    return bool(
        answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:confirm"))
    )


@pytest.mark.parametrize(
    "first", ["journal:home", "home:home", "together:bids"], ids=["journal", "start", "together"]
)
def test_the_server_keeps_the_time_away_whichever_page_went_out_of_sight(
    personas: Personas, first: str
) -> None:
    """The security audit of 2026-12-04 (M1): only the page that went out of sight, seen again,
    locked; a new tab, the start page left in front, or the journal asked for straight away
    reached it without the password for fifteen minutes. Every signed-in page now says so as it
    goes out of sight, and the server decides at the next request, whatever asks."""
    from django.conf import settings

    client = password_confirmed(as_user(personas.alice))
    assert client.get(reverse(first)).status_code == 200
    _away_for(client, settings.PRIVATE_AWAY_SECONDS + 10)
    assert _asks(client.get(reverse("journal:home")))  # a new tab, or a tap on the menu
    assert client.get(reverse("datarights:index")).status_code == 200  # still signed in
    confirmed = client.post(
        reverse("accounts:confirm") + "?next=/me/journal/", {"password": PASSWORD}
    )
    assert confirmed["Location"] == "/me/journal/"
    assert client.get(reverse("journal:home")).status_code == 200


def test_a_short_time_away_or_a_page_left_by_a_link_keeps_her_pages_open(
    personas: Personas,
) -> None:
    import time

    from django.conf import settings

    from interdepend.web.accounts.idle import AWAY_SINCE_KEY

    client = password_confirmed(as_user(personas.alice))
    _away_for(client, settings.PRIVATE_AWAY_SECONDS - 20)
    # A script's request from a page still out of sight neither locks nor ends the time away.
    quiet = client.post(reverse("accounts:still_here"), HTTP_SEC_FETCH_MODE="cors")
    assert quiet.status_code == 204 and AWAY_SINCE_KEY in client.session
    # A page loaded ends it: she is back in time.
    assert client.get(reverse("journal:home"), HTTP_SEC_FETCH_MODE="navigate").status_code == 200
    assert AWAY_SINCE_KEY not in client.session
    # Two beacons keep the first moment.
    _away_for(client, 30)
    client.post(reverse("accounts:stepped_away"), {"state": "hidden"})
    assert client.session[AWAY_SINCE_KEY] < time.time() - 25


def test_a_page_seen_again_is_told_whether_her_pages_locked(personas: Personas) -> None:
    from django.conf import settings

    client = password_confirmed(as_user(personas.alice))
    seen_again = reverse("accounts:stepped_away")
    _away_for(client, 5)
    assert client.post(seen_again, {"state": "visible"}).json() == {"locked": False}
    assert client.get(reverse("journal:home")).status_code == 200
    _away_for(client, settings.PRIVATE_AWAY_SECONDS + 1)
    # A script's request while still away locks too, before the page says it is seen.
    assert _asks(client.get(reverse("journal:home"), HTTP_SEC_FETCH_MODE="cors"))
    _away_for(client, settings.PRIVATE_AWAY_SECONDS + 1)
    assert client.post(seen_again, {"state": "visible"}).json() == {"locked": True}
    assert _asks(client.get(reverse("journal:home")))
    assert client.post(seen_again, {"state": "visible"}).json() == {"locked": False}


@pytest.mark.parametrize("name", ["accounts:two_step", "research:consent"])
def test_the_second_step_and_research_pages_lock_after_a_while_away(
    personas: Personas, name: str
) -> None:
    """They say whether she has a second step (and her passkeys' names) and whether she let
    her answers be used for research; after the idle lock they still opened while *Account*
    asked for the password (the phone audit of 2026-12-04, L4). Withdrawing research consent
    still never waits."""
    import time

    from django.conf import settings

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY

    client = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    session = client.session
    session[PRIVATE_SEEN_KEY] = time.time() - settings.JOURNAL_IDLE_SECONDS - 60
    session.save()
    answer = client.get(reverse(name))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:confirm"))
    if name == "research:consent":
        withdrawn = client.post(reverse(name), {"choice": "withdraw"})
        assert withdrawn["Location"] == reverse(name)


def _request_of(client: Client) -> HttpRequest:
    request = RequestFactory().get("/")
    request.session = client.session
    return request


def test_the_page_that_ends_a_practitioner_connection_locks_after_a_while_away(
    personas: Personas,
) -> None:
    """It names her practitioner ("From the next page Robin … opens nothing"), and after the
    idle lock Back and Reload still showed it (the practitioner audit of 2026-12-03, M2)."""
    import time

    from django.conf import settings

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from tests.helpers import password_confirmed

    client = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    session = client.session
    session[PRIVATE_SEEN_KEY] = time.time() - settings.JOURNAL_IDLE_SECONDS - 30
    session.save()
    url = reverse("practice:end", args=[personas.practice.ids["alice_link"]])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    open_again = password_confirmed(as_user(personas.alice))
    page = open_again.get(url)
    assert page.status_code == 200
    assert 'data-still-here="' in page.content.decode()  # it locks itself when left open


def test_after_a_while_away_her_password_in_the_end_pages_box_is_enough(
    personas: Personas,
) -> None:
    """The idle check stood before the password step, so the password typed in the page's own
    box was not read: the confirm page, then the end page with an empty box again, up to three
    times (the re-audit of 2026-12-03, L3). Now one press with the password ends it."""
    import time

    from django.conf import settings

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from interdepend.web.practice.models import ClientLink
    from tests.conftest import PASSWORD
    from tests.helpers import password_confirmed

    client = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    session = client.session
    session[PRIVATE_SEEN_KEY] = time.time() - settings.JOURNAL_IDLE_SECONDS - 30
    session.save()
    link = personas.practice.ids["alice_link"]
    url = reverse("practice:end", args=[link])
    asked = client.post(url, {})
    assert asked.status_code in (200, 400) and 'name="password"' in asked.content.decode()
    # Behind the idle lock its password page names no one.
    assert "stop working with a practitioner here" in asked.content.decode()
    assert ClientLink.objects.get(public_id=link).is_active
    ended = client.post(url, {"password": PASSWORD})
    assert ended.status_code == 302 and ended["Location"] == reverse("practice:mine")
    assert not ClientLink.objects.get(public_id=link).is_active


def test_a_page_that_locked_itself_says_why_and_a_private_page_carries_its_warning(
    person: User,
) -> None:
    """The accessibility audit of 2026-12-04 (M3): the password page after the idle lock spoke
    of "the next step", which she had not taken; and nothing warned before the lock."""
    client = as_user(person)
    journal = client.get(reverse("journal:home")).content.decode()
    assert 'id="idle-warning"' in journal and "will lock itself in a minute" in journal
    assert 'role="alert"' not in journal  # the script makes it an alert as it shows it
    assert "why=idle" in journal
    assert 'id="idle-warning"' not in client.get(reverse("frame:about")).content.decode()
    confirm = reverse("accounts:confirm")
    locked = client.get(f"{confirm}?next=/me/journal/&why=idle").content.decode()
    assert "locked itself after a while without use" in locked
    assert re.search(r'<input type="password" name="password"[^>]* autofocus', locked)
    assert "The next step is a sensitive one" not in locked
    asked = client.get(f"{confirm}?next=/me/journal/").content.decode()
    assert "The next step is a sensitive one" in asked
    assert "locked itself" not in asked and "autofocus" not in asked
