"""The only ways assessment data is read: always the requesting person's own."""

from __future__ import annotations

from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt


def access_own_attempt(user: User, attempt_id: str) -> Attempt:
    try:
        return Attempt.objects.get(public_id=attempt_id, user=user)
    except Attempt.DoesNotExist:
        raise Http404 from None


def own_attempts(user: User, instrument_ids: str | tuple[str, ...]) -> list[Attempt]:
    """Every attempt of one instrument (or of its versions) by this person, newest first."""
    ids = (instrument_ids,) if isinstance(instrument_ids, str) else instrument_ids
    return list(Attempt.objects.filter(user=user, instrument_id__in=ids).order_by("-started_at"))


def own_attempt_dates(user: User, instrument_ids: tuple[str, ...]) -> list[Attempt]:
    """The same attempts with only what a list of them shows (which take, its instrument, when
    it began and ended): their answers and scores are not read."""
    return list(
        Attempt.objects.filter(user=user, instrument_id__in=instrument_ids)
        .order_by("-started_at")
        .only("public_id", "instrument_id", "started_at", "completed_at")
    )
