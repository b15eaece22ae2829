"""Writes for assessment: start, save a page, save the safety screen, finish, and answer what a
finished take left out. All atomic."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from random import Random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interdepend.core.instrument import Instrument
from interdepend.core.scoring import score_one, screen_one
from interdepend.web.accounts.models import User
from interdepend.web.assessment.answers import AnswerRejected, checked_answers
from interdepend.web.assessment.models import Attempt


@transaction.atomic
def attempt_start(*, user: User, instrument: Instrument, seed: int | None = None) -> Attempt:
    """Resume the person's unfinished attempt, or start one with items in a fresh order."""
    unfinished = (
        Attempt.objects.select_for_update()
        .filter(user=user, instrument_id=instrument.id, completed_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if unfinished is not None:
        return unfinished
    order = list(instrument.item_ids)
    Random(secrets.randbits(64) if seed is None else seed).shuffle(order)
    return Attempt.objects.create(
        user=user,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        language=instrument.language,
        language_version=instrument.language_version,
        item_order=order,
    )


def _merge(stored: dict[str, int], new: Mapping[str, int | None]) -> dict[str, int]:
    merged = dict(stored)
    for item_id, value in new.items():
        if value is None:
            merged.pop(item_id, None)
        else:
            merged[item_id] = value
    return merged


@transaction.atomic
def attempt_save_answers(
    *,
    attempt: Attempt,
    instrument: Instrument,
    page_items: list[str],
    answers: Mapping[str, int | None],
    skipped: Collection[str] = (),
) -> Attempt:
    """Save one page: given answers are stored, cleared ones removed, others untouched; the
    page's statements she chose "Skip" for (``skipped``, unanswered) are remembered as such."""
    checked = checked_answers(instrument, page_items, answers)
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_complete:
        raise AnswerRejected("This questionnaire is already finished. You can take it again.")
    locked.answers = _merge(locked.answers, checked)
    on_page = set(page_items)
    kept = {i for i in locked.skipped if i not in on_page}
    kept |= {i for i in skipped if i in on_page and checked.get(i) is None}
    locked.skipped = [i for i in locked.item_order if i in kept]
    locked.updated_at = timezone.now()
    locked.save(update_fields=["answers", "skipped", "updated_at"])
    return locked


@transaction.atomic
def attempt_save_screen(
    *, attempt: Attempt, screen: Instrument, answers: Mapping[str, int | None]
) -> Attempt:
    """Keep the safety questions' answers of a take not finished yet, when she leaves their
    page to answer more statements: they are there again when she comes back, and nothing is
    judged from them until she finishes (the take is not flagged, skipped or scored here)."""
    checked = checked_answers(screen, screen.item_ids, answers)
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_complete:
        raise AnswerRejected(_("This questionnaire is already finished. You can take it again."))
    locked.screen_answers = {k: v for k, v in checked.items() if v is not None}
    locked.updated_at = timezone.now()
    locked.save(update_fields=["screen_answers", "updated_at"])
    return locked


@transaction.atomic
def attempt_finish(
    *,
    attempt: Attempt,
    instrument: Instrument,
    screen: Instrument,
    screen_answers: Mapping[str, int | None],
    skip_screen: bool = False,
) -> Attempt:
    """Save the safety screen, score the answers and keep a snapshot of the scores.

    The screen comes before the result: it is answered (any number of its questions), or
    skipped by an explicit choice. A page left blank without that choice is turned back.
    """
    checked = checked_answers(screen, screen.item_ids, screen_answers)
    given = {} if skip_screen else {k: v for k, v in checked.items() if v is not None}
    if not given and not skip_screen:
        raise AnswerRejected(
            _(
                "Please answer these questions, or choose to skip them. Either is fine; "
                "we ask so that your result can take your safety into account."
            )
        )
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_complete:
        return locked
    locked.screen_answers = given
    locked.screen_skipped = skip_screen
    locked.screen_flagged = screen_one(screen, given).flagged
    locked.snapshot = _snapshot(instrument, locked.answers)
    locked.completed_at = timezone.now()
    locked.updated_at = locked.completed_at
    locked.save()
    return locked


def _snapshot(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, object]:
    result = score_one(instrument, answers)
    return {
        "scores": {s.scale_id: s.score for s in result.scales},
        "balance": result.balance,
        "dynamic": result.dynamic_id,
        "answered": result.answered,
    }


@transaction.atomic
def attempt_fill_in(
    *,
    attempt: Attempt,
    instrument: Instrument,
    offered: list[str],
    answers: Mapping[str, int | None],
) -> Attempt:
    """Add answers to statements a finished take left out (``offered``: those the page showed)
    and return the filled-in result: a new take, finished now, holding the first one's answers,
    safety answers and order with the new answers added. A finished take is never changed, so
    whatever showed it (a partner she showed it to, a practitioner's earlier read, a PDF) stays
    true; the carry audit saw her partner's view take on answers she never showed him. A
    statement already answered is not changed; with nothing added, the same take is returned."""
    checked = checked_answers(instrument, offered, answers)
    first = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not first.is_complete:
        raise AnswerRejected(_("This take is not finished yet: carry on where you left off."))
    added = {k: v for k, v in checked.items() if v is not None and k not in first.answers}
    if not added:
        return first
    now = timezone.now()
    filled = {**first.answers, **added}
    return Attempt.objects.create(
        user_id=first.user_id,
        instrument_id=first.instrument_id,
        instrument_version=first.instrument_version,
        language=first.language,
        language_version=first.language_version,
        started_at=now,
        updated_at=now,
        completed_at=now,
        item_order=list(first.item_order),
        answers=filled,
        screen_answers=dict(first.screen_answers),
        screen_flagged=first.screen_flagged,
        screen_skipped=first.screen_skipped,
        snapshot=_snapshot(instrument, filled),
    )
