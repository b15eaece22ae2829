"""The assessment's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`): every take of an instrument, answers included.
Answers are never shared as such (a result is revealed through the couple view), and a take
goes with its person."""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame.exportrows import Tables, tables_of


def export(user: User) -> Tables:
    return tables_of(Attempt.objects.filter(user=user))


def unshare_all(user: User) -> int:
    return 0


def erase(user: User) -> None:
    """The account's deletion removes every take (and the reveals that point at them)."""
