"""Changing one's name and e-mail address from the account page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts import personal, services
from interdepend.web.accounts.models import PendingEmailChange, User
from interdepend.web.frame.exportrows import table
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db


def fresh(user: User) -> Client:
    """Signed in, with the password just confirmed."""
    return password_confirmed(as_user(user))


def ask(client: Client, email: str) -> str:
    mail.outbox.clear()
    response = client.post(reverse("accounts:details"), {"change": "email", "email": email})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def link_to(email: str) -> str:
    message = next(m for m in mail.outbox if m.to == [email])
    found = re.search(r"https?://\S+", str(message.body))
    assert found is not None
    return urlsplit(found.group(0)).path


def test_a_person_changes_their_name(personas: Personas) -> None:
    client = fresh(personas.carol)
    client.post(reverse("accounts:details"), {"change": "name", "display_name": "Caro"})
    assert User.objects.get(pk=personas.carol.pk).display_name == "Caro"


def test_changing_details_needs_a_recent_password(personas: Personas) -> None:
    client = password_confirmed(as_user(personas.carol), seconds_ago=10_000)
    response = client.post(reverse("accounts:details"), {"change": "name", "display_name": "X"})
    assert response.status_code == 302 and "confirm" in response["Location"]
    assert User.objects.get(pk=personas.carol.pk).display_name != "X"


def test_a_new_address_counts_only_once_its_link_is_used(personas: Personas) -> None:
    client = fresh(personas.carol)
    old = personas.carol.email
    ask(client, "carol.new@example.test")
    assert User.objects.get(pk=personas.carol.pk).email == old
    note = next(m for m in mail.outbox if m.to == [old])
    assert "carol.new" not in note.body and "http" not in note.body
    path = link_to("carol.new@example.test")
    page = client.get(path).content.decode()
    assert "Use my new address" in page
    assert '<strong class="address">carol.new@example.test</strong>' in page
    assert User.objects.get(pk=personas.carol.pk).email == old
    client.post(path, {"password": PASSWORD})
    assert User.objects.get(pk=personas.carol.pk).email == "carol.new@example.test"
    assert "no longer works" in client.post(path, {"password": PASSWORD}).content.decode()


def test_the_link_works_only_for_the_person_who_asked(personas: Personas) -> None:
    ask(fresh(personas.carol), "carol.new@example.test")
    path = link_to("carol.new@example.test")
    stranger = fresh(personas.alice)
    assert "no longer works" in stranger.post(path, {"password": PASSWORD}).content.decode()
    assert User.objects.get(pk=personas.alice.pk).email != "carol.new@example.test"


def test_a_spent_link_says_so_before_asking_for_the_password(personas: Personas) -> None:
    """Only the person who asked sees the address waiting; a link that no longer works says so
    at once (another person's, an older one, a forged one), naming no address."""
    client = fresh(personas.carol)
    ask(client, "first.try@example.test")
    first = link_to("first.try@example.test")
    ask(client, "second.try@example.test")
    second = link_to("second.try@example.test")
    for viewer, path in (
        (client, first),
        (fresh(personas.alice), second),
        (client, "/account/email/x:y/"),
    ):
        page = viewer.get(path).content.decode()
        assert "no longer works" in page and 'type="password"' not in page
        assert "try@example.test" not in page
    assert "second.try@example.test" in client.get(second).content.decode()


def test_the_page_answers_alike_whether_the_address_is_taken(personas: Personas) -> None:
    client = fresh(personas.carol)
    free = ask(client, "nobody.yet@example.test")
    taken = ask(client, personas.alice.email)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", free) == token.sub("", taken)
    note = next(m for m in mail.outbox if m.to == [personas.alice.email])
    assert "http" not in note.body and personas.carol.display_name not in note.body


def test_the_link_names_no_address_so_the_browser_history_cannot(personas: Personas) -> None:
    """The path holds a signed random value only: no part of either address, even decoded."""
    import base64
    import binascii

    ask(fresh(personas.carol), "carol.secret@example.test")
    path = link_to("carol.secret@example.test")
    pieces = [path, *path.split(":")]
    decoded = []
    for piece in pieces:
        for chunk in piece.strip("/").split("/"):
            try:
                decoded.append(base64.urlsafe_b64decode(chunk + "=" * (-len(chunk) % 4)))
            except (binascii.Error, ValueError):
                continue
    seen = path + " ".join(d.decode("latin-1") for d in decoded)
    for word in ("carol", "secret", "example.test"):
        assert word not in seen.lower(), word


def test_only_the_newest_link_works_and_a_new_password_ends_it(personas: Personas) -> None:
    client = fresh(personas.carol)
    ask(client, "first@example.test")
    first = link_to("first@example.test")
    ask(client, "second@example.test")
    assert "no longer works" in client.post(first, {"password": PASSWORD}).content.decode()
    second = link_to("second@example.test")
    services.user_change_password(
        user=personas.carol,
        new_password="another long passphrase",
        keep_session_key=None,
        end_other_sessions=False,
    )
    client.force_login(personas.carol)
    password_confirmed(client)
    assert (
        "no longer works"
        in client.post(second, {"password": "another long passphrase"}).content.decode()
    )
    assert User.objects.get(pk=personas.carol.pk).email == personas.carol.email


def test_a_waiting_address_is_in_the_export_and_goes_with_the_account(
    personas: Personas,
) -> None:
    ask(fresh(personas.carol), "carol.next@example.test")
    tables = personal.export(personas.carol)
    waiting = tables[table(PendingEmailChange)]
    assert [row["email"] for row in waiting] == ["carol.next@example.test"]
    assert all("digest" not in row for row in waiting)
    personal.erase(personas.carol)
    assert not PendingEmailChange.objects.filter(user=personas.carol).exists()


def test_the_link_asks_for_the_password_so_a_held_phone_cannot_use_it(personas: Personas) -> None:
    """Someone holding her signed-in phone with the link cannot move her account to their
    address without her password: without it, or with a wrong one, nothing changes."""
    client = fresh(personas.carol)
    old = personas.carol.email
    ask(client, "someone.else@example.test")
    path = link_to("someone.else@example.test")
    assert 'type="password"' in client.get(path).content.decode()
    for data in ({}, {"password": "not her password"}):
        answer = client.post(path, data)
        assert answer.status_code == 400
        assert User.objects.get(pk=personas.carol.pk).email == old
    client.post(path, {"password": PASSWORD})
    assert User.objects.get(pk=personas.carol.pk).email == "someone.else@example.test"


def test_the_safety_reset_ends_a_waiting_address(personas: Personas) -> None:
    """A change someone else started on her phone does not survive her safety reset."""
    from interdepend.web.datarights.services import safety_reset

    client = fresh(personas.carol)
    ask(client, "taken.over@example.test")
    path = link_to("taken.over@example.test")
    safety_reset(user=personas.carol, keep_session_key=None)
    client = fresh(personas.carol)
    assert "no longer works" in client.post(path, {"password": PASSWORD}).content.decode()
    assert User.objects.get(pk=personas.carol.pk).email == personas.carol.email


def test_a_taken_and_a_free_address_cost_the_same_reads_and_writes(personas: Personas) -> None:
    """The page must not tell by its time whether an address has an account: both paths make
    the same statements, in the same order (the kinds compared, not the values)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = fresh(personas.carol)

    def statements(email: str) -> list[str]:
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as seen:
            client.post(reverse("accounts:details"), {"change": "email", "email": email})
        kinds = []
        for query in seen.captured_queries:
            words = query["sql"].split()
            table = query["sql"].split('"')[1] if '"' in query["sql"] else ""
            savepoint = words[0] in {"SAVEPOINT", "RELEASE", "ROLLBACK"}
            kinds.append(words[0] if savepoint or not table else f"{words[0]} {table}")
        return kinds

    statements("first.try@example.test")  # the session's own first-request writes, aside
    free = statements("nobody.here@example.test")
    taken = statements(personas.alice.email)
    assert free == taken and len(free) > 3
