"""Reads for the couple view. Everything is computed for one requesting person.

The one rule that matters most: what a person learns about their partner's state is a single
yes or no, "the couple view is open", which needs both partners' choices (and the same version
of the inventory). Every other state looks exactly like "your partner has not shared yet".

A person's safety screen is never read here (design rule 18): whatever it says, the partner's
pages stay the same. The person is offered, privately, a choice of what to stop sharing
(:func:`my_sharing` and :func:`interdepend.web.couple.services.sharing_withdraw`), which works
exactly like any ordinary withdrawal.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import (
    CharField,
    DateField,
    Field,
    IntegerField,
    JSONField,
    QuerySet,
    Subquery,
)
from django.utils.translation import get_language

from interdepend.charts import map_svg
from interdepend.core.content import Suggestions, suggest_for_areas
from interdepend.core.dyad import (
    CouplePattern,
    DiscussionItem,
    PerceptionGap,
    ScalePair,
    couple_pattern,
    discussion_items,
    growth_areas,
    perception_gaps,
    scale_pairs,
    strengths,
)
from interdepend.core.instrument import Instrument, ScaleKind, load_builtin
from interdepend.core.scoring import Change, Result, compare, remembered, written_answers
from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import (
    INVENTORY_IDS,
    attempt_result,
    finished_attempts,
    inventory,
    inventory_of,
    latest_finished_attempt,
    map_point,
)
from interdepend.web.couple.models import Perception, Reveal
from interdepend.web.daily.access import TALKS_SHOWN, TalkRow
from interdepend.web.daily.models import TalkItem
from interdepend.web.frame import rawsql
from interdepend.web.frame.chartwords import chart_words
from interdepend.web.frame.prepared import Prepared, PreparedCounts
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.partners.models import Partnership
from interdepend.web.partners.selectors import NextStep, partnership_next_step

PERCEPTION_ID = "partner_perception_v1"


def perception_form(language: str | None = None) -> Instrument:
    """The form on how each sees the other, in ``language`` (by default the active one)."""
    return load_builtin(PERCEPTION_ID, get_language() if language is None else language)


@dataclass(frozen=True)
class MyState:
    """The requesting person's own side: only ever their own facts."""

    latest: Attempt | None
    revealed: Attempt | None
    perception: Perception | None

    @property
    def can_reveal(self) -> bool:
        return self.latest is not None and self.revealed != self.latest

    @property
    def care(self) -> bool:
        """Her latest result raised the safety screen's concern: her own couple view then
        leaves out what the two would do together while her private pages are open (they
        offered "Talk it through together" and practices for two: the new-couple walk of
        2026-12-04). Her partner's view never changes, nothing tells him, and her report file
        stays the one anyone's is (``couple.report.couple_pdf``)."""
        return _raised_concern(self.latest)


def _raised_concern(latest: Attempt | None) -> bool:
    return latest is not None and latest.screen_flagged


#: What of a shared take no page of the couple shows, and so is not read with it: the order its
#: statements were shown in, the ones skipped, the safety questions' answers (the partner's
#: among them) and the saved summary. Four of a take's five JSON columns, each decoded for the
#: two newest reveals of each partner on every couple view, for nothing.
UNSHOWN = ("item_order", "skipped", "screen_answers", "snapshot")
#: The moments of a shared take and of its sharing that nothing made of these reads uses (only
#: a take's finishing day is shown; the sharing's moment only orders the reveals, in the
#: statement): each was made an aware datetime from the database's text for every row, three
#: a row (issue 15's eighteenth pass). Reading one of them later would cost a query of its own,
#: which ``tests/web/test_couple_page_reads.py`` and the page's query pin would show.
UNUSED_MOMENTS = ("attempt__started_at", "attempt__updated_at", "revealed_at")
_PERCEPTION = Prepared(
    lambda partnership_id, user_id: Perception.objects.filter(
        partnership_id=partnership_id, rater_id=user_id
    ).order_by("pk")[:1]
)
#: The columns of a shared take the couple's reads load (neither :data:`UNSHOWN` nor its two
#: unused moments), in the model's order, for ``Attempt.from_db``.
_TAKE_FIELDS = rawsql.known(
    [
        field
        for field in Attempt._meta.concrete_fields
        if field.name not in UNSHOWN and f"attempt__{field.name}" not in UNUSED_MOMENTS
    ]
)
_TAKE_COLUMNS = [field.attname for field in _TAKE_FIELDS]
#: Her latest take's date and safety flag, as :func:`_page_rows_statement` carries them.
_LATEST_FIELDS = rawsql.known(
    [Attempt._meta.get_field("completed_at"), Attempt._meta.get_field("screen_flagged")]
)


@kept_statement
def _shared_statement() -> str:
    """The takes of a person's two newest reveals in the partnership, newest first (the newest
    shared take is the one the couple view shows, the one before it its change): the columns
    of each take it loads (:data:`_TAKE_FIELDS`), her partnership's id then the person's as
    its two parameters, as raw rows (:func:`_takes` makes them).

    Until issue 15's twentieth pass (second wave) the reveals were read as model objects with
    their takes joined (``select_related``), and each reveal, which nothing used but for its
    take, was made with the take around it by the ORM: the takes alone are what a page uses.
    Until its twenty-fifth pass it was a prepared read (the ORM's statement, kept), run
    through Django's cursor; hand-written, it is run by ``frame.sqlite3.kept_rows`` (about
    20-40 µs less on each couple view once she has shared). The couple page reads the
    partner's with it once she has shared, whatever he did;
    ``tests/web/test_couple_page_reads.py`` holds its rows to the ORM's read of the reveals
    over random histories, on SQLite and PostgreSQL."""
    q = connection.ops.quote_name
    reveal = Reveal._meta
    take = f"r.{q(reveal.get_field('attempt').column)}"
    columns = [take, *(f"a.{q(field.column)}" for field in _TAKE_FIELDS[1:])]
    return f"""
        SELECT {", ".join(columns)}
        FROM {q(reveal.db_table)} r
        JOIN {q(Attempt._meta.db_table)} a ON a.{q(Attempt._meta.pk.column)} = {take}
        WHERE r.{q(reveal.get_field("partnership").column)} = %s
          AND r.{q(reveal.get_field("user").column)} = %s
        ORDER BY r.{q(reveal.get_field("revealed_at").column)} DESC,
                 r.{q(reveal.pk.column)} DESC
        LIMIT 2
    """


#: Where a take's answers are among :data:`_TAKE_COLUMNS` (the JSON text the database holds).
_ANSWERS_AT = _TAKE_COLUMNS.index("answers")

#: Each take's answers as the database gave them, by the answers' identity, for the couple
#: page's one view (``{id(answers): (answers, text)}``, as ``scoring.remembered`` takes them).
Stored = dict[int, tuple[object, str]]


def _takes(rows: list[Any], width: int, stored: Stored | None = None) -> list[Attempt]:
    """Each raw row's first ``width`` columns, a shared take's, made the take as the ORM makes
    it of those columns (``Model.from_db``: the columns read loaded, the rest deferred). With
    ``stored``, each take's answers are noted there with the JSON text they were decoded from
    (:func:`_scope` writes the digest and the scores' keys of it)."""
    convert = rawsql.converting(_TAKE_FIELDS)
    takes = []
    for row in rows:
        take = rawsql.made(Attempt, _TAKE_COLUMNS, convert(row[:width]))
        text = row[_ANSWERS_AT]
        if stored is not None and type(text) is str:
            stored[id(take.answers)] = (take.answers, text)
        takes.append(take)
    return takes


def shared_takes(
    active: ActivePartnership, user: User, stored: Stored | None = None
) -> list[Attempt]:
    """The takes of the person's two newest reveals in the partnership, newest first (with
    ``stored``, their answers' texts noted there: :func:`_takes`)."""
    params = [active.partnership.pk, user.pk]
    rows = kept_rows(connections[DEFAULT_DB_ALIAS], _shared_statement(), params)
    return _takes(rows, len(_TAKE_FIELDS), stored)


#: The columns of her latest take the page uses (the rest deferred, as ``.only()`` of them).
_LATEST_COLUMNS = ["id", "completed_at", "screen_flagged"]


def my_state(user: User, active: ActivePartnership) -> MyState:
    mine = shared_takes(active, user)
    return MyState(
        latest=latest_finished_attempt(user),
        revealed=mine[0] if mine else None,
        perception=my_perception(user, active),
    )


def my_perception(user: User, active: ActivePartnership) -> Perception | None:
    """How the person said they see their partner in this partnership, if they have: all the
    perception page needs of :func:`my_state` (it read her latest take and her reveals with
    their whole takes besides, on every view: the ninth pass of docs/performance-passes.md)."""
    return _PERCEPTION.first(partnership_id=active.partnership.pk, user_id=user.pk)


def _next_step(
    sender: object, *, user: User, active: ActivePartnership, **kwargs: Any
) -> NextStep | None:
    """What "Your part" on the couple page says comes next, for the partnership page to offer
    too (:mod:`interdepend.web.partners.selectors`): the inventory before a first result, then
    sharing the latest one; once it is shared, the open view if the partner's is shared too.
    Otherwise only the person's own facts, read as :func:`couple_page` reads them; never the
    safety screen. One statement, whatever the state (:data:`_STEP_FACTS`)."""
    found = _STEP_FACTS.first(
        user_id=user.pk, partnership_id=active.partnership.pk, partner_id=active.partner.pk
    )
    if found is None:
        return NextStep("couple/_next_inventory.html")
    pk, completed_at, shared_id, shared_at, mine, theirs = found
    # Her latest take and the one she shared, as ``.only()`` of those columns gives them.
    latest = Attempt.from_db(DEFAULT_DB_ALIAS, ["id", "completed_at"], [pk, completed_at])
    if shared_id != pk:  # MyState.can_reveal
        shared = None
        if shared_id is not None:
            fields = ["id", "user_id", "completed_at"]
            shared = Attempt.from_db(DEFAULT_DB_ALIAS, fields, [shared_id, user.pk, shared_at])
        return NextStep("couple/_next_share.html", {"latest": latest, "shared": shared})
    # Nothing left for her to do: once the view is open the card says so and leads there (it
    # went on saying how it opens a year after it had: the year walk of 2026-12-05). Whether
    # it is open is the one fact of the partner's it tells, as the couple page tells it.
    if mine is not None and mine == theirs:  # couple_view_open
        return NextStep("couple/_next_open.html", opened=True)
    return None


#: The next step's facts in one read (it was three: the latest result, her two newest reveals
#: with their whole takes, and :func:`couple_view_open`'s versions): her latest finished take
#: (as ``finished_attempts`` orders them, without the safety screen), the take her newest
#: reveal in the partnership shares and its date (as :func:`shared_takes` orders them), and the
#: inventory version of each partner's newest reveal (as :func:`couple_view_open` reads them).
#: Pages that offer it take one statement whatever the state. ``tests/web/test_us_next_step.py``
#: holds it equal to the three reads in every state of the two.
_STEP_FACTS = Prepared(
    lambda user_id, partnership_id, partner_id: (
        finished_attempts()
        .filter(user_id=user_id)
        .values_list(
            "pk",
            "completed_at",
            _newest_reveal(partnership_id, user_id, "attempt_id"),
            _newest_reveal(partnership_id, user_id, "attempt__completed_at"),
            _newest_version(partnership_id, user_id),
            _newest_version(partnership_id, partner_id),
        )[:1]
    )
)


partnership_next_step.connect(_next_step, dispatch_uid="interdepend-couple-next-step")


def couple_page(
    user: User, active: ActivePartnership, rows: PageRows | None = None
) -> tuple[MyState, CoupleView | None]:
    """The couple page's two parts, :func:`my_state` and :func:`couple_view`, reading the
    person's reveals and the couple's perceptions once for both (``rows``, when the caller has
    read them already with :func:`couple_page_rows`). The page shows only which result is the
    latest and when it was finished, so only that is read of it."""
    seen, _talks, mine, latest, stored = couple_page_rows(user, active) if rows is None else rows
    me = MyState(latest=latest, revealed=mine[0] if mine else None, perception=seen.get(user.pk))
    return me, couple_view(user, active, mine, seen, remember=True, stored=stored)


@dataclass(frozen=True)
class Sharing:
    """What a person shares with a partner now: only their own facts, for their own page."""

    result: bool
    entries: int
    checkins: int

    @property
    def anything(self) -> bool:
        return self.result or bool(self.entries) or bool(self.checkins)


def my_sharing(user: User, active: ActivePartnership | None) -> Sharing:
    """The person's result shared in this partnership, and their entries and check-ins shared
    with a partner (with any partner, so that stopping them leaves nothing shared)."""

    n = _SHARING(
        user_id=user.pk,
        # No partnership has this id, so nothing is counted as a shared result without one.
        partnership_id=active.partnership.pk if active is not None else 0,
    )
    return Sharing(result=n["result"] > 0, entries=n["entries"], checkins=n["checkins"])


def _sharing(user_id: int, partnership_id: int) -> dict[str, QuerySet[Any, Any]]:
    from interdepend.web.journal.models import Entry
    from interdepend.web.together.models import CheckIn

    return {
        "result": Reveal.objects.filter(partnership_id=partnership_id, user_id=user_id),
        "entries": Entry.objects.filter(owner_id=user_id, shared_with_partner=True),
        "checkins": CheckIn.objects.filter(owner_id=user_id, shared=True),
    }


_SHARING = PreparedCounts(_sharing)


@dataclass(frozen=True)
class CoupleView:
    me: User
    partner: User
    mine: Result
    theirs: Result
    pattern: CouplePattern
    strengths: tuple[ScalePair, ...]
    growth: tuple[ScalePair, ...]
    discussion: tuple[DiscussionItem, ...]
    my_gaps: tuple[PerceptionGap, ...] | None
    their_gaps: tuple[PerceptionGap, ...] | None
    suggestions: Suggestions
    my_change: Change | None
    their_change: Change | None
    my_attempt: Attempt
    their_attempt: Attempt

    @property
    def gaps_with_a_dash(self) -> bool:
        """Whether a view in the tables of how each sees the other has no number yet (drawn
        as a dash, which the page then explains; it explained dashes none were shown)."""
        gaps = (*(self.my_gaps or ()), *(self.their_gaps or ()))
        return any(g.self_view is None or g.partner_view is None for g in gaps)


def couple_view(
    user: User,
    active: ActivePartnership,
    mine: list[Attempt] | None = None,
    seen: dict[int, Perception] | None = None,
    *,
    remember: bool = False,
    stored: Stored | None = None,
) -> CoupleView | None:
    """The couple view, or None while it is not open (for any reason, all alike). ``mine`` and
    ``seen`` are the takes of the person's reveals and the couple's perceptions when the caller
    has read them already (as :func:`couple_page` does, with their answers' texts in
    ``stored``). With ``remember`` the scores are kept for this person's next view of the same
    data (:func:`_scope`)."""
    stored = {} if stored is None else stored
    mine = shared_takes(active, user, stored) if mine is None else mine
    if not mine:
        return None
    pair = [mine, shared_takes(active, active.partner, stored)]
    if not all(pair):
        return None
    attempts = [takes[0] for takes in pair]
    if attempts[0].instrument_version != attempts[1].instrument_version:
        return None
    seen = _perceptions(active) if seen is None else seen
    scope = _scope(pair, seen, user, active, stored) if remember else None
    if scope is None:
        return _build(user, active.partner, pair, attempts, seen)
    with remembered(*scope):
        return _build(user, active.partner, pair, attempts, seen)


def couple_view_of(
    user: User, partner: User, pair: list[list[Attempt]], seen: dict[int, Perception]
) -> CoupleView:
    """The couple view of shared takes and perceptions in hand (each partner's newest shared
    take first, ``user``'s first), reading nothing: for the made-up couple of the worker's
    warm-up (``couple.demo.sample_couple_view``)."""
    return _build(user, partner, pair, [takes[0] for takes in pair], seen)


def _scope(
    pair: list[list[Attempt]],
    seen: dict[int, Perception],
    user: User,
    active: ActivePartnership,
    stored: Stored | None = None,
) -> tuple[str, dict[int, tuple[object, str]]] | None:
    """What this person's couple page shows, as a digest of the answers in their order (their
    own first): only their own next view of the same data finds its scores again, never their
    partner's, so no one's timing tells of the other's visits. None (nothing kept) in the rare
    case where both orders are the same, as the partner's view would then share it. With it,
    each set of answers as it was written for it, for the scores' keys
    (``scoring.remembered``'s ``written``).

    A take's answers read with their JSON text (``stored``, by the answers' identity) are
    written as that text, not written again (about 14 µs a take: issue 15's twenty-first
    pass): a text decodes to one set of answers only, so two sets share a writing only when
    they are equal, each number of its type, as with :func:`written_answers`; the same rows
    give the same texts, so her next view of the same data finds its scores again."""

    # Each set of answers written once, as the scores' keys write them, for both orders and for
    # those keys: the digest of ``written_answers(["couple page", answers, views])``, byte for
    # byte as that writes it (``tests/web/test_couple_page_reads.py``), where the whole was
    # written twice and each take's and view's answers twice more for the keys.
    written: dict[int, tuple[object, str]] = {}

    def write(answers: dict[str, Any]) -> str:
        found = stored.get(id(answers)) if stored is not None else None
        text = found[1] if found is not None and found[0] is answers else written_answers(answers)
        written[id(answers)] = (answers, text)
        return text

    sides = ["[" + ",".join([write(take.answers) for take in side]) + "]" for side in pair]
    views = [write(seen[p.pk].answers) if p.pk in seen else "null" for p in (user, active.partner)]

    def digest(first: int) -> str:
        other = 1 - first
        plain = f'["couple page",[{sides[first]},{sides[other]}],[{views[first]},{views[other]}]]'
        return hashlib.sha256(plain.encode()).hexdigest()

    mine, theirs = digest(0), digest(1)
    return None if mine == theirs else (mine, written)


def couple_view_open(user: User, active: ActivePartnership) -> bool:
    """Whether :func:`couple_view` is open, in one query and without building it: each of the
    two has shared a result in this partnership, and their newest shared results are of one
    version of the inventory."""
    ((mine, theirs),) = _VERSIONS(
        partnership_id=active.partnership.pk, user_id=user.pk, partner_id=active.partner.pk
    )
    return mine is not None and mine == theirs


_VERSIONS = Prepared(
    lambda partnership_id, user_id, partner_id: Partnership.objects.filter(
        pk=partnership_id
    ).values_list(
        _newest_version(partnership_id, user_id), _newest_version(partnership_id, partner_id)
    )
)


def _newest_version(partnership_id: int, user_id: int) -> Subquery:
    """The inventory version of the person's newest reveal in the partnership (as
    :func:`shared_takes` orders them), or NULL."""
    return _newest_reveal(partnership_id, user_id, "attempt__instrument_version")


def _newest_reveal(partnership_id: int, user_id: int, value: str) -> Subquery:
    """``value`` of the person's newest reveal in the partnership (as :func:`shared_takes`
    orders them), or NULL."""
    newest = Reveal.objects.filter(partnership_id=partnership_id, user_id=user_id)
    return Subquery(newest.order_by("-revealed_at", "-pk").values(value)[:1])


#: The kinds of the rows of :func:`_page_rows_statement`: a perception, a question waiting, the
#: take of her newest reveal in the partnership, of the one before it, and her latest take.
_SEEN, _TALK, _MINE_FIRST, _MINE_SECOND, _LATEST = 0, 1, 2, 3, 4
#: The columns of a perception :func:`couple_page_rows` makes, as :data:`_PERCEPTIONS` loads
#: them.
_PERCEPTION_COLUMNS = ["id", "partnership_id", "rater_id", "answers"]
#: The fields of a perception's answers and a question's day, as :func:`couple_page_rows`
#: converts them.
_COUPLE_FIELDS = rawsql.known(
    [Perception._meta.get_field("answers"), TalkItem._meta.get_field("day")]
)
#: Where her latest take's id, date and safety flag are among a take's columns.
_LATEST_AT = [_TAKE_COLUMNS.index(column) for column in _LATEST_COLUMNS]
#: Where a take's columns begin in a row of :func:`_page_rows_statement`.
_TAKE_AT = 7


def _cast_null(field: Field[Any, Any]) -> str:
    """A NULL of ``field``'s kind, cast so that PostgreSQL, which settles a ``UNION``'s column
    types two parts at a time, never takes it for text (as the ORM's ``Cast`` writes it)."""
    kind = field.cast_db_type(connection)  # type: ignore[attr-defined]  # not in Django's stubs
    return f"CAST(NULL AS {kind})"


#: The kinds of the couple's own columns in :func:`_page_rows_statement` (a perception's id and
#: rater, a question's public id and question, a perception's answers, a question's day).
_COUPLE_KINDS: list[Field[Any, Any]] = [
    IntegerField(),
    IntegerField(),
    CharField(),
    CharField(),
    JSONField(),
    DateField(),
]


@kept_statement
def _page_rows_statement() -> str:
    """The couple page's own rows in one ``UNION ALL``, a part each (a part of a ``UNION``
    takes no order or slice of its own on SQLite, so each is chosen in a subquery): the
    couple's perceptions (as :data:`_PERCEPTIONS` reads them), their twenty newest questions
    not talked about (``daily.access.talk_list``'s rule), the takes of her newest reveal in the
    partnership and of the one before it (as :func:`_shared_statement` orders them, of the
    columns it reads) and her latest finished take's id, date and safety flag
    (``finished_attempts``' rule). Of the partner's, only what is the couple's: his perception
    and their questions. Each row: its kind, the couple's six columns, a take's
    (:data:`_TAKE_FIELDS`), each a NULL of its kind where the part has none. Its parameters:
    :func:`_page_rows_params`.

    Written by the ORM (a prepared read run through Django's cursor) until issue 15's
    twenty-fifth pass; hand-written, it is run by ``frame.sqlite3.kept_rows`` (about 20-40 µs
    less a couple view). ``tests/web/test_couple_page_reads.py`` holds its rows to the ORM's
    statement's over random histories, on SQLite and PostgreSQL."""
    q = connection.ops.quote_name
    nulls = [_cast_null(field) for field in _COUPLE_KINDS]
    take_nulls = [_cast_null(field) for field in _TAKE_FIELDS]
    attempt, reveal = q(Attempt._meta.db_table), q(Reveal._meta.db_table)

    def part(kind: int, couple: dict[int, str], take: dict[int, str], rest: str) -> str:
        columns = [str(kind)]
        columns += [couple.get(at, null) for at, null in enumerate(nulls)]
        columns += [take.get(at, null) for at, null in enumerate(take_nulls)]
        return f"SELECT {', '.join(columns)} {rest}"

    def take_part(kind: int, names: Sequence[str], chosen: str) -> str:
        take = {
            at: f"{attempt}.{q(field.column)}"
            for at, field in enumerate(_TAKE_FIELDS)
            if field.attname in names
        }
        return part(kind, {}, take, f"FROM {attempt} WHERE {attempt}.{q('id')} = ({chosen})")

    newest = (
        f"SELECT r.{q('attempt_id')} FROM {reveal} r"
        f" WHERE r.{q('partnership_id')} = %s AND r.{q('user_id')} = %s"
        f" ORDER BY r.{q('revealed_at')} DESC, r.{q('id')} DESC LIMIT 1"
    )
    inventories = ", ".join(["%s"] * len(INVENTORY_IDS))
    latest = (
        f"SELECT f.{q('id')} FROM {attempt} f WHERE f.{q('completed_at')} IS NOT NULL"
        f" AND f.{q('instrument_id')} IN ({inventories}) AND f.{q('user_id')} = %s"
        f" ORDER BY f.{q('completed_at')} DESC, f.{q('id')} DESC LIMIT 1"
    )
    seen, talk = q(Perception._meta.db_table), q(TalkItem._meta.db_table)
    parts = [
        part(
            _SEEN,
            {0: f"{seen}.{q('id')}", 1: f"{seen}.{q('rater_id')}", 4: f"{seen}.{q('answers')}"},
            {},
            f"FROM {seen} WHERE {seen}.{q('partnership_id')} = %s",
        ),
        part(
            _TALK,
            {
                2: f"{talk}.{q('public_id')}",
                3: f"{talk}.{q('question_id')}",
                5: f"{talk}.{q('day')}",
            },
            {},
            f"FROM {talk} WHERE {talk}.{q('id')} IN (SELECT w.{q('id')} FROM {talk} w"
            f" WHERE w.{q('partnership_id')} = %s AND w.{q('talked_at')} IS NULL"
            f" ORDER BY w.{q('day')} DESC LIMIT {TALKS_SHOWN})",
        ),
        take_part(_MINE_FIRST, _TAKE_COLUMNS, newest),
        take_part(_MINE_SECOND, _TAKE_COLUMNS, f"{newest} OFFSET 1"),
        take_part(_LATEST, _LATEST_COLUMNS, latest),
    ]
    return "\n        UNION ALL\n        ".join(parts)


def _page_rows_params(partnership_id: int, user_id: int) -> list[Any]:
    """:func:`_page_rows_statement`'s parameters, in its order."""
    mine = [partnership_id, user_id]
    return [partnership_id, partnership_id, *mine, *mine, *INVENTORY_IDS, user_id]


class PageRows(NamedTuple):
    """What :func:`couple_page_rows` reads."""

    #: The couple's perceptions, by who rated.
    seen: dict[int, Perception]
    #: Their questions to talk about not talked about yet, the newest day first.
    talks: list[TalkRow]
    #: The takes of her two newest reveals in the partnership, newest first.
    mine: list[Attempt]
    #: Her latest finished take (only its id, date and safety flag), or None.
    latest: Attempt | None
    #: Her takes' answers' texts, as :func:`_takes` notes them.
    stored: Stored


def couple_page_rows(user: User, active: ActivePartnership) -> PageRows:
    """The couple page's own rows in one statement, the same statement whatever either of the
    two did or shared (:func:`_page_rows_statement`; two or three statements until issue 15's
    twenty-fourth pass): the couple's perceptions and questions waiting (both the couple's,
    read on every view), the takes of her two newest reveals in the partnership (their
    answers' texts noted, as :func:`_takes` notes them) and her latest finished take. The
    partner's reveals stay a read of their own, run once she has shared (:func:`couple_view`).
    ``tests/web/test_couple_page_reads.py`` holds it to the reads it replaced."""
    partnership_id = active.partnership.pk
    answers, day = rawsql.one_by_one(_COUPLE_FIELDS)
    seen: dict[int, Perception] = {}
    talks: list[TalkRow] = []
    takes: list[Any] = [None, None]
    latest = None
    params = _page_rows_params(partnership_id, user.pk)
    for row in kept_rows(connections[DEFAULT_DB_ALIAS], _page_rows_statement(), params):
        kind = row[0]
        if kind == _SEEN:
            values = [row[1], partnership_id, row[2], answers(row[5])]
            seen[row[2]] = rawsql.made(Perception, _PERCEPTION_COLUMNS, values)
        elif kind == _TALK:
            talks.append(TalkRow(row[3], partnership_id, day(row[6]), row[4], None))
        elif kind == _LATEST:
            pk, *rest = (row[_TAKE_AT + at] for at in _LATEST_AT)
            values = [pk, *rawsql.converted(rest, _LATEST_FIELDS)]
            latest = rawsql.made(Attempt, _LATEST_COLUMNS, values)
        else:
            takes[kind - _MINE_FIRST] = row[_TAKE_AT:]
    # A union hands its rows back in no promised order: the newest day first, as the read of
    # them alone ordered them (a couple has one question a day, so no two rows tie).
    talks.sort(key=lambda talk: talk.day, reverse=True)
    stored: Stored = {}
    mine = _takes([row for row in takes if row is not None], len(_TAKE_FIELDS), stored)
    return PageRows(seen, talks, mine, latest, stored)


def _perceptions(active: ActivePartnership) -> dict[int, Perception]:
    return {p.rater_id: p for p in _PERCEPTIONS(partnership_id=active.partnership.pk)}


#: The couple's perceptions without the moment each was saved (the perception page reads its
#: own with :data:`_PERCEPTION` for that; here only who rated and the answers are used).
_PERCEPTIONS = Prepared(
    lambda partnership_id: Perception.objects.filter(partnership_id=partnership_id).defer(
        "updated_at"
    )
)


def _previous_change(
    takes: list[Attempt], current: Result, language: str | None = None
) -> Change | None:
    if len(takes) < 2:
        return None
    return compare(attempt_result(takes[1], language), current)


def _discussion(
    attempts: list[Attempt], *, mine_first: bool, language: str | None = None
) -> tuple[DiscussionItem, ...]:
    """Statements answered furthest apart; only when both answered the same version's words.

    Chosen the same for both partners, in the same order (``mine_first``: whether the reader is
    the one whose answers are taken first, the one who joined the site first): chosen from the
    reader's side first, the two pages and reports listed different statements (the new-couple
    walk of 2026-12-04). Each reader then sees their own answer first."""
    if attempts[0].instrument_id != attempts[1].instrument_id:
        return ()
    first, second = attempts if mine_first else attempts[::-1]
    chosen = discussion_items(inventory_of(first, language), first.answers, second.answers)
    return chosen if mine_first else tuple(item.swapped() for item in chosen)


def _build(
    user: User,
    partner: User,
    pair: list[list[Attempt]],
    attempts: list[Attempt],
    seen: dict[int, Perception],
) -> CoupleView:
    # The language asked once for every part (about 1.4 µs an asking, six a view where it is
    # now one; issue 15's twenty-second pass).
    language = get_language()
    mine, theirs = (attempt_result(a, language) for a in attempts)
    form = perception_form(language)
    by_partner, by_me = seen.get(partner.pk), seen.get(user.pk)
    pairs = scale_pairs(mine, theirs)  # once, for the strengths, growth and the pattern
    growth = growth_areas(mine, theirs, pairs=pairs)
    areas = [p.scale_id for p in growth] or ["bond", "self"]
    return CoupleView(
        me=user,
        partner=partner,
        mine=mine,
        theirs=theirs,
        pattern=couple_pattern(mine, theirs, pairs=pairs),
        strengths=strengths(mine, theirs, pairs=pairs),
        growth=growth,
        discussion=_discussion(attempts, mine_first=user.pk < partner.pk, language=language),
        my_gaps=perception_gaps(mine, form, by_partner.answers) if by_partner else None,
        their_gaps=perception_gaps(theirs, form, by_me.answers) if by_me else None,
        suggestions=suggestions_for_two(areas, language),
        my_change=_previous_change(pair[0], mine, language),
        their_change=_previous_change(pair[1], theirs, language),
        my_attempt=attempts[0],
        their_attempt=attempts[1],
    )


def _for_two(areas: Sequence[str], language: str | None) -> Suggestions:
    """The library's practices for two and questions for the couple's growth areas (``areas``;
    without any, Bond and Self), in ``language`` (the page's when None)."""
    language = get_language() if language is None else language
    return suggest_for_areas(areas, together=True, practices=3, prompts=4, language=language)


#: :func:`_for_two` for each set of growth areas a couple's two results can give (any of the
#: inventory's axes and poles, in its order), by language: it turns on the areas and the
#: language alone, so it is the same for everyone and holds nothing of anyone. Filled for every
#: language as a worker starts (``templatetags.couplepage._warm``), never on a view, so no
#: view is faster for another's having been shown first. The couple view filtered, sorted and
#: walked the library on every view (about 25 µs; issue 15's twentieth pass, second wave).
_FOR_TWO: dict[tuple[str, tuple[str, ...]], Suggestions] = {}


def suggestions_for_two(areas: Sequence[str], language: str | None) -> Suggestions:
    """:func:`_for_two`, taken from :data:`_FOR_TWO` when its areas are there (every set the
    inventory's scales can give, in every language), picked afresh otherwise."""
    kept = _FOR_TWO.get((language, tuple(areas))) if language is not None else None
    return _for_two(areas, language) if kept is None else kept


def keep_suggestions_for_two(language: str | None) -> list[Suggestions]:
    """Fill :data:`_FOR_TWO` for ``language``: every set of the axes and poles of every version
    of the inventory, in its order (``core.dyad.growth_areas`` keeps the results' order, which
    is the inventory's), and Bond and Self for a couple with none. Gives what is kept for
    ``language`` (nothing without one)."""
    if language is None:
        return []
    for instrument_id in INVENTORY_IDS:
        instrument = inventory(instrument_id, language)
        ids = [s.id for s in instrument.scales if s.kind in (ScaleKind.AXIS, ScaleKind.POLE)]
        for chosen in itertools.product((False, True), repeat=len(ids)):
            areas = tuple(i for i, taken in zip(ids, chosen, strict=True) if taken)
            areas = areas or ("bond", "self")  # as ``_build`` asks for a couple with none
            if (language, areas) not in _FOR_TWO:
                _FOR_TWO[language, areas] = _for_two(areas, language)
    return [kept for (kept_language, _), kept in _FOR_TWO.items() if kept_language == language]


def couple_map_svg(view: CoupleView) -> str | None:
    """Both partners on the Self x Bond map, or None when neither can be placed.

    Each partner keeps one colour whoever looks (the one whose account is older has the first),
    so the two phones side by side show the same map."""
    first = 0 if view.me.pk < view.partner.pk else 1
    points = [
        (map_point(view.mine, view.me.display_name), first),
        (map_point(view.theirs, view.partner.display_name), 1 - first),
    ]
    shown = [(p, colour) for p, colour in points if p is not None]
    if not shown:
        return None
    words = chart_words(couple=True)
    return map_svg([p for p, _ in shown], words=words, colours=[c for _, c in shown])
