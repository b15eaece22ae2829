"""Demo answers: believable inventory results for the demo people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import timedelta

from django.utils import timezone

from interdepend.core.instrument import Instrument
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors, services
from interdepend.web.assessment.models import Attempt


def profile_answers(
    instrument: Instrument, levels: Mapping[str, int], facets: Mapping[str, int] | None = None
) -> dict[str, int | None]:
    """Answers for a profile: how much each scale (or facet) applies, 1-7, with some wobble."""
    facets = facets or {}
    out: dict[str, int | None] = {}
    for n, item in enumerate(instrument.items):
        level = facets.get(item.facet_id, levels[item.scale_id])
        level = min(7, max(1, level + (0, 1, -1, 0, 1)[n % 5]))
        out[item.id] = 8 - level if item.reverse else level
    return out


def sample_person(pk: int, name: str) -> User:
    """A made-up person held in memory only, never saved, for the worker's warm-up reports
    (``frame.warmup``). Her id is below zero, which no row has: a read made by mistake finds
    nobody's data."""
    return User(pk=pk, display_name=name)


def sample_attempt(
    user: User,
    levels: Mapping[str, int],
    facets: Mapping[str, int] | None = None,
    *,
    finished: dt.date,
) -> Attempt:
    """A finished take of the newest inventory, in the page's language, held in memory only
    (never saved): :func:`profile_answers` for these levels, finished at noon on ``finished``."""
    instrument = selectors.inventory()
    return Attempt(
        user=user,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        language=instrument.language,
        language_version=instrument.language_version,
        item_order=list(instrument.item_ids),
        answers=profile_answers(instrument, levels, facets),
        completed_at=dt.datetime.combine(finished, dt.time(12), tzinfo=dt.UTC),
    )


def complete_attempt(
    user: User,
    answers: Mapping[str, int | None],
    *,
    days_ago: int,
    seed: int,
    instrument: Instrument | None = None,
) -> Attempt:
    """A finished attempt with these answers, dated ``days_ago`` (the newest version unless
    another is given)."""
    instrument = instrument or selectors.inventory()
    attempt = services.attempt_start(user=user, instrument=instrument, seed=seed)
    attempt = services.attempt_save_answers(
        attempt=attempt,
        instrument=instrument,
        page_items=list(instrument.item_ids),
        answers=answers,
    )
    screen = selectors.safety_screen()
    attempt = services.attempt_finish(
        attempt=attempt,
        instrument=instrument,
        screen=screen,
        screen_answers=dict.fromkeys(screen.item_ids, screen.response_scale.min),
    )
    when = timezone.now() - timedelta(days=days_ago)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=when, completed_at=when, updated_at=when
    )
    attempt.refresh_from_db()
    return attempt


def demo_assessments(people: object) -> None:
    """Maya took it twice (growing toward interdependence; her first take was on version 1),
    Jonah leans distant, Sam toward merging."""
    maya, jonah, sam = (getattr(people, name) for name in ("maya", "jonah", "sam"))
    if Attempt.objects.filter(user__in=[maya, jonah, sam]).exists():
        return
    inv = selectors.inventory()
    first = selectors.inventory("interdependence_inventory_v1")
    earlier = {"self": 4, "bond": 6, "enmeshment": 5, "distance": 2}
    complete_attempt(
        maya,
        profile_answers(first, earlier, {"own_life": 3}),
        days_ago=90,
        seed=1,
        instrument=first,
    )
    now = {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2}
    complete_attempt(maya, profile_answers(inv, now, {"boundaries": 5}), days_ago=6, seed=2)
    jonah_levels = {"self": 6, "bond": 4, "enmeshment": 2, "distance": 5}
    complete_attempt(
        jonah, profile_answers(inv, jonah_levels, {"hidden_inner_world": 6}), days_ago=5, seed=3
    )
    sam_levels = {"self": 3, "bond": 5, "enmeshment": 6, "distance": 2}
    complete_attempt(
        sam, profile_answers(inv, sam_levels, {"giving_way": 7, "own_life": 2}), days_ago=12, seed=4
    )
