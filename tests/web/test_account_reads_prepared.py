"""The account, two-step and *Who can see what* pages' reads of notifications and passkeys are
built once per connection (``frame.prepared``) and give what their querysets give.

They were built by the ORM on every view: the count of her devices getting notifications
(about 0.4 ms to build, read on the account page and on *Who can see what*), whether this
sign-in has one, and her passkeys (the two-step page). Each is held here to the queryset it
replaced, in every state a subscription can be in, and shown to run with no statement built.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from interdepend.web.accounts import passkeys, push
from interdepend.web.accounts.models import Passkey, PushSubscription, User, UserSession
from tests.conftest import Personas
from tests.web.test_prepared import _same

pytestmark = pytest.mark.django_db


@contextmanager
def _statements_built() -> Iterator[list[int]]:
    """A list that grows by one each time the ORM builds a statement."""
    built: list[int] = []
    original = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return original(self, *args, **kwargs)

    setattr(SQLCompiler, "as_sql", counting)  # noqa: B010 - a spy for this block only
    try:
        yield built
    finally:
        setattr(SQLCompiler, "as_sql", original)  # noqa: B010


def _session(user: User, key: str, *, ended: bool = False) -> None:
    now = timezone.now()
    UserSession.objects.create(
        session_key=key,
        session_data="",
        expire_date=now - timedelta(seconds=1) if ended else now + timedelta(hours=1),
        user=user,
    )


def _device(user: User, name: str, session_key: str) -> None:
    PushSubscription.objects.create(
        user=user,
        endpoint=f"https://fcm.googleapis.com/fcm/send/{name}",
        p256dh="p" * 87,
        auth="a" * 22,
        session_key=session_key,
    )


def test_the_notification_reads_agree_with_their_querysets(personas: Personas) -> None:
    """A device kept before sign-ins were (no key), one of a running sign-in, one of a sign-in
    that ran out, one whose sign-in row is gone, and another person's: counted as the queryset
    counts them, for her, for him and for someone with none."""
    alice, bob, carol = personas.alice, personas.bob, personas.carol
    _session(alice, "a" * 32)
    _session(alice, "b" * 32, ended=True)
    _session(bob, "c" * 32)
    _device(alice, "kept-before", "")
    _device(alice, "running", "a" * 32)
    _device(alice, "ran-out", "b" * 32)
    _device(alice, "row-gone", "d" * 32)
    _device(bob, "his", "c" * 32)
    seen = {}
    for user in (alice, bob, carol):
        now = timezone.now()
        expected = push.live_subscriptions(now).filter(user=user).count()
        assert push._DEVICES(user_id=user.pk, now=now) == {"devices": expected}
        assert push.push_devices(user) == expected
        seen[user.email] = expected
    assert seen == {alice.email: 2, bob.email: 1, carol.email: 0}
    for key in ("a" * 32, "b" * 32, "c" * 32, "e" * 32):
        expected_here = PushSubscription.objects.filter(session_key=key).exists()
        assert push.push_here(key) is expected_here
        _same(push._HERE, push._HERE.build(session_key=key), session_key=key)
    assert not push.push_here("") and not push.push_here(None)
    # Her one device outside any sign-in does not make a sign-in without a key "here".
    assert PushSubscription.objects.filter(session_key="").exists()


def test_the_notification_reads_build_no_statement_once_kept(personas: Personas) -> None:
    push.push_devices(personas.alice)
    push.push_here("a" * 32)
    with _statements_built() as built:
        push.push_devices(personas.alice)
        push.push_here("a" * 32)
    assert built == []
    assert push._DEVICES.prepared(user_id=personas.alice.pk, now=timezone.now())
    assert push._HERE.prepared(session_key="a" * 32)


def test_her_passkeys_come_as_the_queryset_gives_them(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    now = timezone.now()
    for n, (user, days) in enumerate(((alice, 3), (bob, 2), (alice, 1), (alice, 5))):
        Passkey.objects.create(
            user=user,
            name=f"key {n} <script>",
            credential_id=f"credential-{n}",
            public_key=bytes([n]) * 8,
            user_handle=f"handle-{user.pk}",
            created_at=now - timedelta(days=days),
            last_used_at=None if n % 2 else now,
        )
    for user in (alice, bob, personas.carol):
        orm = Passkey.objects.filter(user=user).order_by("created_at")
        got = _same(passkeys._PASSKEYS, orm, user_id=user.pk)
        assert [k.pk for k in passkeys.passkeys_of(user)] == [k.pk for k in got]
    assert [k.name for k in passkeys.passkeys_of(alice)] == [
        "key 3 <script>",
        "key 0 <script>",
        "key 2 <script>",
    ]
    with _statements_built() as built:
        passkeys.passkeys_of(alice)
    assert built == []
