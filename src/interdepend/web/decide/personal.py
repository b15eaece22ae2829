"""Decide together's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

The export holds the person's own ratings and, so they read sensibly, the decisions they rated
(title and options). A decision belongs to the partnership, not to one person, and records no
author: on erasure one in the current partnership that the partner has rated stays (they took
part in it; their ratings are theirs); one nobody else rated goes; every decision of a
partnership that has ended goes, with both people's ratings, since either may have written it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.exportrows import Row, Tables, tables_of
from interdepend.web.partners.access import partnerships_of


def export(user: User) -> Tables:
    tables = tables_of(
        Decision.objects.filter(ratings__user=user).distinct(),
        Rating.objects.filter(user=user),
        exclude=("form_token",),
    )
    tables["decide_rating_options"] = _ratings_by_option(user)
    return tables


def _ratings_by_option(user: User) -> list[Row]:
    """Each rating beside the option it rates (the ratings' table holds them as lists in the
    options' order: the data audit)."""
    found = Rating.objects.filter(user=user).select_related("decision").order_by("pk")
    return [
        {
            "decision": rating.decision.public_id,
            "title": rating.decision.title,
            "option": option,
            "for_you_1_to_7": _nth(rating.for_self, n),
            "for_your_partner_1_to_7": _nth(rating.for_partner, n),
        }
        for rating in found
        for n, option in enumerate(rating.decision.options)
    ]


def _nth(values: object, n: int) -> object:
    return values[n] if isinstance(values, list) and n < len(values) else None


def unshare_all(user: User) -> int:
    """Ratings are never shown as such; leaving the partnership closes the combined view."""
    return 0


def erase(user: User) -> None:
    partnerships = partnerships_of(user)
    Decision.objects.filter(partnership__in=partnerships.ended).delete()
    if partnerships.current is None:
        return
    rated_by_others = Rating.objects.filter(decision=OuterRef("pk")).exclude(user=user)
    Decision.objects.filter(partnership_id=partnerships.current).exclude(
        Exists(rated_by_others)
    ).delete()
