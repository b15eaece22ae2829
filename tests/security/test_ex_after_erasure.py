"""The ex audit of 2026-12-05: the codes she gave him answer him the same whether she left or
erased her account.

He keeps the code she made to link with him (or her practice's code, when she was his
practitioner too): it is in his browser's history. After the end, typed again, it opens
nothing and is not counted as a wrong guess, because it was his. Erasing her account took
her invitations with it, and the same code became one that never existed: counted, so after
ten tries he was paused for an hour, and his download listed the tries. That told him she had
erased her account rather than only left. Now the code's digest and his account's key stay
(``partners.models.SpentCode``), and the code answers him as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights.services import export_tables, user_delete
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import GuessAttempt, SpentCode
from interdepend.web.practice import services as practice
from tests.conftest import PASSWORD, Personas
from tests.helpers import active_partnership, as_user, password_confirmed
from tests.security.test_her_way_out_alike import _her_ways_out, _his_view_after

pytestmark = pytest.mark.django_db

TRIES = 12
TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|idem)" value=")[^"]*"')
HER_ADDRESS = "her.spent@example.test"


def _couple() -> tuple[User, User]:
    her = user_create(email=HER_ADDRESS, password=PASSWORD, display_name="Noa")
    him = user_create(email="him.spent@example.test", password=PASSWORD, display_name="Ravi")
    return her, him


def _partner_code(her: User, him: User) -> tuple[str, str]:
    """She invites him and he accepts by typing her code: the code, and where it is typed."""
    new = partners.invitation_create(inviter=her)
    his = password_confirmed(as_user(him))
    assert his.post(reverse("partners:join"), {"code": new.code}).status_code == 200
    partners.invitation_accept(invitation=new.invitation, user=him)
    return new.code, "partners:join"


def _practice_code(her: User, him: User) -> tuple[str, str]:
    """They are linked, and she is his practitioner too, through her practice's code."""
    _partner_code(her, him)
    profile = practice.practitioner_enable(user=her)
    new = practice.client_invitation_create(practitioner=profile)
    his = password_confirmed(as_user(him))
    assert his.post(reverse("practice:join"), {"code": new.code}).status_code == 200
    practice.client_invitation_redeem(invitation=new.invitation, user=him)
    return new.code, "practice:join"


def _his_tries(him: User, code: str, where: str) -> list[tuple[int, str]]:
    """His answers, status and words, with the code (new in each world) set aside."""
    his = password_confirmed(as_user(him))
    answers = []
    for _ in range(TRIES):
        response = his.post(reverse(where), {"code": code})
        body = TOKENS.sub(r"\1", response.content.decode()).replace(code, "<her code>")
        answers.append((response.status_code, body))
    return answers


def _she_leaves(her: User) -> None:
    assert partners.partnership_leave(user=her)


def _she_leaves_and_erases(her: User) -> None:
    _she_leaves(her)
    user_delete(user=User.objects.get(pk=her.pk))


def _she_erases_and_comes_back(her: User) -> None:
    _she_leaves_and_erases(her)
    user_create(email=HER_ADDRESS, password=PASSWORD, display_name="Noa")


WAYS: dict[str, Callable[[User], None]] = {
    "she leaves": _she_leaves,
    "she leaves, then erases her account": _she_leaves_and_erases,
    "she erases her account and signs up again": _she_erases_and_comes_back,
}
CODES = {"her invitation": _partner_code, "her practice's code": _practice_code}


@pytest.mark.parametrize("kind", list(CODES))
def test_her_code_answers_him_the_same_whether_she_left_or_erased_her_account(kind: str) -> None:
    seen: dict[str, tuple[list[tuple[int, str]], int, str]] = {}
    for what, way in WAYS.items():
        with transaction.atomic():
            her, him = _couple()
            code, where = CODES[kind](her, him)
            way(her)
            answers = _his_tries(him, code, where)
            counted = GuessAttempt.objects.filter(key=f"user:{him.pk}").count()
            kept = str(export_tables(him).get("partners_guessattempt"))
            seen[what] = (answers, counted, kept)
            transaction.set_rollback(True)
    first = seen["she leaves"]
    print(
        f"\n{kind}: {len(seen)} ways x {TRIES} tries; counted as guesses: "
        + ", ".join(f"{what} {counted}" for what, (_a, counted, _k) in seen.items())
    )
    assert {status for status, _body in first[0]} == {404}
    assert first[1] == 0
    for what, answer in seen.items():
        assert answer == first, what


def test_what_his_opening_left_goes_when_his_account_is_erased() -> None:
    her, him = _couple()
    _partner_code(her, him)
    partners.partnership_leave(user=her)
    user_delete(user=her)
    (kept,) = SpentCode.objects.values_list("opened_by", flat=True)
    assert kept == partners.account_key(him)
    user_delete(user=him)
    assert not SpentCode.objects.exists()


def test_a_code_nobody_opened_leaves_nothing_when_she_erases_her_account() -> None:
    her, him = _couple()
    partners.invitation_create(inviter=her)
    active = partners.invitation_create(inviter=him)
    partners.invitation_accept(invitation=active.invitation, user=her)
    assert active_partnership(her).partner == him
    user_delete(user=her)
    assert not SpentCode.objects.exists()


#: The new rows' ids, drawn in order in every world (random in life): her erasure draws one
#: more of its own (the record a restore replays) before his kept words are made.
DRAWN_ID = re.compile(r"\b\d{22}\b")


def _ids_aside(seen: tuple[int, str, str]) -> tuple[int, str, str]:
    status, headers, body = seen
    return status, headers, DRAWN_ID.sub("<new id>", body)


def test_his_pages_and_download_are_the_same_when_she_erases_her_account_without_leaving(
    personas: Personas,
) -> None:
    """Her erasure while they are linked ends the partnership too: he must not tell it from a
    leave. Her shared goals he had written on passed to him and stayed in his download, where a
    leave took them out of it (the ex audit of 2026-12-05); now he keeps his own words in both."""
    alice_pk = personas.alice.pk

    def erase_while_linked() -> None:
        user_delete(user=User.objects.get(pk=alice_pk))

    his_phone = password_confirmed(as_user(personas.bob))
    his_phone.get(reverse("home:home"))
    moment = timezone.now()
    ways = {
        "she leaves from Us": _her_ways_out(personas)["she leaves from Us"],
        "the safety reset": _her_ways_out(personas)["the safety reset"],
        "she erases her account while linked": erase_while_linked,
    }
    worlds = {
        what: {
            key: _ids_aside(seen)
            for key, seen in _his_view_after(way, his_phone, personas, moment).items()
        }
        for what, way in ways.items()
    }
    first, *others = worlds.values()
    apart = [
        f"{what}: {key}"
        for what, seen in zip(list(worlds)[1:], others, strict=True)
        for key in sorted(set(first) | set(seen))
        if seen.get(key) != first.get(key)
    ]
    print(
        f"\nher erasure while linked: {len(worlds)} worlds x {len(first)} of his, "
        f"{len(apart)} apart"
    )
    assert not apart, apart
