"""The account page reads her notification choices, how many devices get her notifications and
whether this sign-in is one of them with one statement (``push.push_settings_shown``, issue
15's twenty-third pass), where it read them with two (``push.push_choice_shown`` and
``push.push_devices_and_here``). Held here to the two reads for any choices or none, any
subscriptions of hers and others', of sign-ins running, over or kept before sign-ins were,
and any key or none; kept and built each time."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts import push
from interdepend.web.accounts.models import PushChoice, PushKind, PushSubscription, UserSession
from interdepend.web.frame import prepared
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

#: Whose a subscription is, and the sign-in it was made in: a running one, one that is over,
#: none (kept before sign-ins were), or this sign-in's own.
OWNERS = ("alice", "bob")
SIGN_INS = ("running", "over", "none", "here")
#: The key the page asks with: this sign-in's, another running one's, one no row has, none.
KEYS = ("here", "running", "unknown", None)


def _apart(user: Any, key: str | None) -> tuple[list[str], int, int, int, bool]:
    """What the page read before: the two reads, one after the other."""
    return (*push.push_choice_shown(user), *push.push_devices_and_here(user, key))


def _session(key: str, user: Any, ends: timedelta) -> None:
    UserSession.objects.create(
        session_key=key, session_data="", expire_date=timezone.now() + ends, user=user
    )


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    choice=st.none()
    | st.tuples(st.sets(st.sampled_from(list(PushKind))), st.integers(0, 23), st.integers(0, 23)),
    subscriptions=st.lists(
        st.tuples(st.sampled_from(OWNERS), st.sampled_from(SIGN_INS)), max_size=6
    ),
    key=st.sampled_from(KEYS),
    enabled=st.booleans(),
)
def test_the_one_read_is_the_two_it_replaced(
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    choice: tuple[set[PushKind], int, int] | None,
    subscriptions: list[tuple[str, str]],
    key: str | None,
    enabled: bool,
) -> None:
    monkeypatch.setattr(prepared, "ENABLED", enabled)
    alice, bob = personas.alice, personas.bob
    PushChoice.objects.filter(user__in=[alice, bob]).delete()
    PushSubscription.objects.all().delete()
    UserSession.objects.all().delete()
    if choice is not None:
        kinds, quiet_from, quiet_until = choice
        push.push_choice_set(
            user=alice, kinds=kinds, quiet_from=quiet_from, quiet_until=quiet_until
        )
    # Bob's own choice is never hers.
    push.push_choice_set(user=bob, kinds=set(PushKind), quiet_from=3, quiet_until=4)
    _session("here-key", alice, timedelta(hours=1))
    _session("running-key", alice, timedelta(hours=1))
    for n, (owner, sign_in) in enumerate(subscriptions):
        made = {"running": f"running-{n}", "over": f"over-{n}", "none": "", "here": "here-key"}
        session_key = made[sign_in]
        if sign_in in ("running", "over"):
            ends = timedelta(hours=1) if sign_in == "running" else -timedelta(seconds=1)
            _session(session_key, alice if owner == "alice" else bob, ends)
        PushSubscription.objects.create(
            user=alice if owner == "alice" else bob,
            endpoint=f"https://push.example/{n}",
            p256dh="p",
            auth="a",
            session_key=session_key,
        )
    asked = {"here": "here-key", "running": "running-key", "unknown": "no-such-key", None: None}
    shown = push.push_settings_shown(alice, asked[key])
    assert shown == _apart(alice, asked[key])
    assert [type(value) for value in shown] == [list, int, int, int, bool]


def test_it_is_one_statement_kept_on_the_connection(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    push.push_choice_set(
        user=personas.alice, kinds={PushKind.WAITING}, quiet_from=21, quiet_until=6
    )
    push.push_settings_shown(personas.alice, "some-key")  # kept on its first call at the latest
    kept = push._SETTINGS_SHOWN.kept_calls
    with django_assert_num_queries(1):
        shown = push.push_settings_shown(personas.alice, "some-key")
    assert shown == _apart(personas.alice, "some-key") == (["waiting"], 21, 6, 0, False)
    assert push._SETTINGS_SHOWN.kept_calls == kept + 1
    assert not push._SETTINGS_SHOWN.refused


def test_were_her_row_gone_the_two_reads_run_apart(personas: Personas) -> None:
    """The one row is her own; a person whose row is gone gets the two reads' answers."""
    gone = personas.alice
    gone_pk = gone.pk
    key = "a-key-of-hers"
    shown = push.push_settings_shown(gone, key)
    gone.delete()
    gone.pk = gone_pk
    reads = (push._CHOICE_SHOWN, push._DEVICES_HERE)
    kept = [read.kept_calls for read in reads]
    assert push.push_settings_shown(gone, key) == _apart(gone, key) == shown
    # The two reads ran from their kept statements (``test_prepared.REACHED_ELSEWHERE``).
    assert [read.kept_calls for read in reads] == [n + 2 for n in kept]
    assert not any(read.refused for read in reads)


def test_the_account_page_reads_a_statement_less_and_is_the_same(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page with the one read and with the two: the same page, one statement less."""
    push.push_choice_set(
        user=personas.alice, kinds={PushKind.CHECKIN}, quiet_from=23, quiet_until=8
    )
    client = as_user(personas.alice)
    url = reverse("accounts:settings")
    client.get(url)

    def drawn() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as run:
            page = client.get(url).content.decode()
        return re.sub(r'value="[^"]{40,}"', "", page), len(run.captured_queries)

    page, statements = drawn()
    monkeypatch.setattr(push, "push_settings_shown", _apart)
    before, statements_before = drawn()
    assert page == before and statements == statements_before - 1
    form = page.split('id="push-choices"')[1].split("</form>")[0]
    ticked = [part for part in form.split("<input")[1:] if 'name="kinds"' in part]
    on = {part.split('value="')[1].split('"')[0] for part in ticked if " checked" in part}
    assert on == {PushKind.CHECKIN.value}
    assert '<option value="23" selected>' in form
    assert '<option value="8" selected>' in form
