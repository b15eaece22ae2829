"""*Your practitioners*' reads are built once per connection and stay the rule they replace."""

from __future__ import annotations

from datetime import datetime

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.partners.models import Membership
from interdepend.web.practice import selectors
from interdepend.web.practice.models import ClientLink
from tests.conftest import Personas
from tests.web.test_prepared import _plain, _same

pytestmark = pytest.mark.django_db


def test_everyone_she_was_ever_linked_with_is_one_prepared_read(personas: Personas) -> None:
    """Everyone each person has shared a partnership with, lasting or ended, as the ORM read it
    on every view before (a subquery of her memberships): the same people, the same statement,
    and kept, where it was built anew on each view of the page."""
    earlier = 0
    for user in User.objects.order_by("pk"):
        hers = Membership.objects.filter(user=user).values("partnership_id")
        orm = (
            Membership.objects.filter(partnership_id__in=hers)
            .exclude(user=user)
            .values_list("user_id", flat=True)
        )
        _same(selectors._EVER_PARTNERS, orm, user_id=user.pk)
        found = selectors._ever_partners(user)
        assert found == set(orm)
        earlier += len(found)
    assert earlier >= 2, "no persona was ever linked: the comparison would show nothing"
    assert selectors._EVER_PARTNERS.prepared(user_id=personas.alice.pk)


def _history_as_the_orm_read_it(user: User) -> list[selectors.HistoryLine]:
    """``consent_history`` as it was: whole consents with their links, practitioners and
    accounts, each line named by ``ClientLink.practitioner_name``."""
    from interdepend.web.practice.access import counted, partnership_starts
    from interdepend.web.practice.models import Consent

    starts = sorted(started for _user, started in partnership_starts([user.pk]))
    began = starts[-1] if starts else None
    lines = []
    rows = (
        Consent.objects.filter(link__client_id=user.pk)
        .select_related("link__practitioner__user")
        .order_by("-granted_at", "-pk")
    )
    for consent in rows:
        until = consent.revoked_at
        if until is None and not counted([(consent.scope, consent.granted_at)], began):
            until = next((s for s in starts if s > consent.granted_at), began)
        who = consent.link.practitioner_name
        lines.append(selectors.HistoryLine(who, consent.scope, consent.granted_at, until))
    return lines


def test_the_record_of_what_she_shared_reads_only_what_it_shows(personas: Personas) -> None:
    """Every person's record of consents, from the columns it shows, is the record read from
    whole objects: before and after a practitioner erases his account (then named by the words
    kept for him), and each line's name as ``practitioner_name`` writes it."""
    from interdepend.web.datarights.services import user_delete

    lines = 0
    for user in User.objects.order_by("pk"):
        assert selectors.consent_history(user) == _history_as_the_orm_read_it(user)
        lines += len(selectors.consent_history(user))
    assert lines, "no persona has shared anything: the comparison would show nothing"
    assert selectors._HISTORY.prepared(user_id=personas.alice.pk)
    from interdepend.web.practice.models import ClientLink

    user_delete(user=personas.practice.pat)
    ended = ClientLink.objects.filter(practitioner__isnull=True)
    kept_words = set(ended.values_list("practitioner_label", flat=True)) - {""}
    erased = 0
    for user in User.objects.order_by("pk"):
        found = selectors.consent_history(user)
        assert found == _history_as_the_orm_read_it(user)
        erased += sum(1 for line in found if line.who in kept_words)
    assert erased, "no line named by the words kept at erasure"


def _repartnered(personas: Personas) -> list[User]:
    """Beside the personas (alice: bob now, dave before; the practitioner pat never linked):
    erin linked with carol, then with dave, each ended, then with staff, lasting, so that one
    person has two ended partnerships and a lasting one, begun at three different moments."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.partners.models import Partnership

    now = timezone.now()
    others = ((personas.carol, True), (personas.dave, True), (personas.staff, False))
    for n, (other, ended) in enumerate(others):
        partnership = Partnership.objects.create(
            started_at=now - timedelta(days=300 - 100 * n),
            ended_at=now - timedelta(days=250 - 100 * n) if ended else None,
        )
        for member in (personas.erin, other):
            Membership.objects.create(partnership=partnership, user=member, is_active=not ended)
    return list(User.objects.order_by("pk"))


def test_her_partnerships_are_one_statement_and_the_two_reads_they_replace(
    personas: Personas,
) -> None:
    """When her latest partnership began and everyone she was ever linked with, read in one
    statement (issue 15's fourteenth pass), are what ``access.partnerships_began`` and
    ``_ever_partners`` read apart, for every person: never linked, linked now, linked before,
    linked before twice and now; and the statement is the ORM's, kept."""
    from interdepend.web.practice.access import partnerships_began

    users = _repartnered(personas)
    seen = set()
    for user in users:
        hers = Membership.objects.filter(user=user).values("partnership_id")
        orm = Membership.objects.filter(partnership_id__in=hers).values_list(
            "user_id", "partnership__started_at"
        )
        _same(selectors._HER_MEMBERS, orm, user_id=user.pk)
        began, earlier = selectors.her_partnerships(user)
        assert began == partnerships_began([user.pk])
        assert earlier == selectors._ever_partners(user)
        seen.add((bool(began), len(earlier)))
    assert {(False, 0), (True, 1), (True, 2), (True, 3)} <= seen, seen
    assert selectors._HER_MEMBERS.prepared(user_id=personas.alice.pk)


def test_her_practitioners_cards_read_her_partnerships_once(personas: Personas) -> None:
    """alice lets pat see the couple's things, so whether that consent counts hangs on when her
    latest partnership began: her links, their consents and her partnerships are three
    statements, where the starts and the people she was linked with were two, and her links
    and their consents one since the eighteenth pass's second wave (two in all); the links are
    the same as with her starts given, as *Your practitioners* gives them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice = personas.alice
    with CaptureQueriesContext(connection) as captured:
        found = selectors.my_links(alice, partner=personas.bob)
    assert any("couple" in mine.scopes for mine in found)
    assert len(captured.captured_queries) == 2
    given = selectors.my_links(alice, starts=selectors.her_starts(alice), partner=personas.bob)
    assert found == given


def _whole_links(user_id: int) -> list[ClientLink]:
    """Her live links as the ORM read them before: whole link, practitioner and account rows."""
    return list(
        ClientLink.objects.filter(client_id=user_id, is_active=True)
        .select_related("practitioner__user")
        .order_by("started_at", "pk")
    )


def _whole_links_and_consents(
    user_id: int,
) -> tuple[list[ClientLink], list[tuple[int, str, datetime]]]:
    """Her whole links, as :func:`_whole_links`, and their live consents, as the ORM read them."""
    from interdepend.web.practice.models import Consent

    links = _whole_links(user_id)
    live = Consent.objects.filter(link__in=links, revoked_at__isnull=True)
    return links, list(live.values_list("link_id", "scope", "granted_at"))


def _random_links(personas: Personas, seed: int) -> None:
    """Practitioner roles for her partner, her ex and two others, and links between everyone
    at random: live and ended, renamed since, with consents granted, revoked and granted again
    before and after a partnership began."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.practice.models import Consent, Practitioner, Scope

    drawn = random.Random(seed)
    now = timezone.now()
    roles = [personas.pat]
    for who in (personas.bob, personas.dave, personas.carol, personas.staff):
        profile, _ = Practitioner.objects.get_or_create(
            user=who,
            defaults={
                "kind": drawn.choice(["therapist", "counsellor", "coach"]),
                "practice_name": drawn.choice(["", "<script>&\"'", "עיון"]),
            },
        )
        roles.append(profile.user)
    # Hers always: her ex's account (dave) and her partner's (bob), live.
    for role in (personas.dave, personas.bob):
        ClientLink.objects.create(
            practitioner=Practitioner.objects.get(user=role), client=personas.alice
        )
    clients = list(User.objects.exclude(practitioner__isnull=False)) + [personas.bob]
    for client in clients:
        for role in drawn.sample(roles, drawn.randint(0, len(roles))):
            if role == client:
                continue
            profile = Practitioner.objects.get(user=role)
            live = drawn.random() < 0.7
            if (
                live
                and ClientLink.objects.filter(
                    practitioner=profile, client=client, is_active=True
                ).exists()
            ):
                continue
            link = ClientLink.objects.create(
                practitioner=profile,
                client=client,
                started_at=now - timedelta(days=drawn.randint(1, 400)),
                is_active=live,
                ended_at=None if live else now,
                label_at_start=drawn.choice(["", "Someone else (coach)", "named then"]),
            )
            for scope in drawn.sample(list(Scope.values), drawn.randint(0, 4)):
                Consent.objects.create(
                    link=link,
                    scope=scope,
                    granted_at=now - timedelta(days=drawn.randint(0, 400)),
                    revoked_at=now if drawn.random() < 0.3 else None,
                )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_her_links_read_only_the_columns_the_pages_use(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Her links are read with the columns of link, practitioner and account that *Your
    practitioners* and *Who can see what* use, where the whole rows were read: over every
    persona and random links (ended, renamed, revoked consents, a partner's and an ex's
    practitioner account), the same links with the same scopes and notes as from the whole
    rows, each column the cards use the same, and none of them read by a further statement."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interdepend.web.practice.accesslog import practitioner_label

    _repartnered(personas)
    _random_links(personas, seed)
    orm = ClientLink.objects.filter(client_id=personas.alice.pk, is_active=True)
    hers, _consents = selectors.her_links_and_consents(personas.alice.pk)
    made = orm.select_related("practitioner__user").only(*selectors.MY_LINK_COLUMNS)
    assert _plain(hers) == _plain(list(made.order_by("started_at", "pk")))
    notes = {"partner": 0, "ex": 0, "renamed": 0, "scopes": 0}
    for user in User.objects.order_by("pk"):
        narrow = selectors.my_links(user)
        whole = _whole_links(user.pk)
        assert [mine.link.pk for mine in narrow] == [link.pk for link in whole]
        with CaptureQueriesContext(connection) as further:
            for mine, link in zip(narrow, whole, strict=True):
                for field in ("public_id", "started_at", "label_at_start", "practitioner_id"):
                    assert getattr(mine.link, field) == getattr(link, field)
                assert (mine.link.by.user_id, mine.link.by.named) == (
                    link.by.user_id,
                    link.by.named,
                )
                for field in ("kind", "practice_name", "number"):
                    assert getattr(mine.link.by, field) == getattr(link.by, field)
                assert practitioner_label(mine.link.by) == practitioner_label(link.by)
                assert mine.link.practitioner_name == link.practitioner_name
        assert not further.captured_queries
        with monkeypatch.context() as whole_rows:
            whole_rows.setattr(selectors, "her_links_and_consents", _whole_links_and_consents)
            assert selectors.my_links(user) == narrow
        for mine in narrow:
            notes["partner"] += mine.partner_account
            notes["ex"] += mine.ex_account
            notes["renamed"] += bool(mine.renamed_from)
            notes["scopes"] += bool(mine.scopes)
    assert all(notes.values()), notes
    assert selectors._MY_LINKS_LIVE.prepared(user_id=personas.alice.pk)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_old_name_is_worked_out_only_where_it_is_shown(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """How a practitioner was named when she connected is worked out when *Your practitioners*
    asks for it (issue 15's twenty-second pass), once a link, and is what it was: *Who can
    see what*, which never shows it, no longer works it out for each of her links."""
    from interdepend.web.datarights.safetycheck import selectors as safety

    _repartnered(personas)
    _random_links(personas, seed)
    real = selectors._renamed_from
    asked: list[int] = []

    def noted(link: ClientLink) -> str:
        asked.append(link.pk)
        return real(link)

    monkeypatch.setattr(selectors, "_renamed_from", noted)
    shown = 0
    for user in User.objects.order_by("pk"):
        shown += len(safety.practitioners(user, None))
    assert shown
    assert not asked
    renamed = 0
    for user in User.objects.order_by("pk"):
        for mine in selectors.my_links(user):
            assert mine.renamed_from == real(mine.link)
            assert mine.renamed_from == real(mine.link)
            renamed += bool(mine.renamed_from)
    assert renamed
    assert len(asked) == len(set(asked)) == shown


def test_her_practitioners_pages_read_no_column_left_out(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """*Your practitioners* and *Who can see what*, drawn for everyone with a link, never fetch
    a column the narrow read of her links left out (each would be a further statement)."""
    from django.db.models import Model
    from django.test import Client
    from django.urls import reverse

    from tests.helpers import as_user

    _random_links(personas, 4)

    def refused(self: Model, *args: object, **kwargs: object) -> None:
        raise AssertionError(f"{type(self).__name__} read again: {kwargs.get('fields')}")

    seen = 0
    for user in User.objects.filter(practitioner_links__is_active=True).distinct():
        client: Client = as_user(user)
        with monkeypatch.context() as patched:
            patched.setattr(Model, "refresh_from_db", refused)
            for route in ("practice:mine", "safetycheck:index"):
                response = client.get(reverse(route))
                assert response.status_code == 200, route
        seen += 1
    assert seen >= 2
