"""Decide together's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

The export holds the person's own ratings and, so they read sensibly, the decisions they rated
(title and options), in the current partnership only: once a partnership has ended its
decisions leave the download as they leave the pages (:func:`export`). A decision belongs to
the partnership, not to one person: on erasure one in the current partnership that the partner
has rated stays (they took part in it; their ratings are theirs); one nobody else rated goes;
every decision of a partnership that has ended goes, with both people's ratings, since either
may have written it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.exportrows import Table, Tables, tables_of
from interdepend.web.partners.access import partnerships_of


def export(user: User) -> Tables:
    """The person's ratings and the decisions they rated, in the current partnership only. A
    decision of an ended partnership goes, with both people's ratings, at either one's
    erasure; kept in the download until then, its leaving told an ex that she had deleted her
    account (the ex audit of 2026-12-02). It leaves when the partnership ends, as it leaves the
    pages, and a decision records no author, so its words may be hers (the export audit)."""
    current = partnerships_of(user).current
    if current is None:
        decisions, ratings = Decision.objects.none(), Rating.objects.none()
    else:
        decisions = Decision.objects.filter(ratings__user=user, partnership_id=current).distinct()
        ratings = Rating.objects.filter(user=user, decision__partnership_id=current)
    tables = tables_of(decisions, ratings, exclude=("form_token",))
    tables["decide_rating_options"] = _ratings_by_option(ratings)
    return tables


#: A rating beside the option it rates, a row each.
OPTION_COLUMNS = ("decision", "title", "option", "for_you_1_to_7", "for_your_partner_1_to_7")


def _ratings_by_option(ratings: QuerySet[Rating]) -> Table:
    """Each rating beside the option it rates (the ratings' table holds them as lists in the
    options' order: the data audit)."""
    rows = Table(columns=OPTION_COLUMNS)
    for rating in ratings.select_related("decision").order_by("pk"):
        decision = rating.decision
        for n, option in enumerate(decision.options):
            rows.append(
                {
                    "decision": decision.public_id,
                    "title": decision.title,
                    "option": option,
                    "for_you_1_to_7": _nth(rating.for_self, n),
                    "for_your_partner_1_to_7": _nth(rating.for_partner, n),
                }
            )
    return rows


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
