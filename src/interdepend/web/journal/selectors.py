"""Reads for the journal: entries opened with one key look-up, prompts offered from growth areas,
and what each practitioner may read (only through :mod:`interdepend.web.journal.access`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Field, Model, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from interdepend.core.content import Prompt, growth_areas_of, load_prompts, suggest_for_areas
from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import INVENTORY_IDS, finished_attempts, inventory
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, known
from interdepend.web.frame.sqlite3 import kept_statement
from interdepend.web.journal import access, keys
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.practice.models import ClientLink

logger = logging.getLogger(__name__)
OFFERED = 3
EDITED_AFTER = timedelta(minutes=1)


def prompt_text(prompt_key: str) -> str | None:
    """The text of a prompt of the library, or None (no prompt, or no longer in the library)."""
    for prompt in load_prompts(language=get_language()):
        if prompt.id == prompt_key:
            return prompt.text
    return None


def known_prompt(prompt_key: str) -> bool:
    return prompt_text(prompt_key) is not None


@dataclass(frozen=True)
class EntryView:
    pk: int
    #: The opaque id the entry's URLs use (never ``pk``).
    public_id: str
    prompt: str | None
    #: The text, or None when it cannot be opened with the keys this server holds.
    body: str | None
    created_at: datetime
    updated_at: datetime
    #: Changed after it was first saved (a minute or more later).
    edited: bool
    #: Shared with the partner of the current partnership (so that partner sees it now).
    partner_sees: bool
    #: Shared in a partnership that has since ended: nobody sees it, the flag is still set.
    shared_earlier: bool
    #: The practitioners who may read it now, by name (owner-only: never shown to anyone else).
    practitioners: tuple[str, ...]
    #: Shared "with my practitioner" before sharing named anyone: it reaches nobody now.
    unnamed_before: bool
    #: Another entry of the list (or, on an entry's own page, of hers) was written the same day
    #: where the reader is: then its time is written too, so that two entries of one day never
    #: share a heading or a link's name (the time audit, L2).
    same_day: bool = False

    @property
    def day_format(self) -> str:
        """The format the entry's day is written in: with its time when it shares its day."""
        return "DATETIME_FORMAT" if self.same_day else "DATE_FORMAT"


def entry_views(
    owner: User,
    entries: Iterable[Entry],
    active: ActivePartnership | None,
    *,
    for_owner: bool = True,
    may_read: bool = True,
    found_key: FoundKey | None = None,
) -> list[EntryView]:
    """Entries of one owner, opened (one data-key look-up for all of them). For anyone else
    (``for_owner`` False: the partner an entry is shared with) without the question it was
    written from, or the practitioners who may read it: which questions a person is offered
    follows her results and, when her safety answers worried us, a general set instead, so a
    question shown to a reader who sees her scores told him her safety answers (the
    practitioner audit). ``may_read`` False says she has no practitioner allowed to read her
    journal now (:func:`access.journal_links` is empty): then none can read an entry, and who
    can is not asked. ``found_key`` is her data key as stored when the page read it already
    (with her entry: :func:`access.access_own_entry_beside`); else it is read here."""
    rows = list(entries)
    if not rows:
        return []
    key = _key(owner, found_key)
    current = active.partnership.pk if active else None
    readers = _readers([row.pk for row in rows]) if for_owner and may_read else {}
    shared_days = _same_days([row.created_at for row in rows])
    views = [
        _view(row, key, current, readers.get(row.pk, ()), same)
        for row, same in zip(rows, shared_days, strict=True)
    ]
    return views if for_owner else [replace(view, prompt=None) for view in views]


def entry_text(owner: User, entry: Entry) -> str | None:
    """One entry's text, opened (None when the keys this server holds cannot open it): for
    its edit page, which shows nothing else of it (it read who may read the entry, and
    never showed them)."""
    return _open(entry, _key(owner))


class FoundKey(NamedTuple):
    """Her data key as stored, read with something else of hers (``row`` None: she has
    none), for :func:`entry_views` to unwrap rather than read it again."""

    row: keys.WrappedKey | None


def _key(owner: User, found: FoundKey | None = None) -> keys.PersonKey | None:
    """The owner's data key (read, or unwrapped from ``found``), or None (said in the log)
    when it cannot be had."""
    try:
        return keys.person_key(owner) if found is None else keys.unwrapped(owner, found.row)
    except keys.JournalKeyError as error:
        logger.error("journal entries cannot be opened: %s", _for_the_log(error))
        return None


def _same_days(moments: list[datetime]) -> list[bool]:
    """For each moment, whether another of them falls on its day where the reader is."""
    zone = timezone.get_current_timezone()  # looked up once, not once an entry
    days = [timezone.localtime(moment, zone).date() for moment in moments]
    counted = Counter(days)
    return [counted[day] > 1 for day in days]


def shares_its_day(owner: User, entry: Entry) -> bool:
    """Whether another of the owner's entries was written on this entry's day where the reader
    is (one query): the entry's own page then writes its time too."""
    start, end = _its_day(entry)
    return bool(_SAME_DAY(owner_id=owner.pk, start=start, end=end, entry_id=entry.pk))


def on_its_day(entry: Entry, nearest: list[datetime]) -> bool:
    """:func:`shares_its_day` from the moments of the owner's other entries nearest the entry
    on either side (:func:`access.access_own_entry_beside`): another entry falls on its day
    exactly when one of those does, so nothing more is read."""
    start, end = _its_day(entry)
    return any(start <= moment < end for moment in nearest)


def _its_day(entry: Entry) -> tuple[datetime, datetime]:
    """The first moment of the entry's day where the reader is, and of the next day."""
    zone = timezone.get_current_timezone()
    day = timezone.localtime(entry.created_at, zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


#: Another entry of the owner's in a day, prepared (each entry's page and its password pages
#: ask; the ORM built the statement each time: the tenth pass, issue 15).
_SAME_DAY = Prepared(
    lambda owner_id, start, end, entry_id: (
        Entry.objects.filter(owner_id=owner_id, created_at__gte=start, created_at__lt=end)
        .exclude(pk=entry_id)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
)


def _for_the_log(error: keys.JournalKeyError) -> str:
    """What the log says of a key that failed: which master key and where keys are kept, what
    the operator needs; never whose journal it was (a number in the log, beside the access
    log's times, said who opened her journal when: the operator audit)."""
    return _PERSON.sub("a person", str(error))


_PERSON = re.compile(r"\bperson \d+")


def _readers(entry_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The names of the practitioners each entry is readable by now: one query."""
    found: dict[int, list[str]] = {}
    for entry_id, name, number in _READERS(entry_ids=entry_ids):
        found.setdefault(entry_id, []).append(f"{name} ({number})")
    return {entry_id: tuple(names) for entry_id, names in found.items()}


_READERS = Prepared(
    lambda entry_ids: (
        access.readable_shares()
        .filter(entry_id__in=entry_ids)
        .order_by("link__started_at", "link_id")
        .values_list(
            "entry_id", "link__practitioner__user__display_name", "link__practitioner__number"
        )
    )
)


def _view(
    row: Entry,
    key: keys.PersonKey | None,
    current: int | None,
    readers: tuple[str, ...],
    same_day: bool,
) -> EntryView:
    """One entry's view, made once (a copy with its day's mark put in after cost about 5 µs an
    entry: issue 15's seventeenth pass)."""
    partner_sees = row.shared_with_partner and row.shared_partnership_id == current
    return EntryView(
        pk=row.pk,
        public_id=row.public_id,
        prompt=prompt_text(row.prompt_key) if row.prompt_key else None,
        body=_open(row, key),
        created_at=row.created_at,
        updated_at=row.updated_at,
        edited=row.updated_at - row.created_at >= EDITED_AFTER,
        partner_sees=partner_sees,
        shared_earlier=row.shared_with_partner and not partner_sees,
        practitioners=readers,
        unnamed_before=row.unnamed_practitioner_share,
        same_day=same_day,
    )


def _open(row: Entry, key: keys.PersonKey | None) -> str | None:
    if key is None:
        return None
    try:
        return key.open(row.body)
    except keys.JournalKeyError as error:
        logger.error("a journal entry cannot be opened: %s", _for_the_log(error))
        return None


# Prompts --------------------------------------------------------------------------------------


def offered_prompts(user: User) -> tuple[Prompt, ...]:
    """Prompts for the person's growth areas (from their latest inventory), skipping those of
    their recent entries; general ones, changing day by day, when there is no result to use."""
    answers, instrument_id, flagged, recent = _questions_facts(user.pk)
    if not flagged:  # she has a result, and her safety answers did not worry us
        # Her growth areas from the scale scores alone, as :func:`suggest` finds them in her
        # whole result: explaining the result was two thirds of the page's own time.
        chosen = suggest_for_areas(
            growth_areas_of(inventory(instrument_id), answers),
            prompts=OFFERED,
            practices=0,
            exclude=recent,
            language=get_language(),
        )
        if chosen.prompts:
            return chosen.prompts
    return general_prompts(timezone.localdate(), exclude=recent)


#: How many of her newest entries' questions are not offered again.
RECENT_PROMPTS = 10


def _latest_answers_rule(user_id: int) -> QuerySet[Any]:
    """Of her latest result (:func:`latest_finished_attempt`), only what the questions need: its
    answers, its version and whether her safety answers worried us (the whole take was read,
    its order of statements, safety answers and kept result decoded from JSON, for nothing:
    issue 15's thirteenth pass). Only the tests run it: :func:`_questions_facts` reads it."""
    return (
        finished_attempts()
        .filter(user_id=user_id)
        .values_list("answers", "instrument_id", "screen_flagged")[:1]
    )


def _recent_prompts_rule(user_id: int) -> QuerySet[Any]:
    """The questions of her newest entries written from one. Only the tests run it."""
    return (
        Entry.objects.filter(owner_id=user_id)
        .exclude(prompt_key="")
        .order_by("-created_at")
        .values_list("prompt_key", flat=True)[:RECENT_PROMPTS]
    )


@kept_statement
def _questions_statement(vendor: str) -> str:
    """:func:`_latest_answers_rule` and :func:`_recent_prompts_rule` in one statement: her
    latest take (first column 0) and each recent question (first column 1), each read as its
    rule orders and limits it. The answers are read as their JSON text (so both halves' second
    column is text on every database) and decoded by the field's own converter."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    attempt, entry = quote(Attempt._meta.db_table), quote(Entry._meta.db_table)
    a, e = _columns(Attempt), _columns(Entry)
    versions = ", ".join(["%s"] * len(INVENTORY_IDS))
    answers = f"CAST({a('answers')} AS TEXT)"
    return (
        f"SELECT 0, latest.answers, latest.instrument_id, latest.flagged FROM ("
        f"SELECT {answers} AS answers, {a('instrument_id')} AS instrument_id, "
        f"{a('screen_flagged')} AS flagged FROM {attempt} "
        f"WHERE {a('user')} = %s AND {a('instrument_id')} IN ({versions}) "
        f"AND {a('completed_at')} IS NOT NULL "
        f"ORDER BY {a('completed_at')} DESC, {a('id')} DESC LIMIT 1) latest "
        f"UNION ALL "
        f"SELECT 1, recent.prompt_key, NULL, NULL FROM ("
        f"SELECT {e('prompt_key')} AS prompt_key FROM {entry} "
        f"WHERE {e('owner')} = %s AND NOT ({e('prompt_key')} = %s) "
        f"ORDER BY {e('created_at')} DESC LIMIT {RECENT_PROMPTS}) recent"
    )


def _columns(model: type[Model]) -> Callable[[str], str]:
    """A model's column by its field's name, with its table, quoted."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    table = quote(model._meta.db_table)

    def column(name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, Field)  # a column of the model's own table
        return f"{table}.{quote(field.column)}"

    return column


#: The columns of her latest take :func:`_questions_facts` converts.
_LATEST_FIELDS = known(
    [Attempt._meta.get_field("answers"), Attempt._meta.get_field("screen_flagged")]
)


def _questions_facts(user_id: int) -> tuple[dict[str, Any], str, bool, set[str]]:
    """Her latest take's answers, version and whether her safety answers worried us (no take:
    none, no version, worried, so the general questions are offered), and the questions of her
    recent entries: one hand-written statement, where two prepared reads cost a statement's
    round each (about 110-140 µs: issue 15's sixteenth pass). ``tests/web/test_journal_reads.py``
    holds it equal to the two rules."""
    db = connections[DEFAULT_DB_ALIAS]
    params: list[int | str] = [user_id, *INVENTORY_IDS, user_id, ""]
    with db.cursor() as cursor:
        cursor.execute(_questions_statement(db.vendor), params)
        rows = cursor.fetchall()
    answers: dict[str, Any] = {}
    instrument_id, flagged, recent = "", True, set()
    for kind, value, version, worried in rows:
        if kind:
            recent.add(value)
        else:
            answers, flagged = converted([value, worried], _LATEST_FIELDS)
            instrument_id = version
    return answers, instrument_id, flagged, recent


def general_prompts(day: date, *, exclude: Iterable[str] = ()) -> tuple[Prompt, ...]:
    skip = set(exclude)
    pool = [p for p in load_prompts(language=get_language()) if p.id not in skip] or list(
        load_prompts(language=get_language())
    )
    start = day.toordinal() % len(pool)
    return tuple((pool[start:] + pool[:start])[:OFFERED])


# The practitioner side ------------------------------------------------------------------------


@dataclass(frozen=True)
class PractitionerChoice:
    """One practitioner the owner may share an entry with, and whether it is shared now."""

    #: The link's opaque id, which the share form posts.
    link_id: str
    name: str
    shared: bool


def practitioner_choices(
    view: EntryView, links: list[access.JournalLink]
) -> list[PractitionerChoice]:
    """The owner's practitioners holding their journal consent (``links``, what
    :func:`access.journal_links_and_any` gave), for the share form."""
    if not links:  # no statement can match, and the ORM built one to find that out
        return []
    shared = set(_SHARED_WITH(entry_id=view.pk, link_ids=[link.pk for link in links]))
    return [PractitionerChoice(link.public_id, link.named, link.pk in shared) for link in links]


_SHARED_WITH = Prepared(
    lambda entry_id, link_ids: (
        access.readable_shares()
        .filter(entry_id=entry_id, link_id__in=link_ids)
        .values_list("link_id", flat=True)
    )
)


@dataclass(frozen=True)
class SharedEntry:
    """An entry its owner chose to share with the practitioner reading it."""

    pk: int
    body: str
    written: date


def practitioner_share_counts(links: list[ClientLink]) -> dict[int, int]:
    """How many entries each link's practitioner may read now: one query, nothing opened."""
    rows = access.readable_shares().filter(link__in=links).values("link_id").annotate(n=Count("pk"))
    return {row["link_id"]: row["n"] for row in rows}


def practitioner_reads(link: ClientLink) -> list[SharedEntry]:
    """The entries the practitioner of ``link`` may read now, newest first, opened.

    Only :func:`interdepend.web.journal.access.practitioner_entries` decides which: shared
    with this link by name, the link active, the owner's journal consent live on it.
    """
    rows = access.practitioner_entries(link)
    shared: list[SharedEntry] = []
    for view in entry_views(link.client, rows, None, for_owner=False):
        if view.body is not None:
            written = timezone.localdate(view.created_at)
            shared.append(SharedEntry(view.pk, view.body, written))
    return shared
