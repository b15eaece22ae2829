"""The only ways the question for today and its answers are read for a requesting person.

The rules, each held by a test:

* The day's question depends on a seed no one sees, the date, and growth areas taken from what
  was already there before the day began: for the couple's shared question, only results the
  two have shown each other in the couple view; for a question for one, the person's own latest
  result. So the question stays the same all day, and nothing either does today changes it.
* On two days a week (the same two for both), each gets a question for one instead.
* A partner's answer is read only when the person has answered the same day's shared question
  in the same, current partnership, and the partner has too. Until then nothing about the
  partner's answer, or whether there is one, is read at all.
* A question for one is never read by anyone but its author.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from interdepend.core.content import growth_areas_of
from interdepend.core.daily import (
    DailyQuestion,
    is_reflective_day,
    leans_on_areas,
    question_by_id,
    question_for,
    question_text,
)
from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory_of
from interdepend.web.couple.models import Reveal
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, known
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.access import ActivePartnership, access_active_partnership


@dataclass(frozen=True)
class Today:
    day: date
    question: DailyQuestion
    active: ActivePartnership | None
    mine: DailyAnswer | None
    #: The partner's answer: only when both have answered the day's shared question.
    theirs: DailyAnswer | None

    @property
    def shared(self) -> bool:
        return self.question.for_two and self.active is not None

    @property
    def opened(self) -> bool:
        return self.theirs is not None

    @property
    def given_while_linked(self) -> bool:
        """Her answer went to the shared question of a partnership that has since ended: it may
        have been open to that partner then, so the page does not call it never shared (the
        new-couple walk of 2026-12-05). Nothing of the partner's answer is read to say so."""
        mine = self.mine
        if mine is None or mine.partnership_id is None:
            return False
        return self.active is None or mine.partnership_id != self.active.partnership.pk


def _seed(kind: str, pk: int) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"daily|{kind}|{pk}".encode(), hashlib.sha256).hexdigest()


#: The furthest ahead any place on Earth is of UTC (Kiritimati, UTC+14).
EARLIEST_OFFSET = timedelta(hours=14)


def _start_of(day: date) -> datetime:
    """The moment ``day`` begins first anywhere: the same instant for two partners whatever
    their time zones, so a couple's shared question for a date is chosen from the same results
    for both, and stays the same all day for each."""
    return datetime.combine(day, time.min, tzinfo=UTC) - EARLIEST_OFFSET


def _areas(attempts: list[Attempt]) -> list[str]:
    found: set[str] = set()
    for attempt in attempts:
        found.update(growth_areas_of(inventory_of(attempt), attempt.answers))
    return sorted(found)


def _couple_areas(user: User, active: ActivePartnership, day: date) -> list[str]:
    """Growth areas of the results the two had shown each other before the day began: none
    until both had, as the couple view opens only then. One partner's result alone would
    steer the other's questions by areas that partner has not been shown yet (the partner
    audit of 2026-12-03: he could read her growth areas off his questions over some weeks)."""
    shown = _shown_before(active.partnership.pk, user.pk, active.partner.pk, _start_of(day))
    return _areas(shown) if len(shown) == 2 else []


def _shown_before(
    partnership_id: int, user_id: int, partner_id: int, before: datetime
) -> list[Attempt]:
    """The results each of the two had last shown the other in the partnership before
    ``before`` (hers, then his; none for one who had shown none), with only what the areas
    use of each (which inventory, the answers), in one hand-written statement on every day
    whose question leans on them, whatever either had shown. It was a read of her result, then
    of his when she had shown one: two statements, each a prepared read with its result joined,
    which the frame hands to the ORM's slower iterable (issue 15's twenty-fifth pass;
    ``tests/web/test_daily_reads.py`` holds it to that read, the ORM's queryset)."""
    db = connections[DEFAULT_DB_ALIAS]
    moment = db.ops.adapt_datetimefield_value(before)
    params = [partnership_id, user_id, moment, partnership_id, partner_id, moment]
    rows = kept_rows(db, _shown_before_statement(), params)
    return [
        Attempt.from_db(DEFAULT_DB_ALIAS, _SHOWN_NAMES, converted(row[1:], _SHOWN_READ))
        for row in rows
    ]


#: What the areas use of a result shown (its id first, in the model's order).
_SHOWN_READ = known(
    tuple(
        f
        for f in Attempt._meta.concrete_fields
        if f.primary_key or f.attname in ("instrument_id", "answers")
    )
)
_SHOWN_NAMES = [f.attname for f in _SHOWN_READ]


@kept_statement
def _shown_before_statement() -> str:
    """For each of two people (her, then him: the partnership, the person and the moment
    each), the result of their latest reveal in the partnership before the moment (the
    latest by when it was shown, then by its id), joined to its columns: a row each at most."""
    q = connection.ops.quote_name
    reveal, attempt = Reveal._meta, Attempt._meta
    column = {f.name: q(f.column) for f in reveal.concrete_fields}
    latest = f"""(
        SELECT r.{column["attempt"]} FROM {q(reveal.db_table)} r
        WHERE r.{column["partnership"]} = %s AND r.{column["user"]} = %s
          AND r.{column["revealed_at"]} < %s
        ORDER BY r.{column["revealed_at"]} DESC, r.{q(reveal.pk.column)} DESC
        LIMIT 1
    )"""
    read = ", ".join(f"a.{q(f.column)}" for f in _SHOWN_READ)
    return f"""
        SELECT w.who, {read}
        FROM (SELECT 0 AS who, {latest} AS shown UNION ALL SELECT 1, {latest}) w
        JOIN {q(attempt.db_table)} a ON a.{q(attempt.pk.column)} = w.shown
        ORDER BY w.who
    """


def _own_areas(user: User, day: date) -> list[str]:
    return _areas(_latest_before(user.pk, _start_of(day)))


def _latest_before(user_id: int, before: datetime) -> list[Attempt]:
    """The person's latest result finished before ``before`` (none if she had none), with only
    what the areas use of it (which inventory, the answers), in one hand-written statement.
    It was a prepared read of :func:`finished_attempts`' queryset (``.only`` the two), which
    the frame hands to the ORM's slower iterable: about 100 µs of the page on a day whose
    question for one leans on her areas (issue 15's twenty-sixth pass;
    ``tests/web/test_daily_reads.py`` holds it to that queryset)."""
    db = connections[DEFAULT_DB_ALIAS]
    params = [user_id, *INVENTORY_IDS, db.ops.adapt_datetimefield_value(before)]
    rows = kept_rows(db, _latest_before_statement(), params)
    return [
        Attempt.from_db(DEFAULT_DB_ALIAS, _SHOWN_NAMES, converted(row, _SHOWN_READ)) for row in rows
    ]


@kept_statement
def _latest_before_statement() -> str:
    """:func:`finished_attempts`' rule (the inventory's takes, finished, newest first: by when
    each was finished, then by its id) for one person, finished before a moment: the first
    row, its columns as :data:`_SHOWN_READ`."""
    q = connection.ops.quote_name
    attempt = Attempt._meta
    column = {f.name: q(f.column) for f in attempt.concrete_fields}
    read = ", ".join(q(f.column) for f in _SHOWN_READ)
    versions = ", ".join(["%s"] * len(INVENTORY_IDS))
    return f"""
        SELECT {read} FROM {q(attempt.db_table)}
        WHERE {column["user"]} = %s AND {column["instrument_id"]} IN ({versions})
          AND {column["completed_at"]} IS NOT NULL AND {column["completed_at"]} < %s
        ORDER BY {column["completed_at"]} DESC, {q(attempt.pk.column)} DESC
        LIMIT 1
    """


def question_of_day(user: User, active: ActivePartnership | None, day: date) -> DailyQuestion:
    """The day's question. The growth areas that steer it are read only on a day whose
    question leans on them (:func:`leans_on_areas`, from the seed and the day alone): on the
    other days the question is the same whatever they are, and reading and scoring the results
    was most of the page's own work (issue 15's eleventh pass)."""
    if active is not None:
        seed = _seed("partnership", active.partnership.pk)
        if not is_reflective_day(seed, day):
            areas = _couple_areas(user, active, day) if leans_on_areas(seed, day) else []
            return question_for(seed, day, areas, for_two=True, language=get_language())
    seed = _seed("person", user.pk)
    areas = _own_areas(user, day) if leans_on_areas(seed, day) else []
    return question_for(seed, day, areas, for_two=False, language=get_language())


def today_for(user: User, day: date | None = None) -> Today:
    day = day or timezone.localdate()
    active = access_active_partnership(user)
    mine = _ANSWER_ON.first(user_id=user.pk, day=day)
    if mine is not None:
        question = question_by_id(mine.question_id, get_language()) or question_of_day(
            user, active, day
        )
    else:
        question = question_of_day(user, active, day)
    return Today(day=day, question=question, active=active, mine=mine, theirs=_theirs(mine, active))


def _theirs(mine: DailyAnswer | None, active: ActivePartnership | None) -> DailyAnswer | None:
    """The partner's answer to the same shared question: only once both have answered."""
    if mine is None or active is None or mine.partnership_id != active.partnership.pk:
        return None
    return _THEIRS.first(
        partnership_id=active.partnership.pk, day=mine.day, partner_id=active.partner.pk
    )


_ANSWER_ON = Prepared(
    lambda user_id, day: DailyAnswer.objects.filter(owner_id=user_id, day=day).order_by("pk")[:1]
)
_THEIRS = Prepared(
    lambda partnership_id, day, partner_id: DailyAnswer.objects.filter(
        partnership_id=partnership_id, day=day, owner_id=partner_id
    ).order_by("pk")[:1]
)


class AnswerRow(NamedTuple):
    """One answer as the page of earlier questions shows it: read as plain values, where a
    model row cost about five times as much to make, fifteen to thirty times a page (issue 15's
    fifteenth pass; held to the model rows by ``tests/web/test_daily_reads.py``)."""

    public_id: str
    partnership_id: int | None
    day: date
    question_id: str
    text: str

    @property
    def shared(self) -> bool:
        return self.partnership_id is not None


#: The columns of an :class:`AnswerRow`, in its order.
ANSWER_COLUMNS = AnswerRow._fields


@dataclass(frozen=True)
class PastDay:
    mine: AnswerRow | DailyAnswer
    question: DailyQuestion | None
    theirs: AnswerRow | DailyAnswer | None
    #: Both answered and the day is on the couple's list to talk about (only whether it is
    #: on the list is shown: the card offers to add it or says it is there).
    talk: bool
    #: Today's shared answer, the partner's still to come: the page says where it will show.
    waiting: bool = False


#: How many of her days the page of earlier questions shows until she asks for every one.
RECENT_DAYS = 14


def past_days(user: User, *, everything: bool) -> tuple[list[PastDay], bool]:
    """The person's own answers, newest first (the latest :data:`RECENT_DAYS`, or
    ``everything``), each with the partner's where both opened in the current partnership; and
    whether there are more than were read."""
    active = access_active_partnership(user)
    read = _OWN_ANSWERS if everything else _RECENT_ANSWERS
    mine = [AnswerRow(*row) for row in read(owner_id=user.pk)]
    more = not everything and len(mine) > RECENT_DAYS
    if not everything:
        mine = mine[:RECENT_DAYS]
    theirs: dict[date, AnswerRow] = {}
    listed: set[date] = set()
    if active is not None:
        days = [a.day for a in mine if a.partnership_id == active.partnership.pk]
        ids = {"partnership_id": active.partnership.pk, "partner_id": active.partner.pk}
        for *row, on_list in _THEIRS_LISTED(days=days, **ids):
            answer = AnswerRow(*row)
            theirs[answer.day] = answer
            if on_list:
                listed.add(answer.day)
    today = timezone.localdate()
    open_to = active.partnership.pk if active is not None else None
    found = [
        PastDay(
            mine=a,
            question=question_by_id(a.question_id, get_language()),
            theirs=theirs.get(a.day),
            talk=a.day in listed,
            waiting=a.day == today and a.partnership_id == open_to and a.day not in theirs,
        )
        for a in mine
    ]
    return found, more


_OWN_ANSWERS = Prepared(
    lambda owner_id: (
        DailyAnswer.objects.filter(owner_id=owner_id).order_by("-day").values_list(*ANSWER_COLUMNS)
    )
)
#: One more than the page shows, to know whether there are more.
_RECENT_ANSWERS = Prepared(
    lambda owner_id: (
        DailyAnswer.objects.filter(owner_id=owner_id)
        .order_by("-day")
        .values_list(*ANSWER_COLUMNS)[: RECENT_DAYS + 1]
    )
)


def access_opened_answer(user: User, answer_id: str) -> tuple[DailyAnswer, ActivePartnership]:
    """One of the person's own shared answers whose partner's answer is open, or 404."""
    active = access_active_partnership(user)
    mine = DailyAnswer.objects.filter(owner=user, public_id=answer_id).first()
    if mine is None or active is None or _theirs(mine, active) is None:
        raise Http404
    return mine, active


@dataclass(frozen=True)
class TalkRow:
    """One of the couple's questions to talk about, as the lists show it (the question for
    today's page and the couple view): read as plain values, where a model row cost about five
    times as much to make, twenty times a page (issue 15's thirteenth pass)."""

    public_id: str
    partnership_id: int
    day: date
    question_id: str
    talked_at: datetime | None

    @property
    def question_text(self) -> str:
        return question_text(self.question_id, get_language())


def talk_list(active: ActivePartnership) -> list[TalkRow]:
    """The couple's questions to talk about, the ones not talked about yet first (on
    PostgreSQL too, which puts an empty ``talked_at`` last unless told), then the ones talked
    about latest: the oldest talked about were kept in the twenty, and the one just talked
    about fell off the list."""
    return [TalkRow(*row) for row in _TALKS(partnership_id=active.partnership.pk)]


def talk_on(active: ActivePartnership, day: date, listed: list[TalkRow]) -> bool:
    """The couple's list holds the question of ``day``: read from ``listed`` (what
    :func:`talk_list` gave), and asked of the database only when that is full, so a long list
    never offers again a question already on it."""
    if any(item.day == day for item in listed):
        return True
    if len(listed) < TALKS_SHOWN:
        return False
    return bool(_TALKS_ON(partnership_id=active.partnership.pk, days=[day]))


#: The partner's answers of her days in the partnership, each with whether its day is on the
#: couple's list (``listed``): one statement where there were two, the partner's answers and
#: then the list's days (issue 15's thirteenth pass). A day's talk item is only ever shown
#: where both answered, which is where the partner's answer is read.
_THEIRS_LISTED = Prepared(
    lambda partnership_id, partner_id, days: (
        DailyAnswer.objects.filter(partnership_id=partnership_id, owner_id=partner_id, day__in=days)
        .annotate(
            listed=Exists(
                TalkItem.objects.filter(
                    partnership_id=OuterRef("partnership_id"), day=OuterRef("day")
                )
            )
        )
        .values_list(*ANSWER_COLUMNS, "listed")
    )
)
_TALKS_ON = Prepared(
    lambda partnership_id, days: TalkItem.objects.filter(
        partnership_id=partnership_id, day__in=days
    )
)
#: How many of the couple's questions to talk about a page lists.
TALKS_SHOWN = 20
#: The columns of a :class:`TalkRow`, in its order.
TALK_COLUMNS = ("public_id", "partnership_id", "day", "question_id", "talked_at")
_TALKS = Prepared(
    lambda partnership_id: (
        TalkItem.objects.filter(partnership_id=partnership_id)
        .order_by(F("talked_at").desc(nulls_first=True), "-day")
        .values_list(*TALK_COLUMNS)[:TALKS_SHOWN]
    )
)


def access_talk_item(user: User, item_id: str) -> TalkItem:
    active = access_active_partnership(user)
    if active is None:
        raise Http404
    item = TalkItem.objects.filter(partnership=active.partnership, public_id=item_id).first()
    if item is None:
        raise Http404
    return item
