"""The partner audit of 2026-12-04 (VI): what he can tell from how she leaves, and from the
answers to his own presses.

- Her ways out look alike to him. She can leave from *Us* (with her password), from *Who can
  see what* (one press), or with the safety reset; she can then delete her account. Every page
  he gets (whole and as htmx asks for it, status, headers and words) and his whole export are
  the same whichever way she took: a page that told the reset from a plain leave would tell
  him she felt she needed it. Deleting her account after leaving is compared the same way.
  Each way is played from the same start inside a savepoint that is rolled back, so the worlds
  differ only in her way out.
- The answers to his own presses (every POST address he may use, sent empty, whole and as
  htmx) stay the same while she does things for herself only; the earlier sweeps compared his
  pages, never what his forms answer.
- His pages, his download and his mail stay the same while she turns on her weekly reminder,
  says yes to research, downloads her data, or someone types wrong passwords at her address and
  asks for its reset.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.datarights.services import user_delete
from interdepend.web.frame import publicid
from interdepend.web.journal import services as journal_services
from interdepend.web.research import services as research_services
from interdepend.web.together import services as together_services
from interdepend.web.together.reminders import reminder_set
from tests.conftest import PASSWORD, Personas
from tests.helpers import HTMX, as_user, password_confirmed
from tests.security.policy import POLICY
from tests.security.test_audit_sweeps import (
    LEFT_OUT_HEADERS,
    _her_private_changes,
    _his_view,
    _steady,
)

pytestmark = pytest.mark.django_db

View = dict[str, tuple[int, str, str]]


def _her_ways_out(personas: Personas) -> dict[str, Callable[[], None]]:
    alice_pk = personas.alice.pk

    def her() -> User:
        # Fresh from the database: a deletion rolled back leaves the object without its key.
        return User.objects.get(pk=alice_pk)

    def leave_from_us() -> None:
        response = as_user(her()).post(reverse("partners:leave"), {"password": PASSWORD})
        assert response.status_code == 302

    def unlink_from_sharing() -> None:
        response = as_user(her()).post(reverse("safetycheck:unlink"))
        assert response.status_code == 302

    def safety_reset() -> None:
        hers = password_confirmed(as_user(her()))
        assert hers.post(reverse("datarights:reset"), {"confirm": "yes"}).status_code == 302

    def reset_then_delete() -> None:
        safety_reset()
        user_delete(user=her())

    def leave_then_delete() -> None:
        leave_from_us()
        user_delete(user=her())

    return {
        "she leaves from Us": leave_from_us,
        "she unlinks on Who can see what": unlink_from_sharing,
        "the safety reset": safety_reset,
        "she leaves, then deletes her account": leave_then_delete,
        "the safety reset, then she deletes her account": reset_then_delete,
    }


def _his_view_after(
    way: Callable[[], None], his_phone: Client, personas: Personas, moment: datetime
) -> View:
    """His view once she took this way out, at the same moment and with the same new ids as
    every other way (the new rows' random ids and times are not hers to tell), then undone."""
    drawn = itertools.count()
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch.object(publicid, "source", lambda _size: f"{next(drawn):022d}"),
        transaction.atomic(),
    ):
        way()
        seen = _his_view(his_phone, personas)
        transaction.set_rollback(True)
    return seen


def test_his_view_is_the_same_whichever_way_she_leaves(personas: Personas) -> None:
    his_phone = password_confirmed(as_user(personas.bob))
    his_phone.get(reverse("home:home"))
    ways = _her_ways_out(personas)
    moment = timezone.now()
    worlds = {what: _his_view_after(way, his_phone, personas, moment) for what, way in ways.items()}
    first, *others = worlds.values()
    assert first != _his_view(his_phone, personas), "leaving must change his pages at all"
    apart = [
        f"{what}: {key}"
        for what, seen in zip(list(worlds)[1:], others, strict=True)
        for key in first
        if seen.get(key) != first[key]
    ]
    print(f"\nher ways out: {len(worlds)} worlds x {len(first)} of his, {len(apart)} apart")
    assert not apart


#: Addresses whose answer is his own count: codes looked up (ten wrong ones pause him for an
#: hour) and passwords typed. They move with his own presses, whatever she does.
HIS_OWN_COUNTS = ("join", "accept", "password", "confirm", "unlock", "second_step")
#: Presses that would end his session, his partnership or his data, or send him elsewhere.
ENDINGS = ("logout", "exit", "stepped_away", "leave", "reset", "delete", "end", "unlink")


def _his_answers(client: Client, personas: Personas) -> View:
    """Every POST address he may use, sent empty, whole and as htmx: status, headers, words."""
    seen: View = {}
    for name, row in POLICY.items():
        if row.post.get("partner-b") == "method" or any(
            word in name for word in HIS_OWN_COUNTS + ENDINGS
        ):
            continue
        path = reverse(name, kwargs=row.kwargs(personas))
        for label, headers in (("", {}), (" htmx", HTMX)):
            response = client.post(path, {}, headers=headers)
            kept = sorted((k, v) for k, v in response.items() if k not in LEFT_OUT_HEADERS)
            body = _steady(response.content.decode("utf-8", "replace"))
            seen[path + label] = (response.status_code, repr(kept), body)
            client.get(reverse("frame:about"))  # the words a press left go with the next page
    return seen


def test_the_answers_to_his_presses_stay_the_same_whatever_she_does_for_herself(
    personas: Personas,
) -> None:
    alice = personas.alice
    his_phone = password_confirmed(as_user(personas.bob))
    his_phone.get(reverse("home:home"))
    _his_answers(his_phone, personas)  # a first press may leave a word for the next page
    before = _his_answers(his_phone, personas)
    assert _his_answers(his_phone, personas) == before, "his answers move by themselves"
    changes = [
        *_her_private_changes(personas),
        (
            "a journal entry",
            lambda: journal_services.entry_create(
                owner=alice, body="MRKSEC3ENTRY", prompt_key="", idem_key=""
            ),
        ),
        (
            "a boundary draft",
            lambda: together_services.boundary_draft(owner=alice, text="MRKSEC3DRAFT", idem_key=""),
        ),
    ]
    moved: list[str] = []
    for what, change in changes:
        change()
        after = _his_answers(his_phone, personas)
        moved += [f"{what}: {key}" for key in before if after[key] != before[key]]
        before = after
    print(
        f"\nhis presses: {len(before)} answers, {len(changes)} changes of hers, {len(moved)} moved"
    )
    assert len(before) > 50
    assert not moved


def _her_account_steps(personas: Personas) -> list[tuple[str, Callable[[], None]]]:
    """What she does about her account alone that the earlier sweeps left out."""
    alice = personas.alice

    def reminder_on() -> None:
        reminder_set(user=alice, on=True)

    def research_yes() -> None:
        research_services.consent_set(user=alice, given=True)

    def her_download() -> None:
        hers = as_user(alice)
        assert hers.post(reverse("datarights:export"), {"password": PASSWORD}).status_code == 200

    def wrong_passwords_then_a_reset_asked() -> None:
        somebody = Client()
        for _ in range(3):
            somebody.post(reverse("accounts:login"), {"username": alice.email, "password": "no"})
        somebody.post(reverse("accounts:password_reset"), {"email": alice.email})

    return [
        ("her weekly reminder turned on", reminder_on),
        ("research consent given", research_yes),
        ("her download", her_download),
        ("wrong passwords and a reset asked for her address", wrong_passwords_then_a_reset_asked),
    ]


def test_his_pages_and_mail_stay_the_same_whatever_she_does_with_her_account(
    personas: Personas,
) -> None:
    his_phone = password_confirmed(as_user(personas.bob))
    his_phone.get(reverse("home:home"))
    before = _his_view(his_phone, personas)
    mail.outbox.clear()
    moved: list[str] = []
    steps = _her_account_steps(personas)
    for what, step in steps:
        step()
        after = _his_view(his_phone, personas)
        moved += [f"{what}: {key}" for key in before if after[key] != before[key]]
        before = after
    to_him = [message for message in mail.outbox if personas.bob.email in message.to]
    print(f"\nher account: {len(before)} of his, {len(steps)} steps, {len(moved)} moved")
    assert not moved and not to_him
