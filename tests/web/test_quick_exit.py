"""Item 8: the quick exit locks the session on the server, so Back (or any address) shows nothing.

Someone who picks up the device after a quick exit and presses Back, opens a page from the
history or types an address gets one neutral page asking for the password: no name, no e-mail,
nothing the person wrote, not even a hint that a quick exit happened.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, Personas
from tests.helpers import HTMX, as_user
from tests.journal_fixtures import SHARED_WITH_BOB, entry_id
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

LOCK_FORM = 'action="/continue/"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
PASSING = {"frame:quick_exit", "frame:unlock", "accounts:logout"}
#: The home-screen app's fixed files pass the lock too: the same for everyone, nothing of anyone.
PASSING |= {"frame:manifest", "frame:service_worker", "frame:offline"}


def quick_exit(client: Client) -> None:
    """What the script sends as it leaves (a beacon with the form's token)."""
    assert client.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204


def private_words(personas: Personas) -> list[str]:
    people = [personas.alice, personas.bob, personas.carol, personas.dave]
    names = [str(p.display_name) for p in people]
    emails = [str(p.email) for p in people]
    return [*personas.markers.values(), SHARED_WITH_BOB, *names, *emails]


def without_tokens(body: str) -> str:
    """A random CSRF token may hold a short name such as "Bob" by chance: leave tokens out."""
    return TOKEN.sub("", body)


def test_back_after_quick_exit_finds_every_address_locked_and_empty(personas: Personas) -> None:
    client = as_user(personas.alice)
    journal = reverse("journal:entry", kwargs={"entry_id": entry_id("alice-private")})
    assert "MRKALICEJOURNALX" in client.get(journal).content.decode()
    quick_exit(client)

    words, checked, shown = private_words(personas), 0, []
    for name, row in POLICY.items():
        if name in PASSING:
            continue
        url = reverse(name, kwargs=row.kwargs(personas))
        for response in (
            client.get(url),
            client.post(url, {}),
            client.get(url, headers=HTMX),
        ):
            checked += 1
            body = without_tokens(response.content.decode(errors="replace"))
            if LOCK_FORM not in body or response.status_code not in (200, 403):
                shown.append(f"{name}: {response.status_code}, not the lock page")
            # (an invitation code in its own link's address comes back only as that address)
            shown += [f"{name}: {word}" for word in words if word in body and word not in url]
    body = client.get("/no/such/page/").content.decode()
    assert LOCK_FORM in body
    print(
        f"\nitem 8 lock: {checked} requests after a quick exit, {len(shown)} not locked or leaking"
    )
    assert not shown, "\n".join(shown)


def test_the_lock_page_is_neutral(personas: Personas) -> None:
    client = as_user(personas.alice)
    quick_exit(client)
    response = client.get(reverse("together:goals"))
    body = response.content.decode()
    assert (
        response["Cache-Control"].startswith("no-store") and response["X-Frame-Options"] == "DENY"
    )
    assert "<title>Confirm it is you · Interdepend</title>" in body
    assert 'aria-label="Main"' not in body  # no menu: it would lead only to this page
    main = body[body.index("<main") : body.index("</main>")].lower()
    assert "exit" not in main and "lock" not in main  # not even that a quick exit happened
    assert 'value="/together/goals/"' in body  # carries on there after the password


def test_the_right_password_carries_on_where_the_person_was(personas: Personas) -> None:
    client = as_user(personas.alice)
    quick_exit(client)
    goals = reverse("together:goals")
    response = client.post(reverse("frame:unlock"), {"password": PASSWORD, "next": goals})
    assert response.status_code == 302 and response["Location"] == goals
    assert LOCK_FORM not in client.get(goals).content.decode()


def test_wrong_passwords_on_the_lock_page_keep_it_locked_then_end_the_session(
    personas: Personas,
) -> None:
    client = as_user(personas.alice)
    quick_exit(client)
    for _ in range(settings.REAUTH_MAX_FAILURES - 1):
        response = client.post(reverse("frame:unlock"), {"password": "a guess", "next": "/"})
        assert response.status_code == 200
        assert "That password is not right" in response.content.decode()
        assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()
    response = client.post(reverse("frame:unlock"), {"password": "a guess", "next": "/"})
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("journal:home"))["Location"].startswith(reverse("accounts:login"))


def test_signing_out_from_the_lock_page_works(personas: Personas) -> None:
    client = as_user(personas.alice)
    quick_exit(client)
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")
    assert client.get(reverse("journal:home"))["Location"].startswith(reverse("accounts:login"))


def test_quick_exit_without_scripts_locks_through_the_buttons_form(personas: Personas) -> None:
    client = as_user(personas.alice, enforce_csrf_checks=True)
    page = client.get(reverse("journal:home")).content.decode()
    form = re.search(
        r'<form method="post" action="/exit/" id="quick-exit-form".*?</form>', page, re.S
    )
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token is not None
    response = client.post(reverse("frame:quick_exit"), {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302 and response["Location"] == settings.QUICK_EXIT_URL
    assert response["Clear-Site-Data"] == '"storage"'
    assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()


def test_a_quick_exit_forged_by_another_site_locks_nothing(personas: Personas) -> None:
    client = as_user(personas.alice, enforce_csrf_checks=True)
    forged = client.post(
        reverse("frame:quick_exit"), {"beacon": "1"}, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert forged.status_code == 403
    assert LOCK_FORM not in client.get(reverse("journal:home")).content.decode()


def test_a_quick_exit_with_a_stale_token_still_locks(personas: Personas) -> None:
    """Her page kept an old token (she signed in again in another tab): the exit must lock all
    the same, by the page's script (a beacon from this origin) and by the plain form."""
    for data in ({"beacon": "1", "csrfmiddlewaretoken": "stale"}, {}):
        client = as_user(personas.alice, enforce_csrf_checks=True)
        answer = client.post(reverse("frame:quick_exit"), data, HTTP_ORIGIN="http://testserver")
        assert answer.status_code in (204, 302)
        assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()


def test_quick_exit_of_a_visitor_just_leaves() -> None:
    client = Client()
    assert client.post(reverse("frame:quick_exit"))["Location"] == settings.QUICK_EXIT_URL
    assert client.get(reverse("accounts:login")).status_code == 200


def test_the_note_explains_the_quick_exit_until_understood(personas: Personas) -> None:
    client = as_user(personas.alice)
    home = client.get(reverse("home:home")).content.decode()
    assert "it does not clear your browser" in home
    response = client.post(reverse("frame:quick_exit_note"), {"next": "/together/"})
    assert response["Location"] == "/together/"
    assert "it does not clear your browser" not in client.get(reverse("home:home")).content.decode()
    safety = client.get(reverse("frame:safety")).content.decode()
    assert 'id="quick-exit-explained"' in safety


def _exit_with_words(client: Client, token: str, to: str, **fields: str) -> None:
    """The beacon the script sends when she leaves a form she was typing in."""
    data = {"beacon": "1", "csrfmiddlewaretoken": token, "kept_to": to}
    data |= {f"kept.{name}": value for name, value in fields.items()}
    answer = client.post(reverse("frame:quick_exit"), data, HTTP_ORIGIN="http://testserver")
    assert answer.status_code == 204


def _page_token(client: Client) -> str:
    page = client.get(reverse("journal:write")).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_words_typed_before_a_quick_exit_wait_behind_the_password(personas: Personas) -> None:
    """The keyboard audit of 2026-12-03, finding 8: an Esc pressed while writing lost the words.
    They go with the lock, sealed in the session; the lock page shows none of them; after the
    password she sees them, nothing saved until she presses Save; a password is never kept."""
    from interdepend.web.journal.models import Entry

    client = as_user(personas.alice, enforce_csrf_checks=True)
    token = _page_token(client)
    words = "MRKUNSENTHALFTHOUGHT"
    before = Entry.objects.count()
    to = "http://testserver" + reverse("journal:write")
    _exit_with_words(client, token, to, body=words, password=PASSWORD, csrfmiddlewaretoken="x")
    locked = client.get(reverse("journal:write")).content.decode()
    assert LOCK_FORM in locked and words not in locked
    assert words not in str(dict(client.session))  # sealed
    assert _unlock(client, reverse("journal:write")) == reverse("accounts:carry_on")
    shown = client.get(reverse("accounts:carry_on")).content.decode()
    assert words in shown and "a new journal entry" in shown
    assert PASSWORD not in shown and Entry.objects.count() == before


@pytest.mark.parametrize(
    ("to", "token"),
    [
        ("/me/journal/write/", "stale"),  # not this session's token
        ("http://elsewhere.example/me/journal/write/", ""),  # another site's form
        ("/me/data/delete/", ""),  # not a form whose words are carried
        ("/nowhere/", ""),
    ],
)
def test_a_quick_exit_keeps_no_words_it_cannot_vouch_for(
    personas: Personas, to: str, token: str
) -> None:
    client = as_user(personas.alice, enforce_csrf_checks=True)
    _exit_with_words(client, token or _page_token(client), to, body="MRKNOTKEPT")
    assert _unlock(client, "/") == "/"


def test_a_second_exit_from_the_locked_page_cannot_replace_the_words_she_left(
    personas: Personas,
) -> None:
    """Whoever holds her locked phone read the lock page's token and sent his own beacon: his
    words took the place of hers behind her password (the partner audit of 2026-12-03)."""
    client = as_user(personas.alice, enforce_csrf_checks=True)
    to = "http://testserver" + reverse("journal:write")
    _exit_with_words(client, _page_token(client), to, body="MRKHEROWNWORDS")
    locked = client.get(reverse("journal:home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', locked)
    assert token is not None
    _exit_with_words(client, token[1], to, body="MRKHISPLANTEDWORDS")
    assert _unlock(client, reverse("journal:write")) == reverse("accounts:carry_on")
    shown = client.get(reverse("accounts:carry_on")).content.decode()
    assert "MRKHEROWNWORDS" in shown and "MRKHISPLANTEDWORDS" not in shown


def _unlock(client: Client, next_url: str) -> str:
    """The lock page's password, with the lock page's token; where it sends her."""
    locked = client.get(reverse("journal:home")).content.decode()
    assert LOCK_FORM in locked
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', locked)
    assert token is not None
    data = {"password": PASSWORD, "next": next_url, "csrfmiddlewaretoken": token[1]}
    return str(client.post(reverse("frame:unlock"), data)["Location"])


def test_a_quick_exit_locks_whatever_happens_to_the_words_it_carries(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeping the words comes after the lock, and a failure there must not undo it: a 500
    answer would not save the session, so the lock itself would be lost."""
    from interdepend.web.frame import lock

    def broken(request: object) -> None:
        raise RuntimeError("the words could not be kept")

    monkeypatch.setattr(lock, "keep_unsent", broken)
    client = as_user(personas.alice, enforce_csrf_checks=True)
    token = _page_token(client)
    to = "http://testserver" + reverse("journal:write")
    _exit_with_words(client, token, to, body="MRKWORDS")
    assert LOCK_FORM in client.get(reverse("journal:write")).content.decode()


def test_a_request_under_way_as_the_exit_locks_never_saves_the_session_unlocked(
    personas: Personas,
) -> None:
    """Django saves a session whole: a still-here report or another tab's page that read the
    session before the quick exit and saved it after put it back unlocked (the browser-test
    audit of 2026-12-04). The store keeps the lock; only the right password takes it away."""
    from interdepend.web.accounts.sessions import SessionStore

    client = as_user(personas.alice)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    under_way = SessionStore(key)
    under_way["_last_seen"] = under_way.get("_last_seen")  # read before the lock...
    under_way["something"] = "changed"
    quick_exit(client)
    under_way.save()  # ...and saved after it
    assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()
    assert SessionStore(key)["something"] == "changed"  # its own change is kept

    assert _unlock(client, reverse("journal:home")) == reverse("journal:home")
    assert LOCK_FORM not in client.get(reverse("journal:home")).content.decode()
    later = SessionStore(key)
    later["again"] = "saved"
    later.save()  # a save after the password does not bring the lock back
    assert LOCK_FORM not in client.get(reverse("journal:home")).content.decode()
