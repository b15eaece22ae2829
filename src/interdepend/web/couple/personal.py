"""The couple view's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

The export holds the person's reveals and their own partner-perception answers; never the
partner's answers about them. Un-sharing takes back every reveal, in every partnership, so the
couple view closes; it looks to the partner exactly like "not shared yet".
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.couple.models import Perception, Reveal
from interdepend.web.frame.exportrows import Tables, tables_of


def export(user: User) -> Tables:
    return tables_of(Reveal.objects.filter(user=user), Perception.objects.filter(rater=user))


def unshare_all(user: User) -> int:
    deleted, _ = Reveal.objects.filter(user=user).delete()
    return deleted


def erase(user: User) -> None:
    """Reveals and perceptions go with the account; the partner's own perception stays theirs."""
