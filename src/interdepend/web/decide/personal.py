"""Decide together's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

The export holds the person's own ratings and, so they read sensibly, the decisions they rated
(title and options), except in a partnership that has ended: a decision records no author, so
its title and options may be the former partner's words, and the download follows the pages,
which show none of it (the export audit of 2026-12-02): its title is left empty and its options
are numbered, beside the person's own ratings. A decision belongs to the partnership, not to
one person: on erasure one in the current partnership that the partner has rated stays (they
took part in it; their ratings are theirs); one nobody else rated goes; every decision of a
partnership that has ended goes, with both people's ratings, since either may have written it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.exportrows import Row, Tables, tables_of
from interdepend.web.partners.access import partnerships_of


def export(user: User) -> Tables:
    current = partnerships_of(user).current
    tables = tables_of(
        Decision.objects.filter(ratings__user=user).distinct(),
        Rating.objects.filter(user=user),
        exclude=("form_token",),
    )
    rated = Decision.objects.filter(ratings__user=user)
    if current is not None:
        rated = rated.exclude(partnership_id=current)
    ended = set(rated.values_list("public_id", flat=True))
    tables["decide_decision"] = [
        {**row, "title": "", "options": _numbered(row["options"])}
        if str(row["id"]) in ended
        else row
        for row in tables["decide_decision"]
    ]
    tables["decide_rating_options"] = _ratings_by_option(user, ended)
    return tables


def _numbered(options: object) -> list[str]:
    """Options in place of their words: "option 1", "option 2"..."""
    count = len(options) if isinstance(options, list) else 0
    return [f"option {n + 1}" for n in range(count)]


def _ratings_by_option(user: User, ended: set[str]) -> list[Row]:
    """Each rating beside the option it rates (the ratings' table holds them as lists in the
    options' order: the data audit); in an ended partnership, beside the option's number."""
    found = Rating.objects.filter(user=user).select_related("decision").order_by("pk")
    rows: list[Row] = []
    for rating in found:
        decision = rating.decision
        hidden = decision.public_id in ended
        for n, option in enumerate(decision.options):
            rows.append(
                {
                    "decision": decision.public_id,
                    "title": "" if hidden else decision.title,
                    "option": f"option {n + 1}" if hidden else option,
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
