"""The couple page reads each person's reveals and the couple's perceptions once.

:func:`couple_page` must give exactly what :func:`my_state` and :func:`couple_view` give when
each reads for itself, in every state the page can be in.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

import pytest
from django.db import connection
from django.db.models import (
    CharField,
    DateField,
    F,
    Field,
    IntegerField,
    JSONField,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interdepend.core import scoring
from interdepend.core.instrument import Instrument
from interdepend.core.scoring import Result
from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import (
    INVENTORY_IDS,
    finished_attempts,
    latest_finished_attempt,
)
from interdepend.web.couple import selectors, services
from interdepend.web.couple.models import Perception, Reveal
from interdepend.web.daily.access import TALKS_SHOWN, TalkRow, talk_list
from interdepend.web.daily.models import TalkItem
from interdepend.web.frame.sqlite3 import kept_rows
from interdepend.web.frame.sqlite3.base import is_kept
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.partners.models import Partnership
from tests.helpers import as_user, refusing_deferred
from tests.web.test_couple import APART, CLOSE, couple, finish

pytestmark = pytest.mark.django_db


def same_either_way(person: User) -> None:
    active = access_active_partnership(person)
    assert active is not None
    with CaptureQueriesContext(connection) as together:
        found = selectors.couple_page(person, active)
    with CaptureQueriesContext(connection) as apart:
        separate = (selectors.my_state(person, active), selectors.couple_view(person, active))
    assert found == separate
    if separate[0].latest is not None:
        assert found[0].latest is not None
        assert found[0].latest.completed_at == separate[0].latest.completed_at
    assert len(together) < len(apart)


def share(person: User) -> None:
    active = access_active_partnership(person)
    attempt = latest_finished_attempt(person)
    assert active is not None and attempt is not None
    services.reveal_create(user=person, active=active, attempt=attempt)


def perceive(rater: User, level: int) -> None:
    active = access_active_partnership(rater)
    assert active is not None
    answers = {item.id: level for item in selectors.perception_form().items}
    Perception.objects.create(partnership=active.partnership, rater=rater, answers=answers)


def test_the_couple_page_reads_once_and_gives_the_same_in_every_state() -> None:
    kim, lee = couple()
    for person in (kim, lee):
        same_either_way(person)  # nothing finished
    finish(kim, CLOSE)
    finish(lee, APART)
    for person in (kim, lee):
        same_either_way(person)  # finished, nothing shared
    share(kim)
    for person in (kim, lee):
        same_either_way(person)  # one has shared
    share(lee)
    perceive(lee, 5)
    for person in (kim, lee):
        same_either_way(person)  # open, one perception
    perceive(kim, 3)
    finish(kim, APART)
    share(kim)
    for person in (kim, lee):
        same_either_way(person)  # open, both perceptions, a change since last time
        active = access_active_partnership(person)
        assert active is not None and selectors.couple_page(person, active)[1] is not None


def test_a_partner_never_finds_the_scores_of_the_other_partners_views(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The couple page keeps its scores for the same person's next view only, so the time a
    page takes never tells one partner that the other has just looked."""
    scored: list[str] = []
    fresh = scoring._score_one

    def counted(instrument: Instrument, answers: Mapping[str, int | None]) -> Result:
        scored.append(instrument.id)
        return fresh(instrument, answers)

    monkeypatch.setattr(scoring, "_score_one", counted)
    with scoring._scored_lock:
        scoring._scored.clear()
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    share(kim)
    share(lee)
    perceive(kim, 3)

    def view(person: User) -> tuple[tuple[selectors.MyState, selectors.CoupleView | None], int]:
        active = access_active_partnership(person)
        assert active is not None
        before = len(scored)
        page = selectors.couple_page(person, active)
        return page, len(scored) - before

    kim_first, lee_first, kim_again, lee_again = view(kim), view(lee), view(kim), view(lee)
    assert kim_first[1] > 0 and lee_first[1] > 0, "each partner's first view scores afresh"
    assert kim_again[1] == 0 and lee_again[1] == 0, "their own next view finds them"
    assert kim_again[0] == kim_first[0] and lee_again[0] == lee_first[0]
    for key in scoring._scored:
        assert len(key) == 64 and set(key) <= set("0123456789abcdef")


def _whole_scope(
    pair: list[list[Attempt]], seen: dict[int, Perception], user: User, partner: User
) -> str | None:
    """The digest written the plain way: the whole written out for each order, as the scores'
    keys write answers (``scoring.written_answers``: JSON with the ids sorted, no spaces)."""

    def digest(rows: list[list[Attempt]], raters: tuple[User, User]) -> str:
        answers = [[take.answers for take in side] for side in rows]
        views = [seen[p.pk].answers if p.pk in seen else None for p in raters]
        plain = scoring._as_json(["couple page", answers, views])
        return hashlib.sha256(plain.encode()).hexdigest()

    mine = digest(pair, (user, partner))
    theirs = digest(pair[::-1], (partner, user))
    return None if mine == theirs else mine


def _old_scope(
    pair: list[list[Attempt]], seen: dict[int, Perception], user: User, partner: User
) -> str | None:
    """The digest as the nineteenth pass wrote it (``json.dumps`` with its spaces)."""

    def digest(rows: list[list[Attempt]], raters: tuple[User, User]) -> str:
        answers = [[take.answers for take in side] for side in rows]
        views = [seen[p.pk].answers if p.pk in seen else None for p in raters]
        plain = json.dumps(["couple page", answers, views], sort_keys=True)
        return hashlib.sha256(plain.encode()).hexdigest()

    mine = digest(pair, (user, partner))
    theirs = digest(pair[::-1], (partner, user))
    return None if mine == theirs else mine


def _random_answers(rng: random.Random) -> dict[str, object]:
    """Up to twelve answers under random keys, out of order: missing, numbers, a flag, and words
    full of quotes, ampersands and right-to-left text."""
    keys = [f"item_{n}" for n in rng.sample(range(40), rng.randint(0, 12))]
    return {k: rng.choice([None, 1, 7, 3.5, '"a" & <b>', "مريم ‮x", True]) for k in keys}


@pytest.mark.parametrize("seed", range(6))
def test_the_page_s_digest_is_the_whole_written_once_for_each_order(seed: int) -> None:
    """``_scope`` writes each set of answers once and joins them for both orders: the same
    digest, byte for byte, as writing the whole for each order, over random answers (missing,
    out of order, words full of quotes, ampersands and right-to-left text), with and without
    views, and for the rare pair whose two orders are the same (nothing kept). Two pairs share
    it exactly when they shared the nineteenth pass's digest, and it hands each set of answers
    with its writing to the scores' keys (issue 15's twentieth pass)."""
    rng = random.Random(seed)
    kim, lee = couple()
    active = access_active_partnership(kim)
    assert active is not None

    def side(owner: User, count: int) -> list[Attempt]:
        return [Attempt(user=owner, answers=_random_answers(rng)) for _ in range(count)]

    digests: dict[str | None, str | None] = {}
    for _ in range(20):
        pair = [side(kim, rng.randint(1, 2)), side(lee, rng.randint(1, 2))]
        if rng.random() < 0.2:  # both orders alike
            pair[1] = [Attempt(user=lee, answers=take.answers) for take in pair[0]]
        seen = {
            person.pk: Perception(rater=person, answers=_random_answers(rng))
            for person in (kim, lee)
            if rng.random() < 0.6
        }
        if rng.random() < 0.2:
            seen = {}
        whole, old = _whole_scope(pair, seen, kim, lee), _old_scope(pair, seen, kim, lee)
        found = selectors._scope(pair, seen, kim, active)
        assert (found[0] if found else None) == whole
        assert (whole is None) == (old is None)
        assert digests.setdefault(old, whole) == whole
        if found is not None:
            every = [take.answers for s in pair for take in s]
            every += [p.answers for p in seen.values()]
            assert {k: v[0] for k, v in found[1].items()} == {id(a): a for a in every}
            assert all(
                text == scoring.written_answers(cast(dict[str, Any], a))
                for a, text in found[1].values()
            )
    alike = [side(kim, 1)]
    alike.append([Attempt(user=lee, answers=alike[0][0].answers)])
    assert _whole_scope(alike, {}, kim, lee) is None
    assert selectors._scope(alike, {}, kim, active) is None


def test_the_couple_page_reads_no_column_of_a_take_it_never_shows() -> None:
    """Both partners' shared takes were read whole on every couple view: the order their
    statements were shown in, the ones skipped, the saved summary and the partner's answers to
    the safety questions, four JSON columns decoded for nothing. The page reads only what it
    shows, and what it shows of the takes is there without another read."""
    kim, lee = couple()
    finish(kim, CLOSE, flagged=True)
    finish(lee, APART, flagged=True)
    share(kim)
    share(lee)
    finish(lee, CLOSE)
    share(lee)  # a change since last time: his two newest reveals are read and scored
    table = connection.ops.quote_name(Attempt._meta.db_table)
    for person in (kim, lee):
        active = access_active_partnership(person)
        assert active is not None
        with CaptureQueriesContext(connection) as queries:
            me, view = selectors.couple_page(person, active)
        reads = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
        assert reads and view is not None and me.revealed is not None
        for name in selectors.UNSHOWN:
            column = connection.ops.quote_name(name)
            assert not any(column in sql for sql in reads), name
        with CaptureQueriesContext(connection) as later:
            for attempt in (view.my_attempt, view.their_attempt, me.revealed):
                assert attempt.answers and attempt.instrument_id and attempt.instrument_version
                assert attempt.completed_at is not None and attempt.user_id in (kim.pk, lee.pk)
        assert not later.captured_queries
        assert (view.my_change if person == lee else view.their_change) is not None


@pytest.mark.parametrize("seed", range(6))
def test_the_questions_waiting_are_the_talk_list_s_rows_not_talked_about(seed: int) -> None:
    """The couple view reads only its questions still to talk about (``talks_waiting``): the
    same rows, in the same order and as many, as it kept of the couple's list of twenty
    (``talk_list``, those not talked about), whatever mix of the two the couple has, with
    another couple's questions beside theirs."""
    rng = random.Random(seed)
    kim, lee = couple()
    active = access_active_partnership(kim)
    assert active is not None
    other = user_create(
        email="ana@example.test", password="a long enough password 1", display_name="Ana"
    )
    invitation = partners.invitation_create(inviter=other)
    ben = user_create(
        email="ben@example.test", password="a long enough password 2", display_name="Ben"
    )
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    theirs = access_active_partnership(other)
    assert theirs is not None
    start = date(2026, 1, 1)
    for _ in range(rng.choice([0, 3, 25, 45])):
        for partnership in (active.partnership, theirs.partnership):
            day = start + timedelta(days=rng.randrange(400))
            talked = (
                timezone.now() - timedelta(days=rng.randrange(90)) if rng.random() < 0.6 else None
            )
            TalkItem.objects.get_or_create(
                partnership=partnership,
                day=day,
                defaults={"question_id": "o001", "talked_at": talked},
            )
    for person in (kim, lee):
        found = access_active_partnership(person)
        assert found is not None
        kept = [t for t in talk_list(found) if t.talked_at is None]
        assert selectors.couple_page_rows(person, found).talks == kept


#: Keys and words a perception's answers may hold in these tests: markup, quotes, a stand-in
#: of the template engine, a right-to-left mark, a backslash, and no NUL (PostgreSQL refuses it).
_ODD = ["p01", "p02", "<script>", '"q"', "{{ x }}", "\u200f\u202e", "\\", "ñ", ""]


def _reference_rows(active: ActivePartnership) -> tuple[dict[int, Perception], list[TalkRow]]:
    """The couple's perceptions and questions waiting as the page read them before (issue 15's
    nineteenth pass): two statements, the questions waiting as ``talk_list``'s rule read them."""
    waiting = (
        TalkItem.objects.filter(partnership_id=active.partnership.pk, talked_at__isnull=True)
        .order_by("-day")
        .values_list("public_id", "partnership_id", "day", "question_id")[:TALKS_SHOWN]
    )
    return selectors._perceptions(active), [TalkRow(*row, None) for row in waiting]


@pytest.mark.parametrize("seed", range(12))
def test_the_couple_s_perceptions_and_questions_waiting_in_one_read_equal_the_two_reads(
    seed: int,
) -> None:
    """:func:`couple_page_rows` gives what the two reads gave: each partner's perception with the
    same id, rater and answers, loaded without its moment as before, and the same questions
    waiting in the same order, as many as before (at most twenty), with another couple's
    perceptions and questions beside theirs, over random histories: neither, one or both
    perceptions, answers of odd words and numbers, and up to sixty questions, some talked about."""
    rng = random.Random(seed)
    kim, lee = couple()
    ana = user_create(
        email="ana@example.test", password="a long enough password 1", display_name="Ana"
    )
    invitation = partners.invitation_create(inviter=ana)
    ben = user_create(
        email="ben@example.test", password="a long enough password 2", display_name="Ben"
    )
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    ours, theirs = _active(kim), _active(ana)
    for rater, active in ((kim, ours), (lee, ours), (ana, theirs), (ben, theirs)):
        if rng.random() < 0.6:
            answers = {
                rng.choice(_ODD): rng.choice([None, 1, 5, -3, 2.5, rng.choice(_ODD)])
                for _ in range(rng.randrange(6))
            }
            Perception.objects.create(partnership=active.partnership, rater=rater, answers=answers)
    start = date(2026, 1, 1)
    for _ in range(rng.choice([0, 1, 5, 21, 60])):
        for partnership in (ours.partnership, theirs.partnership):
            talked = timezone.now() if rng.random() < 0.4 else None
            TalkItem.objects.get_or_create(
                partnership=partnership,
                day=start + timedelta(days=rng.randrange(-400, 400)),
                defaults={"question_id": rng.choice(["o001", "q042"]), "talked_at": talked},
            )
    for person in (kim, lee, ana, ben):
        active = _active(person)
        seen, talks, *_hers = selectors.couple_page_rows(person, active)
        before_seen, before_talks = _reference_rows(active)
        assert talks == before_talks and len(talks) <= TALKS_SHOWN
        assert set(seen) == set(before_seen)
        for rater_id, perception in before_seen.items():
            found = seen[rater_id]
            assert (found.pk, found.rater_id, found.partnership_id) == (
                perception.pk,
                perception.rater_id,
                perception.partnership_id,
            )
            assert found.answers == perception.answers
            assert [type(v) for v in found.answers.values()] == [
                type(v) for v in perception.answers.values()
            ]
            assert found.get_deferred_fields() == perception.get_deferred_fields() == {"updated_at"}
        assert all(isinstance(t.day, date) for t in talks)


def test_the_couple_s_perceptions_and_questions_waiting_are_one_statement() -> None:
    """The couple page reads the couple's perceptions and questions waiting in one statement,
    the same whether none, one or both have said how they see the other and whatever is
    waiting: seven statements a view where it ran eight."""
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    share(kim)
    share(lee)
    client = as_user(kim)
    shapes = []
    for step in range(3):
        if step == 1:
            perceive(lee, 4)
            TalkItem.objects.create(
                partnership=_active(kim).partnership, day=date(2026, 6, 1), question_id="o001"
            )
        if step == 2:
            perceive(kim, 2)
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("couple:home")).status_code == 200
        reads = [
            q["sql"]
            for q in seen.captured_queries
            if "couple_perception" in q["sql"] or "daily_talkitem" in q["sql"]
        ]
        assert len(reads) == 1 and "UNION ALL" in reads[0]
        shapes.append((len(seen), reads[0].replace(str(_active(kim).partnership.pk), "?")))
    assert len(set(shapes)) == 1


def test_the_couple_view_reads_no_question_already_talked_about() -> None:
    """Twenty-five questions talked about and one not: the couple view reads the one it shows,
    not the twenty rows of the couple's list with every moment made a datetime."""
    kim, _lee = couple()
    active = access_active_partnership(kim)
    assert active is not None
    for back in range(26):
        TalkItem.objects.create(
            partnership=active.partnership,
            day=date(2026, 6, 30) - timedelta(days=back),
            question_id="o001",
            talked_at=None if back == 25 else timezone.now(),
        )
    client = as_user(kim)
    with CaptureQueriesContext(connection) as seen:
        response = client.get(reverse("couple:home"))
    assert response.status_code == 200
    assert [t.day for t in response.context["talks"]] == [date(2026, 6, 30) - timedelta(days=25)]
    talk_reads = [q["sql"] for q in seen.captured_queries if "daily_talkitem" in q["sql"]]
    assert len(talk_reads) == 1
    # The part of the statement that reads the questions names no moment among its columns.
    assert "talked_at" not in talk_reads[0].split("UNION ALL")[1].split("FROM")[0]


#: The names of a take's columns in the ORM's page read, after the seven of the couple's rows.
_TAKE_NAMES = [f"c{at}" for at in range(len(selectors._TAKE_FIELDS))]


def _null(field: Field[Any, Any]) -> Cast:
    """A NULL of ``field``'s kind, cast so that PostgreSQL, which settles a ``UNION``'s column
    types two parts at a time, never takes it for text."""
    return Cast(Value(None), field)


def _page_part(rows: QuerySet[Any, Any], kind: int, **columns: Any) -> QuerySet[Any, Any]:
    """The rows of one read as a part of the ORM's page read, without an order: its kind, then
    a perception's id and rater, a question's public id and question, a perception's answers
    and a question's day, then a take's columns (``c0`` ... in the order of
    :data:`selectors._TAKE_FIELDS`), each a NULL of its kind where the part has none."""
    nulls = {
        "n": _null(IntegerField()),
        "r": _null(IntegerField()),
        "t": _null(CharField()),
        "q": _null(CharField()),
        "a": _null(JSONField()),
        "d": _null(DateField()),
        **{
            name: _null(field)
            for name, field in zip(_TAKE_NAMES, selectors._TAKE_FIELDS, strict=True)
        },
    }
    part: QuerySet[Any, tuple[Any, ...]]
    part = (
        rows.order_by()
        .annotate(k=Value(kind, output_field=IntegerField()), **(nulls | columns))
        .values_list("k", "n", "r", "t", "q", "a", "d", *_TAKE_NAMES)
    )
    return part


def _take_part(kind: int, pk: Subquery, names: Sequence[str]) -> QuerySet[Any, Any]:
    """The take whose id ``pk`` gives (none when it gives NULL) as a part of
    the ORM's page read: of its columns, those ``names`` (attnames) name."""
    columns = {
        name: F(field.attname)
        for name, field in zip(_TAKE_NAMES, selectors._TAKE_FIELDS, strict=True)
        if field.attname in names
    }
    return _page_part(Attempt.objects.filter(pk=pk), kind, **columns)


def page_rows_as_before(partnership_id: int, user_id: int) -> QuerySet[Any, tuple[Any, ...]]:
    """The couple page's own rows in one ``UNION ALL``, a part each (a part of a ``UNION``
    takes no order or slice of its own on SQLite, so each is chosen in a subquery): the
    couple's perceptions (as :data:`_PERCEPTIONS` reads them), their twenty newest questions
    not talked about (``daily.access.talk_list``'s rule), the takes of her newest reveal in the
    partnership and of the one before it (as :func:`_shared_statement` orders them, of the
    columns it reads) and her latest finished take's id, date and safety flag
    (``finished_attempts``).
    Of the partner's, only what is the couple's: his perception and their questions."""
    seen = Perception.objects.filter(partnership_id=partnership_id)
    waiting = TalkItem.objects.filter(partnership_id=partnership_id, talked_at__isnull=True)
    shown = waiting.order_by("-day").values("pk")[:TALKS_SHOWN]
    newest = Reveal.objects.filter(partnership_id=partnership_id, user_id=user_id)
    newest = newest.order_by("-revealed_at", "-pk")
    latest = finished_attempts().filter(user_id=user_id).values("pk")[:1]
    return _page_part(seen, selectors._SEEN, n=F("pk"), r=F("rater_id"), a=F("answers")).union(
        _page_part(
            TalkItem.objects.filter(pk__in=shown),
            selectors._TALK,
            t=F("public_id"),
            q=F("question_id"),
            d=F("day"),
        ),
        _take_part(
            selectors._MINE_FIRST,
            Subquery(newest.values("attempt_id")[:1]),
            selectors._TAKE_COLUMNS,
        ),
        _take_part(
            selectors._MINE_SECOND,
            Subquery(newest.values("attempt_id")[1:2]),
            selectors._TAKE_COLUMNS,
        ),
        _take_part(selectors._LATEST, Subquery(latest), selectors._LATEST_COLUMNS),
        all=True,
    )


def assert_page_rows_are_the_orm_s(active: ActivePartnership, person: User) -> None:
    """The hand-written page read (``selectors._page_rows_statement``) gives the very rows the
    ORM's statement (:func:`page_rows_as_before`, its read until issue 15's twenty-fifth pass)
    gave through Django's cursor: the same values of the same types, in any order (a union
    promises none)."""
    read = page_rows_as_before(active.partnership.pk, person.pk)
    sql, params = read.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        expected = cursor.fetchall()
    found = kept_rows(
        connection,
        selectors._page_rows_statement(),
        selectors._page_rows_params(active.partnership.pk, person.pk),
    )

    def typed(rows: list[Any]) -> list[list[tuple[str, str]]]:
        return sorted([[(type(v).__name__, repr(v)) for v in row] for row in rows])

    assert typed(found) == typed(expected)
    assert len(found) == len(expected)


def _her_two_reads(person: User, active: ActivePartnership) -> tuple[list[Reveal], Attempt | None]:
    """Her reveals and her latest take as the page read them before: two statements."""
    return reveals_as_before(active, person), latest_as_before(person)


def latest_as_before(person: User) -> Attempt | None:
    """Her latest finished take as the couple's reads read it before issue 15's twenty-fourth
    pass (``_LATEST_DATE``): only its id, date and safety flag, the rest deferred."""
    return (
        finished_attempts()
        .filter(user_id=person.pk)
        .only("pk", "completed_at", "screen_flagged")
        .first()
    )


def reveals_as_before(active: ActivePartnership, person: User) -> list[Reveal]:
    """Her two newest reveals with their takes as the couple's reads made them until issue 15's
    twentieth pass (second wave): model objects, the takes joined, the same columns left out.
    The reference the reads of the takes alone are held to."""
    return list(
        Reveal.objects.filter(partnership_id=active.partnership.pk, user_id=person.pk)
        .select_related("attempt")
        .defer(*(f"attempt__{name}" for name in selectors.UNSHOWN), *selectors.UNUSED_MOMENTS)
        .order_by("-revealed_at", "-pk")[:2]
    )


def _take(person: User, rng: random.Random, moment: datetime) -> Attempt:
    finished = rng.random() < 0.8
    return Attempt.objects.create(
        user=person,
        instrument_id=rng.choice([*INVENTORY_IDS, "partner_perception_v1"]),
        instrument_version=rng.choice(["1", "2"]),
        completed_at=moment if finished else None,
        screen_flagged=rng.random() < 0.3,
        answers={"a1": rng.randrange(1, 8)},
    )


@pytest.mark.parametrize("seed", range(12))
def test_her_reveals_and_latest_take_in_one_read_equal_the_two_reads(seed: int) -> None:
    """:func:`couple_page_rows` gives her takes and her latest as the reveals' read and her
    latest take's read (``_LATEST_DATE``) gave them, over random
    histories: takes finished or not, of the inventory or not, flagged or not, some finished
    at the same instant (the later row is the latest), reveals at the same instant, reveals in
    an ended partnership beside this one's, and the partner's takes and reveals beside hers.
    The latest take is the same row with the same columns loaded (the rest deferred)."""
    rng = random.Random(seed)
    kim, lee = couple()
    old = access_active_partnership(kim)
    assert old is not None
    start = timezone.now() - timedelta(days=400)
    moments = [start + timedelta(days=rng.randrange(4)) for _ in range(4)]

    def history(partnership: Partnership, many: int) -> None:
        for _ in range(many):
            person = rng.choice([kim, lee])
            attempt = _take(person, rng, rng.choice(moments))
            if attempt.completed_at is not None and rng.random() < 0.6:
                revealed = rng.choice(moments) + timedelta(days=rng.randrange(3))
                Reveal.objects.create(
                    partnership=partnership, user=person, attempt=attempt, revealed_at=revealed
                )

    if seed % 3 == 0:  # an ended partnership of theirs with its reveals, then a new one
        history(old.partnership, rng.randrange(6))
        partners.partnership_leave(user=kim)
        invitation = partners.invitation_create(inviter=lee)
        partners.invitation_accept(invitation=invitation.invitation, user=kim)
    history(old.partnership if seed % 3 else _active(kim).partnership, rng.randrange(0, 14))
    for person in (kim, lee):
        active = _active(person)
        _seen, _talks, mine, latest, _stored = selectors.couple_page_rows(person, active)
        reveals, expected = _her_two_reads(person, active)
        # Her takes, and the same person's read as her partner's page reads it: the takes of
        # the reveals, with the same columns loaded, of the same types.
        for takes in (mine, selectors.shared_takes(active, person)):
            assert_same_takes(takes, [r.attempt for r in reveals])
        assert_shared_rows_are_the_orm_s(active, person)
        if expected is None:
            assert latest is None
            continue
        assert latest is not None
        assert (latest.pk, latest.completed_at, latest.screen_flagged) == (
            expected.pk,
            expected.completed_at,
            expected.screen_flagged,
        )
        assert latest.get_deferred_fields() == expected.get_deferred_fields()
        assert latest.completed_at is not None and latest.completed_at.tzinfo is not None
        assert type(latest.screen_flagged) is bool


def shared_read_as_before(partnership_id: int, user_id: int) -> QuerySet[Any, Any]:
    """The partner's shared takes as the ORM read them until issue 15's twenty-fifth pass (a
    prepared ``values_list()`` read, its rows raw)."""
    newest = Reveal.objects.filter(partnership_id=partnership_id, user_id=user_id)
    return newest.order_by("-revealed_at", "-pk").values_list(
        *(f"attempt__{field.attname}" for field in selectors._TAKE_FIELDS)
    )[:2]


def assert_shared_rows_are_the_orm_s(active: ActivePartnership, person: User) -> None:
    """The hand-written read of a person's shared takes (``selectors._shared_statement``)
    gives the very rows the ORM's statement gave through Django's cursor, the same values of
    the same types in the same order."""
    compiler = shared_read_as_before(active.partnership.pk, person.pk).query.get_compiler(
        using="default"
    )
    sql, params = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        expected = [tuple(row) for row in cursor.fetchall()]
    statement = selectors._shared_statement()
    found = [
        tuple(row) for row in kept_rows(connection, statement, [active.partnership.pk, person.pk])
    ]
    assert [[(type(v), v) for v in row] for row in found] == [
        [(type(v), v) for v in row] for row in expected
    ]


def assert_same_takes(found: list[Attempt], expected: list[Attempt]) -> None:
    """The takes as the reveals' read made them: the same rows in the same order, each column
    loaded with the same value of the same type, and the same columns left unread."""
    assert [take.pk for take in found] == [take.pk for take in expected]
    for take, reference in zip(found, expected, strict=True):
        assert take.get_deferred_fields() == reference.get_deferred_fields()
        for field in Attempt._meta.concrete_fields:
            if field.attname in reference.get_deferred_fields():
                continue
            value, wanted = getattr(take, field.attname), getattr(reference, field.attname)
            assert (value, type(value)) == (wanted, type(wanted)), field.attname
        assert take._state.adding is False and take._state.db == reference._state.db


def _active(person: User) -> ActivePartnership:
    active = access_active_partnership(person)
    assert active is not None
    return active


def test_her_reveals_and_latest_take_are_one_statement_whatever_she_has_shared() -> None:
    """The couple page reads her reveals and her latest take with the couple's rows in one
    statement, from its kept statement, before and after she shares (two statements while she
    had not shared until issue 15's twenty-fourth pass). Her partner's sharing changes nothing
    of it."""
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    active = _active(kim)
    with CaptureQueriesContext(connection) as before:
        selectors.couple_page_rows(kim, active)
    share(lee)
    with CaptureQueriesContext(connection) as partner_shared:
        selectors.couple_page_rows(kim, active)
    share(kim)
    with CaptureQueriesContext(connection) as shared:
        _seen, _talks, mine, latest, _stored = selectors.couple_page_rows(kim, active)
    assert (len(before), len(partner_shared), len(shared)) == (1, 1, 1)
    assert before[0]["sql"] == partner_shared[0]["sql"] == shared[0]["sql"]
    assert latest == latest_finished_attempt(kim) == mine[0]
    assert is_kept(selectors._page_rows_statement())
    # The partner's reveals, read once she has shared: a kept statement of their own.
    rows = selectors.couple_page_rows(kim, active)
    with CaptureQueriesContext(connection) as viewed:
        me, view = selectors.couple_page(kim, active, rows)
    assert view is not None and me.latest == latest
    his = selectors._shared_statement() % (active.partnership.pk, lee.pk)
    assert [query["sql"] for query in viewed] == [his]
    assert is_kept(selectors._shared_statement())


@pytest.fixture
def no_deferred_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any later read of a column the couple's reads left out fails the test (Django loads a
    deferred field with ``refresh_from_db``, a query of its own)."""

    for model in (Attempt, Reveal, Perception):
        monkeypatch.setattr(model, "refresh_from_db", refusing_deferred(model.refresh_from_db))


def test_the_couple_reads_make_no_moment_they_never_use(no_deferred_load: None) -> None:
    """The moments a shared take was begun and last saved, when it was shared, and when a
    perception was saved were each made a datetime on every couple view, for nothing: they
    are left out of the reads, and the couple page, its report and the view's words use none
    of them (issue 15's eighteenth pass)."""
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    share(kim)
    share(lee)
    perceive(kim, 3)
    perceive(lee, 5)
    finish(lee, CLOSE)
    share(lee)  # his two newest reveals are read
    for person in (kim, lee):
        active = access_active_partnership(person)
        assert active is not None
        me, view = selectors.couple_page(person, active)
        assert view is not None and me.revealed is not None and me.perception is not None
        takes = selectors.shared_takes(active, active.partner)
        assert len(takes) == (2 if person == kim else 1)
        for take in takes:
            assert {"started_at", "updated_at"} <= take.get_deferred_fields()
        for seen in selectors._perceptions(active).values():
            assert "updated_at" in seen.get_deferred_fields() and seen.answers
        browser = as_user(person)
        shown = browser.get(reverse("couple:home"))
        assert shown.status_code == 200 and "couple-scales" in shown.content.decode()
        report = browser.get(reverse("couple:report"))
        assert report.status_code == 200 and report.content.startswith(b"%PDF")


def _stored_text(rng: random.Random, answers: dict[str, object]) -> str:
    """A JSON text of ``answers`` as a database may hold it: in any order, with or without
    spaces."""
    keys = list(answers)
    rng.shuffle(keys)
    spaced = rng.random() < 0.5
    return json.dumps({k: answers[k] for k in keys}, separators=None if spaced else (",", ":"))


@pytest.mark.parametrize("seed", range(6))
def test_the_page_s_digest_writes_each_take_as_the_database_gave_it(seed: int) -> None:
    """With her and his takes' answers read with their JSON texts (``stored``), ``_scope``
    writes each take as its text and each view as before: the digest is the whole written
    that way for each order, byte for byte; it is the same for the same texts read again
    (her next view finds her scores); two pairs share it only when they shared the digest
    written the keys' way (never more); a text given for an equal copy, not the very answers,
    is not taken; and the scores' keys get each take's text (issue 15's twenty-first pass)."""
    rng = random.Random(seed)
    kim, lee = couple()
    active = access_active_partnership(kim)
    assert active is not None

    def read(texts: list[list[str]]) -> tuple[list[list[Attempt]], selectors.Stored]:
        """Takes decoded from ``texts``, as the page reads them, with their texts noted."""
        stored: selectors.Stored = {}
        pair = []
        for owner, side in zip((kim, lee), texts, strict=True):
            takes = [Attempt(user=owner, answers=json.loads(text)) for text in side]
            for take, text in zip(takes, side, strict=True):
                stored[id(take.answers)] = (take.answers, text)
            pair.append(takes)
        return pair, stored

    def whole(texts: list[list[str]], views: list[str]) -> str:
        sides = ",".join("[" + ",".join(side) + "]" for side in texts)
        plain = f'["couple page",[{sides}],[{",".join(views)}]]'
        return hashlib.sha256(plain.encode()).hexdigest()

    shared: dict[str | None, str | None] = {}
    for _ in range(20):
        texts = [
            [_stored_text(rng, _random_answers(rng)) for _ in range(rng.randint(1, 2))]
            for _ in range(2)
        ]
        if rng.random() < 0.2:  # both orders alike
            texts[1] = list(texts[0])
        seen = {
            person.pk: Perception(rater=person, answers=_random_answers(rng))
            for person in (kim, lee)
            if rng.random() < 0.6
        }
        pair, stored = read(texts)
        found = selectors._scope(pair, seen, kim, active, stored)
        views = [
            scoring.written_answers(seen[p.pk].answers) if p.pk in seen else "null"
            for p in (kim, lee)
        ]
        mine, theirs = whole(texts, views), whole(texts[::-1], views[::-1])
        assert (found[0] if found else None) == (None if mine == theirs else mine)
        pair_again, stored_again = read(texts)
        again = selectors._scope(pair_again, seen, kim, active, stored_again)
        assert (again[0] if again else None) == (found[0] if found else None)
        keys_way = _whole_scope(pair, seen, kim, lee)
        if found is not None:
            assert shared.setdefault(found[0], keys_way) == keys_way
            for side, side_texts in zip(pair, texts, strict=True):
                for take, text in zip(side, side_texts, strict=True):
                    assert found[1][id(take.answers)] == (take.answers, text)
            for p in seen.values():
                assert found[1][id(p.answers)][1] == scoring.written_answers(p.answers)
        # A text noted for an equal copy of the answers is not the very object's: not taken.
        copies: selectors.Stored = {
            id(take.answers): (dict(take.answers), "not this") for side in pair for take in side
        }
        plain = selectors._scope(pair, seen, kim, active, copies)
        assert (plain[0] if plain else None) == _whole_scope(pair, seen, kim, lee)


def test_the_page_s_takes_are_noted_with_the_text_the_database_holds() -> None:
    """On the database (SQLite and PostgreSQL): her takes and his, read for the couple page,
    each noted with the very text of its answers' column, which decodes to its answers; and the
    page's scores are found again on her next view with them."""
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    share(kim)
    share(lee)
    active = access_active_partnership(kim)
    assert active is not None
    _seen, _talks, mine, _latest, stored = selectors.couple_page_rows(kim, active)
    his = selectors.shared_takes(active, lee, stored)
    assert len(stored) == len(mine) + len(his) == 2
    with connection.cursor() as cursor:
        for take in (*mine, *his):
            answers, text = stored[id(take.answers)]
            assert answers is take.answers
            cursor.execute("SELECT answers FROM assessment_attempt WHERE id = %s", [take.pk])
            ((held,),) = cursor.fetchall()
            assert text == (held if isinstance(held, str) else json.dumps(held))
            assert json.loads(text) == take.answers
    first = selectors.couple_page(kim, active)
    assert selectors.couple_page(kim, active) == first
    assert first == (selectors.my_state(kim, active), selectors.couple_view(kim, active))


def _column_text(take: Attempt) -> str:
    """The text of a take's answers' column, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM assessment_attempt WHERE id = %s", [take.pk])
        ((held,),) = cursor.fetchall()
    return held if isinstance(held, str) else json.dumps(held)


@pytest.mark.parametrize("seed", range(16))
def test_the_page_s_rows_in_one_read_equal_the_reads_they_replaced(seed: int) -> None:
    """:func:`couple_page_rows` gives what the reads before it gave (the couple's perceptions
    and questions waiting, her reveals with their takes joined, her latest take: the ORM's
    reads the tests above hold), over random histories of two couples: neither,
    one or both perceptions, questions waiting or talked about, takes finished or not, of the
    inventory or not, flagged or not, some finished and shared at the same instant, reveals in
    an ended partnership beside this one's and a take shared in both. The same perceptions,
    questions in the same order, the same takes with the same columns of the same types, the
    same latest take, and each take's answers noted with the same text."""
    rng = random.Random(seed)
    kim, lee = couple()
    ana = user_create(
        email="ana@example.test", password="a long enough password 1", display_name="Ana"
    )
    invitation = partners.invitation_create(inviter=ana)
    ben = user_create(
        email="ben@example.test", password="a long enough password 2", display_name="Ben"
    )
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    start = timezone.now() - timedelta(days=400)
    moments = [start + timedelta(days=rng.randrange(4)) for _ in range(4)]

    made: list[Attempt] = []

    def history(person: User, partnership: Partnership, many: int) -> None:
        # Her takes shared in an ended partnership may be shared again in this one.
        again = [a for a in made if a.user_id == person.pk and rng.random() < 0.5]
        for _ in range(many):
            made.append(_take(person, rng, rng.choice(moments)))
        for attempt in again + made[len(made) - many :]:
            if attempt.completed_at is not None and rng.random() < 0.6:
                revealed = rng.choice(moments) + timedelta(days=rng.randrange(3))
                Reveal.objects.create(
                    partnership=partnership, user=person, attempt=attempt, revealed_at=revealed
                )

    if seed % 4 == 0:  # an ended partnership of theirs with its reveals, then a new one
        for person in (kim, lee):
            history(person, _active(kim).partnership, rng.randrange(4))
        partners.partnership_leave(user=kim)
        again = partners.invitation_create(inviter=lee)
        partners.invitation_accept(invitation=again.invitation, user=kim)
    for person in (kim, lee, ana, ben):
        active = _active(person)
        history(person, active.partnership, rng.choice([0, 1, 2, 5]))
        if rng.random() < 0.6:
            answers = {
                rng.choice(_ODD): rng.choice([None, 1, 5, -3, 2.5, rng.choice(_ODD)])
                for _ in range(rng.randrange(6))
            }
            Perception.objects.create(partnership=active.partnership, rater=person, answers=answers)
    for _ in range(rng.choice([0, 1, 5, 21, 30])):
        for partnership in (_active(kim).partnership, _active(ana).partnership):
            talked = timezone.now() if rng.random() < 0.4 else None
            TalkItem.objects.get_or_create(
                partnership=partnership,
                day=date(2026, 1, 1) + timedelta(days=rng.randrange(-400, 400)),
                defaults={"question_id": rng.choice(["o001", "q042"]), "talked_at": talked},
            )
    for person in (kim, lee, ana, ben):
        active = _active(person)
        with CaptureQueriesContext(connection) as together:
            seen, talks, mine, latest, stored = selectors.couple_page_rows(person, active)
        assert len(together) == 1
        assert_page_rows_are_the_orm_s(active, person)
        before_seen, before_talks = _reference_rows(active)
        reveals, before_latest = _her_two_reads(person, active)
        assert talks == before_talks
        assert set(seen) == set(before_seen)
        for rater_id, perception in before_seen.items():
            found = seen[rater_id]
            assert vars(found).keys() == vars(perception).keys()
            for name, value in vars(perception).items():
                if name != "_state":
                    assert (getattr(found, name), type(getattr(found, name))) == (
                        value,
                        type(value),
                    )
            assert [type(v) for v in found.answers.values()] == [
                type(v) for v in perception.answers.values()
            ]
            assert found.get_deferred_fields() == perception.get_deferred_fields()
        assert_same_takes(mine, [r.attempt for r in reveals])
        assert len(stored) == len({id(t.answers) for t in mine})
        for take in mine:
            noted, text = stored[id(take.answers)]
            assert noted is take.answers and text == _column_text(take)
        if before_latest is None:
            assert latest is None
            continue
        assert latest is not None
        assert vars(latest).keys() == vars(before_latest).keys()
        assert (latest.pk, latest.completed_at, latest.screen_flagged) == (
            before_latest.pk,
            before_latest.completed_at,
            before_latest.screen_flagged,
        )
        assert type(latest.screen_flagged) is bool and latest.completed_at is not None
        assert latest.completed_at.tzinfo is not None
        assert latest.get_deferred_fields() == before_latest.get_deferred_fields()
        assert latest._state.adding is False and latest._state.db == before_latest._state.db


def test_the_couple_page_reads_its_rows_and_hers_in_one_kept_statement() -> None:
    """The couple page reads the couple's perceptions and questions waiting with her reveals'
    takes and her latest take in one statement, from its kept statement: six statements a view
    once the view is open, where it ran seven; and before she shares, the same statements
    whether or not her partner has shared (his reveals are read only once she has shared)."""
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    client = as_user(kim)

    def statements() -> list[str]:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("couple:home")).status_code == 200
        # Each statement with its quoted values (the session's key and moments) left out.
        return [re.sub(r"'[^']*'", "?", q["sql"]) for q in seen.captured_queries]

    alone = statements()
    share(lee)
    assert statements() == alone
    share(kim)
    both = statements()
    assert len(both) == len(alone) + 1 == 6
    assert is_kept(selectors._page_rows_statement())
    reads = [sql for sql in both if "couple_perception" in sql or "daily_talkitem" in sql]
    assert len(reads) == 1 and "couple_reveal" in reads[0]
    # Hers in that one, and his apart once she has shared; before, only hers.
    assert len([sql for sql in both if "couple_reveal" in sql]) == 2
    assert len([sql for sql in alone if "couple_reveal" in sql]) == 1
