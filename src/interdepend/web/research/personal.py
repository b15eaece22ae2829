"""Research consent's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`). The safety reset withdraws a given consent: the
reset takes back every "yes" the person has said, and giving it again is one click."""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import Tables, tables_of
from interdepend.web.research.models import ResearchConsent
from interdepend.web.research.services import consent_set


def export(user: User) -> Tables:
    return tables_of(ResearchConsent.objects.filter(user=user))


def unshare_all(user: User) -> int:
    if not ResearchConsent.objects.filter(user=user, is_given=True).exists():
        return 0
    consent_set(user=user, given=False)
    return 1


def erase(user: User) -> None:
    """The consent row goes with the account."""
