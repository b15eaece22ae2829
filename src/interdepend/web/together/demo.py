"""Demo history for the together space: several months of believable weeks.

Maya and Jonah get forty-four weeks of check-ins drawn from a small lag-1 process (so the trends
and the over-time estimate have something real to show), goals with notes, promises, bids, a
boundary with its history and a support circle each. Sam, alone, gets personal goals, private
check-ins and a circle. Idempotent: nothing is added when Maya already has goals.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import services
from interdepend.web.together.models import (
    Bid,
    BidAnswer,
    CheckIn,
    CirclePerson,
    Commitment,
    CommitmentState,
    Goal,
    GoalNote,
)
from interdepend.web.together.selectors import this_week

WEEKS = 44


def _at(monday: date, day: int, hour: int = 19) -> datetime:
    moment = datetime.combine(monday + timedelta(days=day), datetime.min.time())
    return timezone.make_aware(moment.replace(hour=hour))


def _weeks() -> list[date]:
    now = this_week()
    return [now - timedelta(weeks=WEEKS - 1 - n) for n in range(WEEKS)]


def _levels(rng: np.random.Generator) -> np.ndarray:
    """Weekly overall levels for two people: some inertia, and B's week echoes into A's."""
    levels = np.zeros((WEEKS, 2))
    for t in range(1, WEEKS):
        a, b = levels[t - 1]
        levels[t] = (0.3 * a + 0.45 * b, 0.35 * b + 0.1 * a) + rng.normal(0, 0.8, 2)
    return levels


def _checkin(
    user: User, week: date, level: float, rng: np.random.Generator, **kw: object
) -> CheckIn:
    base = {"own_time": 4.5, "supported": 5, "voice": 4.5, "heard": 5, "word_kept": 5.5, "close": 5}
    values = {k: int(np.clip(round(v + level + rng.normal(0, 0.6)), 1, 7)) for k, v in base.items()}
    return CheckIn(owner=user, week=week, updated_at=_at(week, 6), **values, **kw)


def _checkins(maya: User, jonah: User, partnership: Partnership, rng: np.random.Generator) -> None:
    levels = _levels(rng)
    rows = []
    needs = ("An evening with no plans.", "Help with the move on Saturday.", "")
    for n, week in enumerate(_weeks()):
        rows.append(
            _checkin(
                maya,
                week,
                levels[n, 0],
                rng,
                shared=True,
                partnership=partnership,
                need=needs[n % 3],
            )
        )
        if n != 7:  # Jonah skipped one week, as people do
            shared = n != 12
            rows.append(
                _checkin(
                    jonah,
                    week,
                    levels[n, 1],
                    rng,
                    shared=shared,
                    partnership=partnership if shared else None,
                )
            )
    CheckIn.objects.bulk_create(rows)


def _goal(owner: User, partnership: Partnership | None, title: str, weeks_ago: int) -> Goal:
    goal = services.goal_create(
        owner=owner, partnership=partnership, title=title, detail="", idem_key=""
    )
    Goal.objects.filter(pk=goal.pk).update(created_at=_at(_weeks()[WEEKS - 1 - weeks_ago], 1))
    return goal


def _notes(goal: Goal, authors: list[User], every: int, texts: tuple[str, ...]) -> None:
    rows = [
        GoalNote(
            goal=goal,
            owner=authors[n % len(authors)],
            partnership=goal.partnership,
            text=texts[n % len(texts)],
            created_at=_at(week, 2 + n % 4),
        )
        for n, week in enumerate(_weeks())
        if n % every == 0
    ]
    GoalNote.objects.bulk_create(rows)


def _goals(maya: User, jonah: User, partnership: Partnership) -> None:
    pottery = _goal(maya, None, "Finish the pottery course", 19)
    _notes(pottery, [maya], 2, ("Threw my first bowl that did not collapse.", "Glazing class."))
    cello = _goal(jonah, None, "Play the cello again", 15)
    _notes(cello, [jonah], 3, ("Half an hour of scales.", "Played through the first suite."))
    trip = _goal(maya, partnership, "Save for a trip to Lisbon", 18)
    _notes(
        trip, [maya, jonah], 2, ("Put this month's share aside.", "Looked at flats near Alfama.")
    )
    walks = _goal(jonah, partnership, "A long walk together on Sundays", 12)
    _notes(walks, [jonah, maya], 3, ("Along the canal to the old mill.", "Rain, so a short one."))


def _commitments(maya: User, jonah: User, partnership: Partnership) -> None:
    texts = (
        "Cook dinner on Wednesday",
        "Call the landlord about the boiler",
        "Book the train tickets",
        "Pick up the dry cleaning",
        "Plan Saturday morning",
    )
    states = [CommitmentState.KEPT] * 7 + [
        CommitmentState.RENEGOTIATED,
        CommitmentState.KEPT,
        CommitmentState.MISSED,
    ]
    rows = []
    for n, week in enumerate(_weeks()[:-1]):
        state = states[n % len(states)]
        rows.append(
            Commitment(
                owner=(maya, jonah)[n % 2],
                partnership=partnership,
                text=texts[n % len(texts)],
                due_on=week + timedelta(days=4),
                state=state,
                created_at=_at(week, 0),
                resolved_at=_at(week, 4, 21),
            )
        )
    Commitment.objects.bulk_create(rows)
    services.commitment_create(
        owner=jonah,
        partnership=partnership,
        text="Fix the bike light",
        due_on=timezone.localdate() + timedelta(days=3),
        idem_key="",
    )


def _bids(maya: User, jonah: User, partnership: Partnership) -> None:
    texts = (
        "Look at this heron by the pond!",
        "Coffee on the balcony?",
        "Can I tell you about my day?",
        "Want to watch the match later?",
    )
    answers = (
        BidAnswer.YES_NOW,
        BidAnswer.YES_NOW,
        BidAnswer.LATER,
        BidAnswer.YES_NOW,
        BidAnswer.NOT_NOW,
    )
    rows = []
    for n, week in enumerate(_weeks()[:-1]):
        for k in range(2):
            answer = answers[(n + k) % len(answers)]
            rows.append(
                Bid(
                    owner=(maya, jonah)[(n + k) % 2],
                    partnership=partnership,
                    text=texts[(n + 2 * k) % len(texts)],
                    created_at=_at(week, 2 + 2 * k),
                    answer=answer,
                    answered_at=_at(week, 2 + 2 * k, 20),
                    answer_when="after dinner" if answer == BidAnswer.LATER else "",
                )
            )
    Bid.objects.bulk_create(rows)
    services.bid_send(
        owner=jonah, partnership=partnership, text="Walk after work today?", idem_key=""
    )


def _boundaries(maya: User, jonah: User, partnership: Partnership) -> None:
    hour = services.boundary_draft(
        owner=maya,
        text="After work I need half an hour on my own before we talk plans.",
        idem_key="",
    )
    services.boundary_state(boundary=hour, partnership=partnership)
    services.boundary_acknowledge(boundary=hour, actor=jonah)
    services.boundary_propose(
        boundary=hour,
        actor=jonah,
        text="After work I need half an hour on my own; after that, plans are welcome.",
    )
    services.boundary_accept(boundary=hour, actor=maya)
    services.boundary_draft(
        owner=jonah, text="I do not want my phone read, even in fun.", idem_key=""
    )


def _circle(owner: User, people: list[tuple[str, int | None]]) -> None:
    today = timezone.localdate()
    CirclePerson.objects.bulk_create(
        CirclePerson(
            owner=owner,
            name=name,
            last_connected=None if days is None else today - timedelta(days=days),
        )
        for name, days in people
    )


def _sam(sam: User, rng: np.random.Generator) -> None:
    choir = _goal(sam, None, "Sing in the community choir", 10)
    _notes(choir, [sam], 2, ("Rehearsal: the alto line finally made sense.",))
    _goal(sam, None, "One evening a week just for me", 6)
    CheckIn.objects.bulk_create(
        _checkin(sam, week, 0.4 * n / WEEKS - 0.8, rng, need="Time to myself on Friday.")
        for n, week in enumerate(_weeks()[-10:])
    )
    _circle(sam, [("Aunt Rosa", 45), ("Lee from the choir", 33)])


def demo_together(people: object) -> None:
    maya, jonah, sam = (getattr(people, name) for name in ("maya", "jonah", "sam"))
    if Goal.objects.filter(owner=maya).exists():
        return
    rng = np.random.default_rng(5)
    active = access_active_partnership(maya)
    if active is not None and active.partner == jonah:
        partnership = active.partnership
        _checkins(maya, jonah, partnership, rng)
        _goals(maya, jonah, partnership)
        _commitments(maya, jonah, partnership)
        _bids(maya, jonah, partnership)
        _boundaries(maya, jonah, partnership)
    _circle(maya, [("Priya", 9), ("My sister Ana", 20)])
    _circle(jonah, [("Tom from climbing", 40), ("Dad", 12)])
    _sam(sam, rng)
