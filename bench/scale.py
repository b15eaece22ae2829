"""Load the demo scaled up: many couples, each with weeks of history, fast.

Each couple gets what the demo couple has, spread over its history: finished inventory
attempts (one a quarter) each shared with the partner (so the couple view is open), how each
sees the other, a shared check-in each a week, personal and shared goals with a progress note a
week, a promise a week, two answered bids a week plus one waiting from each partner, a stated
and acknowledged boundary with its history and a private draft, two people in each support
circle, a weekly reminder choice, and a decision a quarter rated by both.

Rows are written with ``bulk_create`` in batches of couples, one transaction per batch. Every
bench person has the same password, hashed once with the production hasher (Argon2id) and the
hash reused. Scores come from the real services: a few template attempts are finished through
:mod:`interdepend.web.assessment.demo` in a transaction that is then rolled back, and copied.

Run it with the settings and database of the run (``bench/bench_http.py`` does this)::

    PYTHONPATH=bench DJANGO_SETTINGS_MODULE=benchsite INTERDEPEND_VAR_DIR=var/bench/sqlite \\
      .venv/bin/python bench/scale.py --couples 10000 --manifest var/bench/sqlite/manifest.json

Groups: ``year`` (``--couples`` couples with ``--weeks`` of history, default 52) and three
single couples for the growth test: ``week`` (1 week), ``growth-year`` (52) and ``five-years``
(260). The manifest names the people the benchmark logs in as, and the bid each can answer.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

BENCH_PASSWORD = "bench only: river-lantern-73"  # noqa: S105 - made-up bench accounts
DOMAIN = "bench.interdepend.test"
GROWTH = (("week", 1), ("growth-year", 52), ("five-years", 260))
BATCH_COUPLES = 500
ROWS_PER_INSERT = 2000
NOW = datetime.now(UTC)


def email(group: str, couple: int, side: str) -> str:
    return f"{group}-{couple:06d}-{side}@{DOMAIN}"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import django

    django.setup()


@dataclass
class Template:
    """The stored fields of one finished attempt, made by the real services."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class Couple:
    i: int
    a: int
    b: int
    p: int

    @property
    def pair(self) -> tuple[int, int]:
        return (self.a, self.b)


@dataclass
class Manifest:
    password: str = BENCH_PASSWORD
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def templates() -> list[Template]:
    """Finished attempts of a few profiles, scored by the services, then rolled back."""
    from django.db import transaction

    from interdepend.web.accounts.models import User
    from interdepend.web.assessment import selectors
    from interdepend.web.assessment.demo import complete_attempt, profile_answers

    profiles = (
        {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2},
        {"self": 6, "bond": 4, "enmeshment": 2, "distance": 5},
        {"self": 3, "bond": 5, "enmeshment": 6, "distance": 2},
        {"self": 5, "bond": 5, "enmeshment": 4, "distance": 3},
        {"self": 4, "bond": 6, "enmeshment": 5, "distance": 2},
        {"self": 5, "bond": 3, "enmeshment": 2, "distance": 6},
    )
    names = (
        "instrument_id",
        "instrument_version",
        "item_order",
        "answers",
        "screen_answers",
        "screen_flagged",
        "snapshot",
    )
    out = []
    with transaction.atomic():
        user = User.objects.create(email=f"template@{DOMAIN}", display_name="Template")
        inventory = selectors.inventory()
        for seed, levels in enumerate(profiles):
            attempt = complete_attempt(
                user, profile_answers(inventory, levels), days_ago=1, seed=seed
            )
            out.append(Template({name: getattr(attempt, name) for name in names}))
        transaction.set_rollback(True)
    return out


@functools.cache
def _aware(day: date, hour: int) -> datetime:
    """That day at that hour, local time, but never later than an hour before the load."""
    from django.utils import timezone

    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))
    return min(moment, NOW - timedelta(hours=1))


def _levels(rng: np.random.Generator, weeks: int, couples: int) -> np.ndarray:
    """Weekly overall levels (weeks, couples, 2): some inertia, and B's week echoes into A's."""
    levels = np.zeros((weeks, couples, 2))
    noise = rng.normal(0, 0.8, size=(weeks, couples, 2))
    for t in range(1, weeks):
        a, b = levels[t - 1, :, 0], levels[t - 1, :, 1]
        levels[t, :, 0] = 0.3 * a + 0.45 * b + noise[t, :, 0]
        levels[t, :, 1] = 0.35 * b + 0.1 * a + noise[t, :, 1]
    return levels


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


class Table:
    """Plain inserts for one model (COPY on PostgreSQL): most rows, without model instances.

    Values are given for ``names``; every other column gets its field's default. Dates, times
    and JSON are prepared by the field itself (so each backend stores what Django would), once
    per distinct value.
    """

    def __init__(self, model: Any, names: Sequence[str]):
        from django.db import connection

        meta = model._meta
        self.label = meta.label
        given = [meta.get_field(name) for name in names]
        rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
        self.fields = given + rest
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        #: Columns whose default must be drawn afresh for every row (the opaque public ids).
        self.fresh = [n for n, f in enumerate(rest) if f.name == "public_id"]
        self.prepare = [self._preparer(f) for f in given]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
        self.copy = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"

    @staticmethod
    def _preparer(field: Any) -> Any:
        from django.db import connection, models

        if isinstance(field, models.JSONField):
            cache: dict[str, Any] = {}

            def as_json(value: Any) -> Any:
                key = json.dumps(value, sort_keys=True)
                if key not in cache:
                    cache[key] = field.get_db_prep_save(value, connection)
                return cache[key]

            return as_json
        if isinstance(field, models.DateField):  # DateTimeField too
            return functools.cache(lambda value: field.get_db_prep_save(value, connection))
        return None

    def _defaults(self) -> tuple[Any, ...]:
        if not self.fresh:
            return self.defaults
        from interdepend.web.frame.publicid import new_public_id

        values = list(self.defaults)
        for n in self.fresh:
            values[n] = new_public_id()
        return tuple(values)

    def insert(self, rows: Sequence[Sequence[Any]]) -> int:
        from django.db import connection

        ready = [
            tuple(v if p is None else p(v) for v, p in zip(row, self.prepare, strict=True))
            + self._defaults()
            for row in rows
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: several times faster than INSERT
                with cursor.cursor.copy(self.copy) as copy:
                    for row in ready:
                        copy.write_row(row)
            else:
                for start in range(0, len(ready), ROWS_PER_INSERT):
                    cursor.executemany(self.sql, ready[start : start + ROWS_PER_INSERT])
        return len(ready)


class Loader:
    def __init__(self, password_hash: str, shapes: list[Template], rng: np.random.Generator):
        self.password_hash = password_hash
        self.shapes = shapes
        self.rng = rng
        self.rows: dict[str, int] = {}
        self.tables: dict[tuple[Any, tuple[str, ...]], Table] = {}

    def _count(self, label: str, n: int) -> None:
        self.rows[label] = self.rows.get(label, 0) + n

    def save(self, model: Any, objs: Sequence[Any]) -> list[Any]:
        """Rows whose primary keys are needed next: Django's bulk_create (it returns them)."""
        made = model.objects.bulk_create(objs, batch_size=ROWS_PER_INSERT)
        self._count(model._meta.label, len(made))
        return made

    def raw(self, model: Any, names: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
        table = self.tables.get((model, names))
        if table is None:
            table = self.tables[(model, names)] = Table(model, names)
        self._count(table.label, table.insert(rows))

    def group(self, name: str, couples: int, weeks: int, sample: set[int]) -> dict[str, Any]:
        """Load ``couples`` couples with ``weeks`` of history; return the sampled sessions."""
        from django.db import transaction

        sessions: list[dict[str, Any]] = []
        for chunk in _chunks(couples, BATCH_COUPLES):
            with transaction.atomic():
                sessions += self.batch(name, chunk, weeks, sample)
        return {"couples": couples, "weeks": weeks, "sessions": sessions}

    def batch(self, name: str, chunk: range, weeks: int, sample: set[int]) -> list[dict[str, Any]]:
        from interdepend.web.accounts.models import User
        from interdepend.web.partners.models import Membership, Partnership
        from interdepend.web.together.selectors import this_week

        mondays = [this_week() - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
        start = _aware(mondays[0], 9) - timedelta(days=3)
        users = self.save(
            User,
            [
                User(
                    email=email(name, i, side),
                    display_name=f"{('Ada', 'Ben')[k]} {i}",
                    password=self.password_hash,
                    date_joined=start,
                )
                for i in chunk
                for k, side in enumerate("ab")
            ],
        )
        ids = [(users[2 * n].pk, users[2 * n + 1].pk) for n in range(len(chunk))]
        made = self.save(Partnership, [Partnership(started_at=start) for _ in chunk])
        couples = [Couple(i, a, b, p.pk) for i, (a, b), p in zip(chunk, ids, made, strict=True)]
        self.raw(
            Membership,
            ("partnership", "user", "joined_at", "is_active"),
            [(c.p, u, start, True) for c in couples for u in c.pair],
        )
        self.assessments(couples, mondays)
        self.checkins(couples, mondays)
        self.goals(couples, mondays)
        self.commitments(couples, mondays)
        waiting = self.bids(couples, mondays)
        self.boundaries(couples, mondays)
        self.circles(couples)
        self.decisions(couples, mondays)
        emails = {u.pk: u.email for u in users}
        return [
            {"email": emails[me], "couple": c.i, "bid": waiting[partner]}
            for c in couples
            if c.i in sample
            for me, partner in ((c.a, c.b), (c.b, c.a))
        ]

    def assessments(self, couples: list[Couple], mondays: list[date]) -> None:
        from interdepend.web.assessment.models import Attempt
        from interdepend.web.couple.models import Perception, Reveal
        from interdepend.web.couple.selectors import perception_form

        every = sorted(mondays[len(mondays) - 1 :: -13])  # one a quarter, the latest this week
        attempts = []
        for c in couples:
            for k, user in enumerate(c.pair):
                for n, week in enumerate(every):
                    when = _aware(week, 20) - timedelta(minutes=30 * k)
                    shape = self.shapes[(c.i + 3 * k + n) % len(self.shapes)].fields
                    attempts.append(
                        Attempt(
                            user_id=user,
                            started_at=when - timedelta(minutes=20),
                            updated_at=when,
                            completed_at=when,
                            **shape,
                        )
                    )
        attempts = self.save(Attempt, attempts)
        partnership = {u: c.p for c in couples for u in c.pair}
        self.raw(
            Reveal,
            ("partnership", "user", "attempt", "revealed_at"),
            [
                (partnership[a.user_id], a.user_id, a.pk, a.completed_at + timedelta(minutes=5))
                for a in attempts
            ],
        )
        form = perception_form()
        seen = {item: 4 + n % 3 for n, item in enumerate(form.item_ids)}
        when = _aware(mondays[-1], 21)
        self.raw(
            Perception,
            ("partnership", "rater", "answers", "updated_at"),
            [(c.p, u, seen, when) for c in couples for u in c.pair],
        )

    def checkins(self, couples: list[Couple], mondays: list[date]) -> None:
        from interdepend.web.together.models import ITEMS, CheckIn

        levels = _levels(self.rng, len(mondays), len(couples))
        base = np.array([4.5, 5, 4.5, 5, 5.5, 5])
        jitter = self.rng.normal(0, 0.6, size=(len(mondays), len(couples), 2, len(ITEMS)))
        values = np.clip(np.rint(base + levels[..., None] + jitter), 1, 7).astype(int).tolist()
        needs = ("An evening with no plans.", "Help with the move on Saturday.", "")
        self.raw(
            CheckIn,
            ("owner", "partnership", "week", "shared", "need", "updated_at", *ITEMS),
            [
                (u, c.p, week, True, needs[(n + k) % 3], _aware(week, 18), *values[n][j][k])
                for j, c in enumerate(couples)
                for k, u in enumerate(c.pair)
                for n, week in enumerate(mondays)
            ],
        )

    def goals(self, couples: list[Couple], mondays: list[date]) -> None:
        from interdepend.web.together.models import Goal, GoalNote

        shared_count = max(1, len(mondays) // 26)
        titles = ("Save for a trip", "A long walk on Sundays", "Cook together on Fridays")
        first = _aware(mondays[0], 10)
        goals = []
        for c in couples:
            goals.append(Goal(owner_id=c.a, title="Finish the pottery course", created_at=first))
            goals.append(Goal(owner_id=c.b, title="Play the cello again", created_at=first))
            for n in range(shared_count):
                made = _aware(mondays[min(n * 26, len(mondays) - 1)], 11)
                goals.append(
                    Goal(
                        owner_id=c.pair[n % 2],
                        partnership_id=c.p,
                        title=titles[n % len(titles)],
                        created_at=made,
                        updated_at=made,
                    )
                )
        goals = self.save(Goal, goals)
        per = 2 + shared_count
        texts = ("Put this month's share aside.", "Rain, so a short one.", "Glazing class.")
        rows = []
        for j, c in enumerate(couples):
            mine = goals[j * per : (j + 1) * per]
            for n, week in enumerate(mondays):
                goal = mine[n % per]
                author = c.pair[n % 2] if goal.partnership_id else goal.owner_id
                at = _aware(week, 12 + n % 5)
                rows.append((goal.pk, author, goal.partnership_id, texts[n % len(texts)], at))
        self.raw(GoalNote, ("goal", "owner", "partnership", "text", "created_at"), rows)

    def commitments(self, couples: list[Couple], mondays: list[date]) -> None:
        from django.utils import timezone

        from interdepend.web.together.models import Commitment, CommitmentState

        states = [CommitmentState.KEPT.value] * 7 + [
            CommitmentState.RENEGOTIATED.value,
            CommitmentState.KEPT.value,
            CommitmentState.MISSED.value,
        ]
        texts = ("Cook dinner on Wednesday", "Book the train tickets", "Plan Saturday morning")
        soon = timezone.localdate() + timedelta(days=3)
        names = ("owner", "partnership", "text", "due_on", "state", "created_at", "resolved_at")
        rows = []
        for c in couples:
            for n, week in enumerate(mondays[:-1]):
                rows.append(
                    (
                        c.pair[n % 2],
                        c.p,
                        texts[n % len(texts)],
                        week + timedelta(days=4),
                        states[n % len(states)],
                        _aware(week, 8),
                        _aware(week + timedelta(days=4), 21),
                    )
                )
            rows.append((c.b, c.p, "Fix the bike light", soon, "open", NOW, None))
        self.raw(Commitment, names, rows)

    def bids(self, couples: list[Couple], mondays: list[date]) -> dict[int, int]:
        """Answered bids of the past, and one waiting from each partner: {owner: bid public id}."""
        from interdepend.web.together.models import Bid, BidAnswer

        answers = ("yes_now", "yes_now", "later", "not_now")
        texts = ("Coffee on the balcony?", "Can I tell you about my day?", "Look at this heron!")
        names = ("owner", "partnership", "text", "created_at", "answer", "answered_at")
        rows = []
        for c in couples:
            for n, week in enumerate(mondays[:-1]):
                day = week + timedelta(days=2)
                for k in range(2):
                    answer = answers[(n + k) % len(answers)]
                    rows.append(
                        (
                            c.pair[(n + k) % 2],
                            c.p,
                            texts[(n + 2 * k) % len(texts)],
                            _aware(day, 9 + 2 * k),
                            answer,
                            _aware(day, 20),
                        )
                    )
        self.raw(Bid, names, rows)
        assert BidAnswer.LATER.value in answers
        waiting = [
            Bid(owner_id=u, partnership_id=c.p, text="Walk after work today?")
            for c in couples
            for u in c.pair
        ]
        return {bid.owner_id: bid.public_id for bid in self.save(Bid, waiting)}

    def boundaries(self, couples: list[Couple], mondays: list[date]) -> None:
        from interdepend.web.together.models import Boundary, BoundaryEvent, BoundaryState

        stated_text = "After work I need half an hour on my own before we talk plans."
        when = _aware(mondays[len(mondays) // 2], 19)
        rows = []
        for c in couples:
            rows.append(
                Boundary(
                    owner_id=c.a,
                    partnership_id=c.p,
                    text=stated_text,
                    state=BoundaryState.ACKNOWLEDGED,
                    created_at=when,
                    updated_at=when + timedelta(minutes=40),
                )
            )
            rows.append(Boundary(owner_id=c.b, text="I do not want my phone read, even in fun."))
        made = self.save(Boundary, rows)
        events = []
        for j, c in enumerate(couples):
            stated = made[2 * j]
            events.append((stated.pk, c.a, "stated", stated_text, stated.created_at))
            events.append((stated.pk, c.b, "acknowledged", "", stated.updated_at))
        self.raw(BoundaryEvent, ("boundary", "actor", "kind", "text", "at"), events)

    def circles(self, couples: list[Couple]) -> None:
        from django.utils import timezone

        from interdepend.web.together.models import CirclePerson, Reminder

        today = timezone.localdate()
        self.raw(
            CirclePerson,
            ("owner", "name", "last_connected", "created_at"),
            [
                (u, name, today - timedelta(days=days), NOW)
                for c in couples
                for u in c.pair
                for name, days in (("My sister", 9), ("Tom from climbing", 40))
            ],
        )
        self.raw(
            Reminder,
            ("owner", "weekly_checkin"),
            [(u, (c.i + k) % 2 == 0) for c in couples for k, u in enumerate(c.pair)],
        )

    def decisions(self, couples: list[Couple], mondays: list[date]) -> None:
        from interdepend.web.decide.models import Decision, Rating

        options = ["A solo hike", "A book by the pool", "Dinner together each night", "A mix"]
        quarters = mondays[::13]
        rows = [
            Decision(
                partnership_id=c.p,
                title="Our summer holiday",
                options=options,
                created_at=_aware(week, 20),
                form_token=f"bench-{n}",
            )
            for c in couples
            for n, week in enumerate(quarters)
        ]
        made = self.save(Decision, rows)
        per = len(quarters)
        self.raw(
            Rating,
            ("decision", "user", "for_self", "for_partner", "rated_at"),
            [
                (d.pk, u, [3 + k, 7 - k, 6, 6], [6, 2 + k, 5, 5], d.created_at)
                for j, c in enumerate(couples)
                for d in made[j * per : (j + 1) * per]
                for k, u in enumerate(c.pair)
            ],
        )


def _sample(couples: int, sessions: int) -> set[int]:
    """Couples spread evenly over the whole set, two sessions (both partners) each."""
    wanted = max(1, min(couples, sessions // 2))
    return {int(x) for x in np.linspace(0, couples - 1, wanted)}


def load(couples: int, weeks: int, sessions: int, seed: int = 8) -> Manifest:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from interdepend.web.demo import demo_load

    started = time.perf_counter()
    if connection.vendor == "sqlite":  # this loading connection only: a bigger page cache
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB
    call_command("migrate", verbosity=0)
    demo_load()
    print(f"  schema and demo: {time.perf_counter() - started:.1f} s", flush=True)
    loader = Loader(make_password(BENCH_PASSWORD), templates(), np.random.default_rng(seed))
    manifest = Manifest()
    began = time.perf_counter()
    manifest.groups["year"] = loader.group("year", couples, weeks, _sample(couples, sessions))
    print(f"  year: {couples:,} couples, {weeks} weeks: {time.perf_counter() - began:.1f} s")
    for name, length in GROWTH:
        manifest.groups[name] = loader.group(name, 1, length, {0})
        print(f"  {name}: 1 couple, {length} weeks", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    manifest.seconds = time.perf_counter() - started
    manifest.rows = dict(sorted(loader.rows.items()))
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--couples", type=int, default=int(os.environ.get("BENCH_COUPLES", 10000)))
    parser.add_argument("--weeks", type=int, default=52, help="history of each couple")
    parser.add_argument("--sessions", type=int, default=200, help="people to log in as")
    parser.add_argument("--manifest", type=Path, required=True)
    args = parser.parse_args()
    setup_django()
    print(f"loading {args.couples:,} couples with {args.weeks} weeks of history", flush=True)
    manifest = load(args.couples, args.weeks, args.sessions)
    total = sum(manifest.rows.values())
    for label, count in manifest.rows.items():
        print(f"  {label:<28} {count:>12,}")
    print(f"  {'total rows':<28} {total:>12,}")
    print(f"loaded in {manifest.seconds:.1f} s ({total / manifest.seconds:,.0f} rows/s)")
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(json.dumps(manifest.__dict__, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
