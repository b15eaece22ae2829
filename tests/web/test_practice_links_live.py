"""Her links and their live consents, read in one statement by *Your practitioners* and *Who
can see what* (issue 15's eighteenth pass, second wave), are the two reads they replace."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models.query import ValuesListIterable
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.practice import selectors
from interdepend.web.practice.models import ClientLink, Consent, Practitioner, Scope
from tests.conftest import Personas
from tests.web.test_practice_reads import _random_links, _repartnered
from tests.web.test_prepared import _plain

pytestmark = pytest.mark.django_db


def _both(user_id: int) -> tuple[list[Any], list[tuple[int, str, datetime]]]:
    """Her links and consents from the one statement and from the two reads, as plain values
    (the consents sorted: neither read promises their order)."""
    links, rows = selectors.her_links_and_consents(user_id)
    links_apart, rows_apart = selectors.her_links_and_consents_apart(user_id)
    assert _plain(links) == _plain(links_apart)
    assert sorted(rows) == sorted(rows_apart)
    for _link, _scope, granted in rows:
        assert isinstance(granted, datetime)
        assert granted.tzinfo is not None
    return _plain(links), sorted(rows)


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8])
def test_her_links_with_their_consents_are_the_two_reads(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Over every persona and random histories (links live and ended, consents granted,
    revoked and granted again, before and after a partnership began, practice names of markup
    and Hebrew), the one statement gives the links and live consents the two reads give, and
    ``my_links`` is the same from either."""
    _repartnered(personas)
    _random_links(personas, seed)
    seen = {"links": 0, "consents": 0, "bare": 0, "revoked": 0}
    for user in User.objects.order_by("pk"):
        links, rows = _both(user.pk)
        seen["links"] += len(links)
        seen["consents"] += len(rows)
        linked = {link_id for link_id, _s, _g in rows}
        seen["bare"] += sum(1 for link in links if link[1]["id"] not in linked)
        seen["revoked"] += Consent.objects.filter(
            link__client=user, link__is_active=True, revoked_at__isnull=False
        ).count()
        mine = selectors.my_links(user)
        with monkeypatch.context() as apart:
            apart.setattr(
                selectors, "her_links_and_consents", selectors.her_links_and_consents_apart
            )
            assert selectors.my_links(user) == mine
    assert all(seen.values()), seen


def test_each_scope_and_a_consent_given_again(personas: Personas) -> None:
    """A link with every scope live, one with each scope revoked and given again (the live one
    read, not the revoked), one with none: the same as the two reads, each moment exact."""
    now = timezone.now().replace(microsecond=123456)
    alice = personas.alice
    everything = ClientLink.objects.filter(client=alice, is_active=True).order_by("pk")[0]
    Consent.objects.filter(link=everything).delete()
    for n, scope in enumerate(Scope.values):
        Consent.objects.create(link=everything, scope=scope, granted_at=now - timedelta(days=n))
    again, _ = Practitioner.objects.get_or_create(user=personas.dave)
    given_again = ClientLink.objects.create(practitioner=again, client=alice)
    for n, scope in enumerate(Scope.values):
        Consent.objects.create(
            link=given_again, scope=scope, granted_at=now - timedelta(days=9), revoked_at=now
        )
        Consent.objects.create(link=given_again, scope=scope, granted_at=now + timedelta(hours=n))
    none, _ = Practitioner.objects.get_or_create(user=personas.carol)
    bare = ClientLink.objects.create(practitioner=none, client=alice)
    links, rows = _both(alice.pk)
    ours = {everything.pk, given_again.pk, bare.pk}
    assert ours <= {link[1]["id"] for link in links}
    assert sorted(row for row in rows if row[0] in ours) == sorted(
        [(everything.pk, s, now - timedelta(days=n)) for n, s in enumerate(Scope.values)]
        + [(given_again.pk, s, now + timedelta(hours=n)) for n, s in enumerate(Scope.values)]
    )


def test_her_links_and_consents_are_one_kept_statement(personas: Personas) -> None:
    """The links come back as the links' read makes them, with no consent's column left on
    them; the two reads are one statement, built by the ORM once per connection; with her
    partnerships, her practitioners' cards are two statements where they were three."""
    alice = personas.alice
    links, _rows = selectors.her_links_and_consents(alice.pk)
    assert links
    for link in links:
        assert not set(selectors.LIVE_COLUMNS.values()) & set(vars(link))
    assert selectors._MY_LINKS_LIVE.prepared(user_id=alice.pk)
    with CaptureQueriesContext(connection) as captured:
        selectors.her_links_and_consents(alice.pk)
    assert len(captured.captured_queries) == 1
    with CaptureQueriesContext(connection) as captured:
        found = selectors.my_links(alice, partner=personas.bob)
    assert any("couple" in mine.scopes for mine in found)
    assert len(captured.captured_queries) == 2


def _orm_links(user_id: int) -> list[ClientLink]:
    """Her live links as the ORM read them before the read of plain values: the link, its
    practitioner and the account, with ``select_related`` and ``only``."""
    return list(
        ClientLink.objects.filter(client_id=user_id, is_active=True)
        .select_related("practitioner__user")
        .only(*selectors.MY_LINK_COLUMNS)
        .order_by("started_at", "pk")
    )


def _made(link: ClientLink) -> list[tuple[Any, ...]]:
    """What the ORM settles on each of a link's three objects beyond their values: the class,
    the database and whether it is saved, which fields are left deferred, and which related
    objects each holds in its cache (the account's practitioner among them)."""
    by = link._state.fields_cache["practitioner"]
    account = by._state.fields_cache["user"]
    return [
        (
            type(made),
            made._state.db,
            made._state.adding,
            made.get_deferred_fields(),
            sorted(made._state.fields_cache),
            sorted(vars(made)),
        )
        for made in (link, by, account)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_her_links_are_made_from_plain_values_as_the_orm_makes_them(
    personas: Personas, seed: int
) -> None:
    """Her links' read hands back plain values (issue 15's twenty-second pass), and each link,
    its practitioner and the account made from them are the objects the ORM's
    ``select_related`` read with ``only(*MY_LINK_COLUMNS)`` makes, over every persona and
    random links: the same values, the same deferred fields, the same caches (the account's
    practitioner the link's), and the columns the pages use read with no further statement."""
    _repartnered(personas)
    _random_links(personas, seed)
    assert selectors._MY_LINKS_LIVE.build(user_id=personas.alice.pk)._iterable_class is (
        ValuesListIterable
    )
    seen = 0
    for user in User.objects.order_by("pk"):
        links, _rows = selectors.her_links_and_consents(user.pk)
        orm = _orm_links(user.pk)
        assert [_made(link) for link in links] == [_made(link) for link in orm]
        for link in links:
            assert link.by.user.practitioner is link.by
        with CaptureQueriesContext(connection) as further:
            shown = [
                (link.public_id, link.label_at_start, link.by.named, link.by.kind) for link in links
            ]
        assert not further.captured_queries
        assert shown == [
            (link.public_id, link.label_at_start, link.by.named, link.by.kind) for link in orm
        ]
        assert _plain(links) == _plain(orm)
        seen += len(links)
    assert seen


#: Text as a person may type it: any character a database keeps (no NUL, none UTF-8 refuses).
_TYPED = st.text(st.characters(exclude_characters="\x00", codec="utf-8"))
_PEOPLE = itertools.count()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    links=st.lists(
        st.tuples(
            st.sampled_from(["therapist", "counsellor", "coach"]),
            _TYPED.filter(lambda text: len(text) <= 120),
            _TYPED.filter(lambda text: 0 < len(text) <= 60),
            _TYPED.filter(lambda text: len(text) <= 160),
            st.booleans(),
            st.sets(st.sampled_from(Scope.values)),
        ),
        max_size=4,
    )
)
def test_any_links_are_made_as_the_orm_makes_them(
    personas: Personas, links: list[tuple[str, str, str, str, bool, set[str]]]
) -> None:
    """Any practitioners (any kind, practice, name and name she connected under, typed text of
    any characters), linked with a new person, live or ended, with any consents: her links made
    from the plain values are the ORM's ``select_related`` read's objects, and her consents
    those the two reads give."""
    n = next(_PEOPLE)
    client = User.objects.create(email=f"client{n}@example.test", display_name="Client")
    for m, (kind, practice, name, then, live, scopes) in enumerate(links):
        account = User.objects.create(email=f"pro{n}-{m}@example.test", display_name=name)
        profile = Practitioner.objects.create(user=account, kind=kind, practice_name=practice)
        link = ClientLink.objects.create(
            practitioner=profile, client=client, label_at_start=then, is_active=live
        )
        for scope in scopes:
            Consent.objects.create(link=link, scope=scope)
    made, _rows = _both(client.pk)
    assert len(made) == sum(live for *_rest, live, _scopes in links)
    hers, _consents = selectors.her_links_and_consents(client.pk)
    orm = _orm_links(client.pk)
    assert [_made(link) for link in hers] == [_made(link) for link in orm]
    assert [(link.by.named, link.by.practice_name, link.label_at_start) for link in hers] == [
        (link.by.named, link.by.practice_name, link.label_at_start) for link in orm
    ]


def test_no_links_no_consents(personas: Personas) -> None:
    """A person with no live link (carol, and pat, whose role is a practitioner's) has none from
    either read, and a revoked consent on an ended link is not hers."""
    for user in (personas.carol, personas.practice.pat):
        assert selectors.her_links_and_consents(user.pk) == ([], [])
        assert selectors.her_links_and_consents_apart(user.pk) == ([], [])


def _shown_from_objects(
    user: User, partner: User | None, partnerships: tuple[dict[int, datetime], set[int]]
) -> list[tuple[Any, ...]]:
    """What *Who can see what* showed of each link before ``her_links_shown``: its values read
    off the objects ``my_links`` makes (``safetycheck.selectors.practitioners`` as it was)."""
    return [
        (
            mine.link.public_id,
            mine.link.by.named,
            mine.link.by.kind,
            mine.link.by.practice_name,
            mine.link.started_at,
            sorted(mine.scopes),
            mine.partner_account,
            mine.ex_account,
        )
        for mine in selectors.my_links(user, partner=partner, partnerships=partnerships)
    ]


def _typed(rows: list[tuple[Any, ...]]) -> list[list[tuple[type, Any]]]:
    """Each value with its type, so that a text is not a lazy or a safe one where it was not."""
    return [[(type(value), value) for value in row] for row in rows]


@pytest.mark.parametrize("seed", [1, 2, 3, 5])
def test_her_links_shown_are_what_my_links_objects_show(personas: Personas, seed: int) -> None:
    """Over every persona and random links (her partner's and her ex's accounts among her
    practitioners, consents to the couple given before and after her partnership began), with
    her partner as the page reads him and with none, what ``her_links_shown`` works out from the
    rows is what the cards read off ``my_links``' objects, value and type; and the page's
    practitioners are the same whether or not it hands them her partnerships."""
    from interdepend.web.datarights.safetycheck import selectors as safety
    from interdepend.web.partners.access import access_active_partnership

    _repartnered(personas)
    _random_links(personas, seed)
    seen = {"links": 0, "partner": 0, "ex": 0, "scopes": 0}
    for user in User.objects.order_by("pk"):
        partnerships = selectors.her_partnerships(user)
        active = access_active_partnership(user)
        for partner in {active.partner if active else None, None}:
            partner_id = partner.pk if partner is not None else None
            shown = selectors.her_links_shown(user.pk, partner_id, partnerships)
            assert _typed(shown) == _typed(_shown_from_objects(user, partner, partnerships))
            rows = safety.practitioners(user, partner, partnerships)
            assert rows == safety.practitioners(user, partner)
            seen["links"] += len(shown)
            seen["partner"] += sum(row[6] for row in shown)
            seen["ex"] += sum(row[7] for row in shown)
            seen["scopes"] += sum(len(row[5]) for row in shown)
    assert all(seen.values()), seen


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    links=st.lists(
        st.tuples(
            st.sampled_from(["therapist", "counsellor", "coach"]),
            _TYPED.filter(lambda text: len(text) <= 120),
            _TYPED.filter(lambda text: 0 < len(text) <= 60),
            st.booleans(),
            st.sets(st.sampled_from(Scope.values)),
            st.integers(-3, 3),
        ),
        max_size=4,
    ),
    began=st.one_of(st.none(), st.integers(-3, 3)),
    partner=st.one_of(st.none(), st.integers(0, 3)),
    earlier=st.sets(st.integers(0, 3)),
)
def test_any_links_shown_are_what_my_links_objects_show(
    personas: Personas,
    links: list[tuple[str, str, str, bool, set[str], int]],
    began: int | None,
    partner: int | None,
    earlier: set[int],
) -> None:
    """Any practitioners (any kind, practice and name, typed text of any characters), linked
    with a new person, live or ended, with any consents given on any day around when her
    partnership began (or with none begun), any of them her partner's account or the account
    of someone she was with before: ``her_links_shown`` is what ``my_links``' objects show."""
    n = next(_PEOPLE)
    now = timezone.now().replace(microsecond=0)
    client = User.objects.create(email=f"shown{n}@example.test", display_name="Client")
    accounts = []
    for m, (kind, practice, name, live, scopes, day) in enumerate(links):
        account = User.objects.create(email=f"shownpro{n}-{m}@example.test", display_name=name)
        accounts.append(account)
        profile = Practitioner.objects.create(user=account, kind=kind, practice_name=practice)
        link = ClientLink.objects.create(practitioner=profile, client=client, is_active=live)
        for scope in scopes:
            Consent.objects.create(link=link, scope=scope, granted_at=now + timedelta(days=day))
    partnerships = (
        {} if began is None else {client.pk: now + timedelta(days=began)},
        {accounts[m].pk for m in earlier if m < len(accounts)},
    )
    his = accounts[partner] if partner is not None and partner < len(accounts) else None
    shown = selectors.her_links_shown(client.pk, his.pk if his else None, partnerships)
    assert len(shown) == sum(live for _k, _p, _n, live, _s, _d in links)
    assert _typed(shown) == _typed(_shown_from_objects(client, his, partnerships))
