"""Changing one's name and e-mail address from the account page."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts import reauth
from interdepend.web.accounts.models import User
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def fresh(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    session = client.session
    session[reauth.REAUTH_AT_KEY] = time.time()
    session.save()
    return client


def ask(client: Client, email: str) -> str:
    mail.outbox.clear()
    response = client.post(reverse("accounts:details"), {"change": "email", "email": email})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def link_to(email: str) -> str:
    message = next(m for m in mail.outbox if m.to == [email])
    found = re.search(r"https?://\S+", message.body)
    assert found is not None
    return urlsplit(found.group(0)).path


def test_a_person_changes_their_name(personas: Personas) -> None:
    client = fresh(personas.carol)
    client.post(reverse("accounts:details"), {"change": "name", "display_name": "Caro"})
    assert User.objects.get(pk=personas.carol.pk).display_name == "Caro"


def test_changing_details_needs_a_recent_password(personas: Personas) -> None:
    client = fresh(personas.carol)
    session = client.session
    session[reauth.REAUTH_AT_KEY] = time.time() - 10_000
    session.save()
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
    assert "Use my new address" in client.get(path).content.decode()
    assert User.objects.get(pk=personas.carol.pk).email == old
    client.post(path)
    assert User.objects.get(pk=personas.carol.pk).email == "carol.new@example.test"
    assert "no longer works" in client.post(path).content.decode()


def test_the_link_works_only_for_the_person_who_asked(personas: Personas) -> None:
    ask(fresh(personas.carol), "carol.new@example.test")
    path = link_to("carol.new@example.test")
    stranger = fresh(personas.alice)
    assert "no longer works" in stranger.post(path).content.decode()
    assert User.objects.get(pk=personas.alice.pk).email != "carol.new@example.test"


def test_the_page_answers_alike_whether_the_address_is_taken(personas: Personas) -> None:
    client = fresh(personas.carol)
    free = ask(client, "nobody.yet@example.test")
    taken = ask(client, personas.alice.email)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", free) == token.sub("", taken)
    note = next(m for m in mail.outbox if m.to == [personas.alice.email])
    assert "http" not in note.body and personas.carol.display_name not in note.body
