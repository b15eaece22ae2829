"""Writes for decisions: atomic, keyword-only, and silent towards the partner."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    RATING_MAX,
    RATING_MIN,
    Decision,
    Rating,
)
from interdepend.web.partners.models import Partnership
from interdepend.web.partners.services import hold_partnership


class DecisionInputError(Exception):
    """Ratings or options that do not fit the decision; nothing was saved."""


#: How many decisions one partner may have named in a partnership that are not yet rated by
#: both. Each waits in the other's list and count of things waiting, in its author's words,
#: until she rates it: with no cap, a partner could fill her home page with hundreds (a bid has
#: had its cap, ``together.services.BIDS_WAITING_MAX``, for the same reason).
DECISIONS_OPEN_MAX = 10


class TooManyOpen(Exception):
    """The author has :data:`DECISIONS_OPEN_MAX` decisions not yet rated by both already."""


def decisions_open(*, author: User, partnership: Partnership) -> int:
    """How many of ``author``'s decisions in the partnership are not yet rated by both. Counted
    whoever has not rated: one the author has not rated counts whether or not the partner has,
    so the count tells him nothing his own pages do not (they say whether both have rated only
    once he has)."""
    return (
        Decision.objects.filter(partnership=partnership, author=author)
        .annotate(rated=Count("ratings"))
        .filter(rated__lt=2)
        .count()
    )


@transaction.atomic
def decision_create(
    *, partnership: Partnership, author: User, title: str, options: list[str], token: str
) -> Decision:
    """Name a decision (``author`` named it: its words are theirs); posting the same form
    twice returns the first decision. :class:`TooManyOpen` when :data:`DECISIONS_OPEN_MAX` of
    the author's decisions are not yet rated by both."""
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise DecisionInputError("a decision has two to eight options")
    hold_partnership(partnership_id=partnership.pk)  # ended on the way: PartnershipEnded
    existing = Decision.objects.filter(partnership=partnership, form_token=token).first()
    if existing is not None:
        return existing
    if decisions_open(author=author, partnership=partnership) >= DECISIONS_OPEN_MAX:
        raise TooManyOpen
    try:
        with transaction.atomic():
            return Decision.objects.create(
                partnership=partnership,
                author=author,
                title=title,
                options=options,
                form_token=token,
            )
    except IntegrityError:
        return Decision.objects.get(partnership=partnership, form_token=token)


def _check(values: list[int], count: int) -> list[int]:
    if len(values) != count or not all(RATING_MIN <= int(v) <= RATING_MAX for v in values):
        raise DecisionInputError("one rating from 1 to 7 for each option")
    return [int(v) for v in values]


@transaction.atomic
def rating_save(
    *, decision: Decision, user: User, for_self: list[int], for_partner: list[int]
) -> tuple[Rating, bool]:
    """Keep a person's ratings once; a repeated post keeps the first. Returns (row, created).
    Raises :class:`PartnershipEnded` when the couple's partnership ended on the way."""
    hold_partnership(partnership_id=decision.partnership_id)
    count = len(decision.options)
    for_self, for_partner = _check(for_self, count), _check(for_partner, count)
    existing = Rating.objects.filter(decision=decision, user=user).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = Rating.objects.create(
                decision=decision, user=user, for_self=for_self, for_partner=for_partner
            )
    except IntegrityError:
        return Rating.objects.get(decision=decision, user=user), False
    return row, True
