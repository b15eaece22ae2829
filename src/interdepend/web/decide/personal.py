"""Decide together's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

A decision's title and options are the words of the person who named it (``Decision.author``),
so the decision is theirs (the data-rights audit of 2026-12-03):

- the export holds every decision the person named, in any partnership, ended or not, whether
  anyone rated it or not, with their own ratings of it; and, while the partnership lasts, the
  decisions the partner named that the person rated, with those ratings, so they read
  sensibly. Once a partnership has ended, the partner's decisions (and the person's ratings of
  them) leave the download, as they leave the pages: they go with the partner's erasure, so
  keeping them until then would tell the person of it (the ex audit of 2026-12-02). The
  person's ratings of them stay in it all the same, as the copies made at the end
  (``together_keptwords``, kind ``rating``: :mod:`.kept`), which the partner's erasure does
  not touch;
- erasure removes every decision the person named, with everyone's ratings of it, in the
  current partnership too: her words do not outlive her. A decision the partner named stays
  theirs, with their ratings, and only the person's ratings of it go. A decision named before
  authors were recorded has none, so it goes with either one's erasure (its words may be hers).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.exportrows import Table, Tables, days_of, rows, table
from interdepend.web.partners.access import partnerships_of


def _in_download(user: User) -> Q:
    """Decisions in the person's download: those they named; while the partnership lasts,
    those of it they rated."""
    current = partnerships_of(user).current
    named = Q(author=user)
    if current is None:
        return named
    return named | Q(partnership_id=current, ratings__user=user)


def export(user: User) -> Tables:
    """The decisions the person named and their ratings of them; in the current partnership,
    the decisions they rated too (:func:`_in_download`)."""
    decisions = Decision.objects.filter(_in_download(user)).distinct()
    ratings = Rating.objects.filter(user=user, decision__in=decisions.values("pk"))
    found = rows(decisions, exclude=("form_token",))
    named = set(decisions.filter(author=user).values_list("public_id", flat=True))
    return {
        table(Decision): Table(
            (
                # A decision the partner named: the moment is theirs, so its day, as the page.
                {**row, "you_named_it": True}
                if row["id"] in named
                else {**days_of(row, "created_at"), "you_named_it": False}
                for row in found
            ),
            (*found.columns, "you_named_it"),
        ),
        table(Rating): rows(ratings),
        "decide_rating_options": _ratings_by_option(ratings),
    }


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
    """The decisions the person named go, with every rating of them; so do those of their
    partnerships that record no author. Their ratings of the partner's decisions go with the
    account. In the current partnership, which the erasure ends after this, they go only once
    the partner's ratings of them are kept for the partner (:mod:`.kept`): her own by the
    cascade of ``author``, those with no author at the end. Deleted here, they took his ratings
    with them first, and his download then differed from the one a leave gives (the download
    audit of 2026-12-05)."""
    ended = partnerships_of(user).ended
    Decision.objects.filter(Q(author=user) | Q(author__isnull=True), partnership__in=ended).delete()
