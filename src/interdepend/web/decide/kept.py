"""A person's ratings of the decisions the other person named, kept for her download when the
partnership ends (the download audit of 2026-12-05).

A decision is the words of the person who named it, and it goes with that person's erasure,
every rating of it too (:mod:`.personal`). Once the partnership has ended, the other person's
decisions and her ratings of them leave her download, as they leave her pages: kept until the
other's erasure took them away, they would tell her of it. Her ratings are what she did,
though, so at the end, however it ends and whoever ends it, each person's ratings of the
decisions they did not name are copied into rows of their own
(:class:`~interdepend.web.together.models.KeptWords`, kind ``rating``), which only their own
erasure removes: the numbers for themself in ``text`` and for the other in ``detail``, option
by option, and when they rated. Never the decision's title or options, which are the other's
words. A decision that records no author (named before 2026-12-03) may be hers or his, so both
keep their ratings of it, and when an erasure ends the partnership it goes too (:mod:`.personal`
leaves the current partnership's decisions to this receiver, so that the ratings are copied
first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from interdepend.web.decide.models import Decision, Rating
from interdepend.web.partners.services import partnership_ended
from interdepend.web.together.models import KeptWords, KeptWordsKind


def _numbers(values: object) -> str:
    return ", ".join(str(value) for value in values) if isinstance(values, list) else ""


def ratings_keep(*, partnership_id: int, members: Iterable[int], erased: int | None = None) -> int:
    """Copy each member's ratings of the decisions they did not name in the partnership that
    has just ended; returns how many. ``erased``: the member whose erasure ended it (nothing is
    kept for her), and the partnership's decisions with no author go then."""
    now = timezone.now()
    kept: list[KeptWords] = []
    for user_id in members:
        if user_id == erased:
            continue
        theirs = Rating.objects.filter(decision__partnership_id=partnership_id, user_id=user_id)
        mine = Q(decision__author_id=user_id)
        for rating in theirs.exclude(mine).order_by("pk"):
            kept.append(
                KeptWords(
                    owner_id=user_id,
                    partnership_id=partnership_id,
                    kind=KeptWordsKind.RATING,
                    text=_numbers(rating.for_self),
                    detail=_numbers(rating.for_partner),
                    written_at=rating.rated_at,
                    ended_at=now,
                )
            )
    KeptWords.objects.bulk_create(kept)
    if erased is not None:
        Decision.objects.filter(partnership_id=partnership_id, author__isnull=True).delete()
    return len(kept)


def _partnership_ended(
    sender: object,
    *,
    partnership_id: int,
    members: Iterable[int],
    erased: int | None = None,
    **kwargs: Any,
) -> None:
    ratings_keep(partnership_id=partnership_id, members=members, erased=erased)


partnership_ended.connect(_partnership_ended, dispatch_uid="interdepend-decide-ratings-kept")
