"""*Who can see what* reads her current partnership once (issue 15's eleventh pass): her
partner's card and her practitioners' cards (whether a practitioner's account is her partner's)
each read it before, the same statement twice on every view of a person with a practitioner."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interdepend.web.accounts.models import User
from interdepend.web.datarights.safetycheck import selectors
from interdepend.web.practice.selectors import my_links
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_her_partnership_is_read_once_for_both_cards(personas: Personas) -> None:
    alice = personas.alice
    assert my_links(alice)  # she has a practitioner: the second read used to run
    with CaptureQueriesContext(connection) as captured:
        seen = selectors.picture(alice, None)
    assert seen.partner is not None and seen.practitioners
    # The hand-written statement of ``partners.access.access_active_partnership``.
    assert sum("ORDER BY other.id LIMIT 1" in q["sql"] for q in captured) == 1


@pytest.mark.parametrize("who", ["alice", "carol", "dave"])
def test_her_practitioners_are_the_same_with_her_partner_given(
    personas: Personas, who: str
) -> None:
    """Given her partner as the page read it, or read inside: the same links, the same notes."""
    from interdepend.web.partners.access import access_partner

    user = getattr(personas, who)
    assert my_links(user, partner=access_partner(user)) == my_links(user)


def test_her_factors_devices_and_research_yes_are_the_three_reads_they_replace(
    personas: Personas,
) -> None:
    """The page reads her two-step factors, her notification devices and her research yes in
    one statement (issue 15's fifteenth pass): the same as ``twostep.factors``,
    ``push.push_devices`` and ``access_own_consent``, for everyone, with each kind of row there
    and not (a confirmed app and an unconfirmed one, passkeys, used and unused recovery codes, a
    device of a running sign-in, of an ended one and kept before sign-ins were, a yes taken back),
    and none of another person's counted."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.accounts import push, twostep
    from interdepend.web.accounts.models import (
        AuthenticatorApp,
        Passkey,
        PushSubscription,
        RecoveryCode,
        UserSession,
    )
    from interdepend.web.research.access import access_own_consent
    from interdepend.web.research.models import ResearchConsent

    alice, bob, carol, dave = personas.alice, personas.bob, personas.carol, personas.dave
    now = timezone.now()

    def expected(user: User) -> tuple[twostep.Factors, int, bool]:
        return twostep.factors(user), push.push_devices(user), access_own_consent(user)

    people = (alice, bob, carol, dave)
    assert [selectors.settings_counts(u) for u in people] == [expected(u) for u in people]
    AuthenticatorApp.objects.create(user=alice, secret="A" * 32, confirmed_at=now)
    AuthenticatorApp.objects.create(user=bob, secret="B" * 32)  # never confirmed
    for n in range(3):
        Passkey.objects.create(
            user=alice if n else carol, name=f"k{n}", credential_id=f"c{n}", public_key=b"k"
        )
    for n in range(5):
        RecoveryCode.objects.create(user=alice, digest=f"h{n}", used_at=now if n % 2 else None)
    for key, ended in (("a" * 32, False), ("b" * 32, True)):
        UserSession.objects.create(
            session_key=key,
            session_data="",
            expire_date=now + timedelta(hours=-1 if ended else 1),
            user=alice,
        )
    for name, key in (("running", "a" * 32), ("ended", "b" * 32), ("kept", "")):
        PushSubscription.objects.create(
            user=alice,
            endpoint=f"https://fcm.googleapis.com/fcm/send/{name}",
            p256dh="p" * 87,
            auth="a" * 22,
            session_key=key,
        )
    ResearchConsent.objects.update_or_create(user=alice, defaults={"is_given": True})
    ResearchConsent.objects.update_or_create(user=bob, defaults={"is_given": False})
    found = [selectors.settings_counts(u) for u in people]
    assert found == [expected(u) for u in people]
    factors, devices, research = found[0]
    assert (factors.app, factors.passkeys, factors.recovery_left, devices, research) == (
        True,
        2,
        3,
        2,
        True,
    )
    assert found[1][0].app is False and found[1][2] is False
    with CaptureQueriesContext(connection) as captured:
        seen = selectors.picture(alice, None)
    assert (seen.app, seen.passkeys, seen.recovery_left, seen.push_devices, seen.research) == (
        True,
        2,
        3,
        2,
        True,
    )
    tables = ("accounts_passkey", "accounts_pushsubscription", "research_researchconsent")
    assert sum(any(t in q["sql"] for t in tables) for q in captured) == 1


def _sessions_rule(user: User, current_key: str | None) -> list[selectors.SessionRow]:
    """Where she is signed in as the page read it before issue 15's sixteenth pass: her
    running sessions as whole model rows, newest first."""
    from django.utils import timezone

    from interdepend.web.accounts.models import UserSession

    rows = UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        "-created_at"
    )
    return [
        selectors.SessionRow(
            token=selectors.session_token(row.session_key),
            device=selectors.device_kind(row.user_agent),
            browser=selectors.browser_name(row.user_agent),
            signed_in=row.created_at,
            last_used=row.last_seen_at,
            is_current=row.session_key == current_key,
        )
        for row in rows
    ]


def test_where_she_is_signed_in_is_the_rows_it_was_read_from(personas: Personas) -> None:
    """Four columns of her running sessions (issue 15's sixteenth pass), where the page made
    whole rows: the same list as from the rows, for everyone, with a phone, a tablet, a
    computer, no browser named, ended sessions, another person's, and this one or none."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.accounts.models import UserSession

    now = timezone.now()
    agents = (
        "Mozilla/5.0 (iPhone) Mobile Safari",
        "Mozilla/5.0 (Linux; Android 14) Chrome",
        "Mozilla/5.0 (X11) Firefox <b>&'\"",
        "",
    )
    for n, agent in enumerate(agents * 2):
        UserSession.objects.create(
            session_key=f"{n:02d}" + "k" * 30,
            session_data="secret-data-never-read",
            expire_date=now + timedelta(hours=-1 if n == 5 else 1 + n),
            created_at=now - timedelta(days=n, minutes=n),
            last_seen_at=now - timedelta(minutes=n),
            user=personas.alice if n % 3 else personas.bob,
            user_agent=agent,
        )
    keys = [None, "01" + "k" * 30, "03" + "k" * 30, "00" + "k" * 30]
    for user in personas.by_role().values():
        for key in keys:
            assert selectors.sessions(user, key) == _sessions_rule(user, key)
    assert len(selectors.sessions(personas.alice, None)) >= 4
    with CaptureQueriesContext(connection) as captured:
        selectors.sessions(personas.alice, keys[1])
    assert len(captured) == 1 and "session_data" not in captured[0]["sql"]
