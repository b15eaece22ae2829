"""The two writes no app offered yet; every other button calls the owning app's service."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from interdepend.web.accounts.models import User, UserSession
from interdepend.web.datarights.safetycheck.selectors import session_token
from interdepend.web.together.models import CheckIn
from interdepend.web.together.services import checkin_save


@transaction.atomic
def session_end_one(*, user: User, token: str, keep_session_key: str | None) -> bool:
    """Sign the person out of one other session, named by its token. Never the current one."""
    rows = UserSession.objects.filter(user=user).exclude(session_key=keep_session_key)
    for key in rows.values_list("session_key", flat=True):
        if token and session_token(key) == token:
            UserSession.objects.filter(user=user, session_key=key).delete()
            return True
    return False


@transaction.atomic
def checkin_unshare(*, owner: User, week: date) -> bool:
    """Make the person's check-in of that week private again, through the check-in service."""
    found = CheckIn.objects.filter(owner=owner, week=week, shared=True).first()
    if found is None:
        return False
    checkin_save(
        owner=owner,
        week=week,
        values=found.values(),
        need=found.need,
        shared=False,
        partnership=None,
    )
    return True


@transaction.atomic
def checkins_unshare_all(*, owner: User) -> int:
    """Make every shared check-in of the person private again; returns how many."""
    weeks = list(CheckIn.objects.filter(owner=owner, shared=True).values_list("week", flat=True))
    return sum(checkin_unshare(owner=owner, week=week) for week in weeks)
