"""*Who can see what* reads five lists of her own rows in one statement (issue 15's eighteenth
pass): her open invitations, her running sessions, her entries and check-in weeks shared with
her partner and her entries a practitioner may read. Each list is held here to the read it
replaced, kept in ``selectors`` as its rule, over random histories of everyone."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User, UserSession
from interdepend.web.datarights.safetycheck import selectors
from interdepend.web.frame import prepared
from interdepend.web.journal.models import Entry, PractitionerShare
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Invitation, InvitationState, Partnership
from interdepend.web.practice import selectors as practice_selectors
from interdepend.web.practice.models import ClientLink
from interdepend.web.together.models import CheckIn
from tests.conftest import Personas
from tests.web.test_practice_reads import _random_links, _repartnered

pytestmark = pytest.mark.django_db

#: Words that a database, a page or an escaper could take for something else (never NUL).
HOSTILE = ("<script>alert(1)</script>", "\"Bo\" & 'Al'", "{{ x }}", "\u202eשלום", "")


def _rules(user: User, current_key: str | None) -> dict[str, Any]:
    """The five lists as the five reads gave them before."""
    active = access_active_partnership(user)
    side = selectors.partner_side(user, active)
    linked = bool(selectors.practitioners(user, active.partner if active else None))
    return {
        "invitations": selectors.open_invitations(user),
        "sessions": selectors.sessions(user, current_key),
        "partner": side,
        "practitioner_entries": selectors.practitioner_entries(user, linked),
        "practitioners": selectors.practitioners(user, active.partner if active else None),
    }


def _now_read(user: User, current_key: str | None) -> dict[str, Any]:
    seen = selectors.picture(user, current_key)
    return {
        "invitations": seen.invitations,
        "sessions": seen.sessions,
        "partner": seen.partner,
        "practitioner_entries": seen.practitioner_entries,
        "practitioners": seen.practitioners,
    }


def _random_history(personas: Personas, seed: int) -> None:
    """Everyone's invitations, sessions, entries and check-ins at random: open, taken and
    expired codes; running and ended sessions, some signed in at one moment; entries of one
    moment, shared with the partnership of now, an ended one or none, and with practitioners
    before and after their consent; check-ins shared and not, in this partnership and an
    earlier one."""
    drawn = random.Random(seed)
    _random_links(personas, seed)
    now = timezone.now()
    people = list(User.objects.order_by("pk"))
    ended = Partnership.objects.create()
    moments = [now - timedelta(days=drawn.randint(0, 300), seconds=n) for n in range(6)]
    for n, person in enumerate(people):
        active = access_active_partnership(person)
        for i in range(drawn.randint(0, 3)):
            Invitation.objects.create(
                inviter=person,
                code_digest=f"{seed}-{n}-{i}",
                expires_at=now + timedelta(hours=drawn.choice([-2, 1, 30, 30])),
                state=drawn.choice(
                    [InvitationState.OPEN] * 3
                    + [InvitationState.ACCEPTED, InvitationState.WITHDRAWN]
                ),
            )
        for i in range(drawn.randint(0, 4)):
            UserSession.objects.create(
                session_key=f"s{seed}-{n}-{i}".ljust(32, "k"),
                session_data="never read",
                expire_date=now + timedelta(hours=drawn.choice([-1, 2, 5])),
                created_at=drawn.choice(moments),
                last_seen_at=drawn.choice(moments),
                user=person,
                user_agent=drawn.choice(HOSTILE + ("Mozilla/5.0 (iPhone) Mobile Safari",)),
            )
        links = list(ClientLink.objects.filter(client=person))
        for i in range(drawn.randint(0, 6)):
            where = drawn.choice([active.partnership if active else None, ended, None])
            entry = Entry.objects.create(
                owner=person,
                created_at=drawn.choice(moments),
                shared_with_partner=where is not None,
                shared_partnership=where,
            )
            for link in drawn.sample(links, drawn.randint(0, len(links))):
                PractitionerShare.objects.create(
                    entry=entry, link=link, shared_at=now - timedelta(days=drawn.randint(0, 400))
                )
            del i
        monday = date(2023, 1, 2)
        for i in range(drawn.randint(0, 8)):
            where = drawn.choice([active.partnership if active else None, ended, None])
            CheckIn.objects.create(
                owner=person,
                week=monday - timedelta(weeks=i),
                shared=drawn.random() < 0.7,
                partnership=where,
            )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_her_five_lists_are_the_five_reads_they_replace(personas: Personas, seed: int) -> None:
    """For everyone, with no current session and with one of hers: the same lists, in the same
    order, as the five reads gave."""
    _random_history(personas, seed)
    seen = 0
    for user in User.objects.order_by("pk"):
        keys: list[str | None] = [None]
        keys += list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys[:3]:
            now, before = _now_read(user, key), _rules(user, key)
            assert now == before, user.email
            seen += sum(map(len, (now["invitations"], now["sessions"])))
            seen += len(now["practitioner_entries"])
            seen += (
                len(now["partner"].entries) + len(now["partner"].checkins) if now["partner"] else 0
            )
    assert seen > 20, "the random history gave the lists nothing to hold"


def test_ties_keep_the_order_of_the_reads(personas: Personas) -> None:
    """Entries of one moment newest made first; her sessions of one moment and invitations of
    one expiry as the reads gave them."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    moment = timezone.now() - timedelta(days=3)
    for _ in range(4):
        Entry.objects.create(
            owner=alice,
            created_at=moment,
            shared_with_partner=True,
            shared_partnership=active.partnership,
        )
    for n in range(3):
        UserSession.objects.create(
            session_key=f"tie{n}".ljust(32, "t"),
            session_data="",
            expire_date=timezone.now() + timedelta(hours=1),
            created_at=moment,
            last_seen_at=moment + timedelta(minutes=n),
            user=alice,
        )
    rows = selectors.her_rows(alice, active)
    same = [e for e in rows.partner_entries if e.created_at == moment]
    assert [e.pk for e in same] == sorted((e.pk for e in same), reverse=True) and len(same) == 4
    assert _now_read(alice, None) == _rules(alice, None)


def test_the_five_lists_are_one_prepared_statement_for_everyone(personas: Personas) -> None:
    """One statement, kept on the connection, whoever she is linked with: with a partner and a
    practitioner, alone, her partner's ex, a stranger; and on the page no other statement reads
    her invitations, check-ins, entries or their shares. Her counts are read in it too (issue
    15's twenty-fourth pass)."""
    tables = (
        "partners_invitation",
        "together_checkin",
        "journal_entry",
        "journal_practitionershare",
    )
    for user in (personas.alice, personas.carol, personas.dave, personas.erin):
        active = access_active_partnership(user)
        with CaptureQueriesContext(connection) as captured:
            selectors.her_rows(user, active)
        # The five lists, her partnerships' members and a part for each of her counts.
        parts = 5 + len(selectors.COUNT_NAMES)
        assert len(captured) == 1 and captured[0]["sql"].count("UNION ALL") == parts
        assert selectors._HER_ROWS.prepared(
            user_id=user.pk,
            partnership_id=active.partnership.pk if active else selectors.NO_PARTNERSHIP,
            now=timezone.now(),
        )
        with CaptureQueriesContext(connection) as captured:
            selectors.picture(user, None)
        for table in tables:
            assert sum(table in q["sql"] for q in captured) == 1, (user.email, table)
        # Her settings' counts and her partner's card's: one statement, partner or none.
        counts = [q["sql"] for q in captured if "accounts_passkey" in q["sql"]]
        assert len(counts) == 1 and "together_goal" in counts[0] and "couple_reveal" in counts[0]


def test_no_partnership_lists_nothing_of_hers_as_her_partners(personas: Personas) -> None:
    """Alone, her entries and weeks shared with an ended partnership are not her partner's:
    the read from no partnership finds none of them."""
    carol = personas.carol
    ended = Partnership.objects.create()
    Entry.objects.create(owner=carol, shared_with_partner=True, shared_partnership=ended)
    CheckIn.objects.create(owner=carol, week=date(2023, 1, 2), shared=True, partnership=ended)
    CheckIn.objects.create(owner=carol, week=date(2022, 12, 26), shared=True, partnership=None)
    rows = selectors.her_rows(carol, None)
    assert rows.partner_entries == [] and rows.partner_checkins == []
    assert selectors.picture(carol, None).partner is None


def test_the_moments_come_back_aware_and_the_weeks_as_days(personas: Personas) -> None:
    """Each column is converted as the reads converted it: moments aware, weeks as days."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    CheckIn.objects.create(
        owner=alice, week=date(2023, 1, 2), shared=True, partnership=active.partnership
    )
    Invitation.objects.create(
        inviter=alice, code_digest="aware", expires_at=timezone.now() + timedelta(days=1)
    )
    rows = selectors.her_rows(alice, active)
    assert rows.partner_checkins and all(type(w) is date for w in rows.partner_checkins)
    moments: list[datetime] = [*rows.invitations, *(e.created_at for e in rows.partner_entries)]
    moments += [s[2] for s in rows.sessions] + [s[3] for s in rows.sessions]
    assert moments and all(timezone.is_aware(m) for m in moments)
    began, partners = rows.partnerships
    assert began and all(timezone.is_aware(m) for m in began.values()) and partners
    assert all(type(pk) is int for pk in (*began, *partners))


@pytest.mark.parametrize("seed", [8, 9])
def test_her_lists_are_the_same_kept_or_built_each_time(
    personas: Personas, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Her lists' statement hands back raw rows (issue 15's nineteenth pass), kept on the
    connection or built by the ORM each time: her lists, converted kind by kind, are the same
    either way, and the same as the reads they replaced."""
    _random_history(personas, seed)
    kept = {}
    for user in User.objects.order_by("pk"):
        kept[user.pk] = selectors.her_rows(user, access_active_partnership(user))
    monkeypatch.setattr(prepared, "ENABLED", False)
    for user in User.objects.order_by("pk"):
        assert selectors.her_rows(user, access_active_partnership(user)) == kept[user.pk]
        assert _now_read(user, None) == _rules(user, None), user.email


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_her_partnerships_are_read_with_her_lists_as_apart(personas: Personas, seed: int) -> None:
    """The members of her partnerships, read in her lists' statement (issue 15's nineteenth
    pass), give what ``her_partnerships`` reads in its own, for everyone: never linked, linked
    now, before, before twice and now; her practitioners' cards (a couple's consent given before
    or after her latest partnership began, her partner's and an ex's accounts) are the same."""
    _repartnered(personas)
    _random_history(personas, seed)
    seen = set()
    for user in User.objects.order_by("pk"):
        rows = selectors.her_rows(user, access_active_partnership(user))
        began, earlier = practice_selectors.her_partnerships(user)
        assert rows.partnerships == (began, earlier), user.email
        assert _now_read(user, None) == _rules(user, None), user.email
        seen.add((bool(began), len(earlier)))
    assert {(False, 0), (True, 1), (True, 3)} <= seen, seen


def test_the_page_reads_her_partnerships_in_no_statement_of_their_own(
    personas: Personas,
) -> None:
    """With a practitioner who may see the couple's things (alice) and alone with none
    (carol): her partnerships' own read never runs on the page, whoever she is linked with, and
    the page sends three statements, its partnership's among them, for each (four before her
    counts were read with her lists, issue 15's twenty-fourth pass)."""
    for user in (personas.alice, personas.carol, personas.dave):
        selectors.picture(user, None)
        before = practice_selectors._HER_MEMBERS.calls
        with CaptureQueriesContext(connection) as captured:
            found = selectors.picture(user, None)
        assert practice_selectors._HER_MEMBERS.calls == before
        members = [q for q in captured if "partners_membership" in q["sql"]]
        # The frame's partnership, and her lists (with her partnerships' members and her counts).
        assert len(members) == 2, user.email
        # ... and her links with their consents: the same three for everyone.
        assert len(captured) == 3, user.email
        assert bool(found.practitioners) == (user == personas.alice)


def _her_week_rows(user: User, active: Any) -> list[tuple[Any, ...]]:
    """The rows of her lists' statement that hold her shared weeks."""
    partnership_id = active.partnership.pk if active else selectors.NO_PARTNERSHIP
    rows = selectors._HER_ROWS(user_id=user.pk, partnership_id=partnership_id, now=timezone.now())
    return [row for row in rows if row[0] == selectors._PARTNER_CHECKIN]


def test_her_weeks_are_one_row_whatever_she_shares(personas: Personas) -> None:
    """Her shared weeks come in one row of her lists (issue 15's twentieth pass), with none, one
    and sixty shared, and alone: the same statement, one row of weeks, every view."""
    alice, carol = personas.alice, personas.carol
    active = access_active_partnership(alice)
    assert active is not None
    assert (
        len(_her_week_rows(carol, None)) == 1
        and selectors.her_rows(carol, None).partner_checkins == []
    )
    monday = date(2026, 11, 30)
    for shared in (0, 1, 60):
        CheckIn.objects.filter(owner=alice).delete()
        for n in range(shared):
            CheckIn.objects.create(
                owner=alice,
                week=monday - timedelta(weeks=n),
                shared=True,
                partnership=active.partnership,
            )
        CheckIn.objects.create(owner=alice, week=monday + timedelta(weeks=1), shared=False)
        assert len(_her_week_rows(alice, active)) == 1
        weeks = selectors.her_rows(alice, active).partner_checkins
        assert weeks == [monday - timedelta(weeks=n) for n in range(shared)]
        assert weeks == selectors._PARTNER_CHECKINS(
            user_id=alice.pk, partnership_id=active.partnership.pk
        )


#: Where a check-in of hers is: shared in her partnership of now, shared in an ended one,
#: shared with none, or private.
PLACES = ("now", "ended", "none", "private")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    weeks=st.lists(
        st.tuples(st.dates(date(1900, 1, 1), date(2199, 12, 31)), st.sampled_from(PLACES)),
        max_size=70,
        unique_by=lambda week: week[0],
    )
)
def test_any_weeks_are_the_read_they_replaced(
    personas: Personas, weeks: list[tuple[date, str]]
) -> None:
    """Any days (not only Mondays, from 1900 to 2199, leap days among them), shared in her
    partnership, an ended one, none, or private: her partner's weeks from her lists are the
    read they replaced, newest first, kept and built each time."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    ended = Partnership.objects.create()
    where = {"now": active.partnership, "ended": ended, "none": None, "private": None}
    CheckIn.objects.filter(owner=alice).delete()
    CheckIn.objects.bulk_create(
        CheckIn(owner=alice, week=day, shared=place != "private", partnership=where[place])
        for day, place in weeks
    )
    rule = selectors._PARTNER_CHECKINS(user_id=alice.pk, partnership_id=active.partnership.pk)
    assert rule == sorted((day for day, place in weeks if place == "now"), reverse=True)
    assert selectors.her_rows(alice, active).partner_checkins == rule
    side = selectors.picture(alice, None).partner
    assert side is not None and side.checkins == rule
    ended.delete()


WEEK_TEXTS = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda day: f"{day.year:04d}-{day.month}-{day.day}"),
    st.dates().map(lambda day: day.strftime("%Y%m%d")),
    st.sampled_from(["2026-02-30", "2026-13-01", "2026-1-1", "0000-01-01", "2026-W01-1"]),
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.none() | st.lists(WEEK_TEXTS, min_size=1, max_size=60), max_size=2),
)
def test_her_weeks_are_parsed_as_parse_date_parses_them(rows: list[list[str] | None]) -> None:
    """``_weeks_of`` (issue 15's twenty-third pass: ``date.fromisoformat`` asked directly) is
    ``parse_date`` of each week's text for any texts: the read's ISO days, days of one digit,
    days without dashes, and texts that are no day, where both raise or give ``None`` alike."""
    raw = [(3, None, None if texts is None else ",".join(texts)) for texts in rows]
    texts = [text for each in rows if each is not None for text in each]

    def old() -> list[Any]:
        return [parse_date(text) for text in texts]

    try:
        wanted: Any = old()
    except ValueError as error:
        wanted = type(error)
    try:
        found: Any = selectors._weeks_of(raw)
    except ValueError as error:
        found = type(error)
    assert found == wanted


def _random_counted(personas: Personas, seed: int) -> None:
    """Beside the personas' own (a shared goal, promise, bid and boundary, decisions, answers to
    the question of the day, results shown), rows of every kind her counts count, at random:
    goals, bids and boundaries (drafts among them) of anyone in any partnership or none; apps
    confirmed and not, passkeys, recovery codes used and not, devices of running, ended and
    kept sign-ins, research yes and no."""
    from interdepend.web.accounts.models import (
        AuthenticatorApp,
        Passkey,
        PushSubscription,
        RecoveryCode,
    )
    from interdepend.web.research.models import ResearchConsent
    from interdepend.web.together.models import Bid, Boundary, BoundaryState, Goal

    drawn = random.Random(seed)
    now = timezone.now()
    people = list(User.objects.order_by("pk"))
    partnerships = [None, *Partnership.objects.order_by("pk")]
    for n, person in enumerate(people):
        for i in range(drawn.randint(0, 4)):
            where = drawn.choice(partnerships)
            Goal.objects.create(owner=person, partnership=where, title=f"g{i}", detail="")
            Bid.objects.create(owner=person, partnership=drawn.choice(partnerships), text="Tea?")
            Boundary.objects.create(
                owner=person,
                partnership=drawn.choice(partnerships),
                text="b",
                state=drawn.choice(BoundaryState.values),
            )
        if drawn.random() < 0.5:
            AuthenticatorApp.objects.create(
                user=person, secret="A" * 32, confirmed_at=now if drawn.random() < 0.5 else None
            )
        for i in range(drawn.randint(0, 3)):
            Passkey.objects.create(
                user=person, name=f"k{i}", credential_id=f"c{seed}-{n}-{i}", public_key=b"k"
            )
        for i in range(drawn.randint(0, 4)):
            RecoveryCode.objects.create(
                user=person, digest=f"h{seed}-{n}-{i}", used_at=drawn.choice([None, now])
            )
        for i in range(drawn.randint(0, 3)):
            key = drawn.choice(["", f"{seed}{n}{i}".ljust(32, "k")])
            if key:
                UserSession.objects.create(
                    session_key=key,
                    session_data="",
                    expire_date=now + timedelta(hours=drawn.choice([-1, 1])),
                    user=person,
                )
            PushSubscription.objects.create(
                user=person,
                endpoint=f"https://fcm.googleapis.com/fcm/send/{seed}-{n}-{i}",
                p256dh="p" * 87,
                auth="a" * 22,
                session_key=key,
            )
        if drawn.random() < 0.7:
            ResearchConsent.objects.update_or_create(
                user=person, defaults={"is_given": drawn.random() < 0.5}
            )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_her_counts_read_with_her_lists_are_the_counts_statement(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Her counts, read in her lists' statement (issue 15's twenty-fourth pass), are the
    counts :data:`selectors._HER_COUNTS` reads in a statement of their own, the ORM's
    ``counted`` of the same querysets (the page's read before): for everyone, in every
    partnership and in none, over random rows of every kind counted, at one moment; every
    name, in ``_her_counts``' order, as a plain ``int``. The page's picture takes them from
    her lists, with one statement fewer."""
    _repartnered(personas)
    _random_history(personas, seed)
    _random_counted(personas, seed)
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)  # the module the selectors read
    ids = [selectors.NO_PARTNERSHIP, *Partnership.objects.values_list("pk", flat=True)]
    seen: dict[str, int] = dict.fromkeys(selectors.COUNT_NAMES, 0)
    for user in User.objects.order_by("pk"):
        for partnership_id in ids:
            given = SimpleNamespace(partnership=SimpleNamespace(pk=partnership_id))
            counts = selectors.her_rows(user, given).counts  # type: ignore[arg-type]
            values: dict[str, Any] = {
                "user_id": user.pk,
                "partnership_id": partnership_id,
                "now": moment,
            }
            assert tuple(counts) == tuple(selectors._her_counts(**values))
            assert counts == selectors._HER_COUNTS(**values)
            assert all(type(n) is int for n in counts.values())
            for name, n in counts.items():
                seen[name] += n
        active = access_active_partnership(user)
        with CaptureQueriesContext(connection) as captured:
            seen_picture = selectors.picture(user, None)
        factors, devices, research = selectors.settings_counts(user)
        assert (
            seen_picture.two_step,
            seen_picture.app,
            seen_picture.passkeys,
            seen_picture.recovery_left,
            seen_picture.push_devices,
            seen_picture.research,
        ) == (factors.any, factors.app, factors.passkeys, factors.recovery_left, devices, research)
        if active is not None:
            assert seen_picture.partner is not None
            assert seen_picture.partner == selectors.partner_side(user, active)
        assert sum("accounts_passkey" in q["sql"] for q in captured) == 1
    assert all(seen.values()), seen
