"""Writes for the couple view: reveal a result, fill in the partner-perception form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from interdepend.core.instrument import Instrument
from interdepend.web.accounts.models import User
from interdepend.web.assessment.answers import checked_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.models import Perception, Reveal
from interdepend.web.frame import versions
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.partners.services import hold_partnership


class RevealRefused(Exception):
    """The message is safe to show the person; nothing was written."""


@transaction.atomic
def reveal_create(*, user: User, active: ActivePartnership, attempt: Attempt) -> Reveal:
    if attempt.user_id != user.pk or not attempt.is_complete:
        raise RevealRefused("Only a finished result of your own can be shared.")
    hold_partnership(partnership_id=active.partnership.pk)  # ended on the way: PartnershipEnded
    existing = Reveal.objects.filter(partnership=active.partnership, attempt=attempt).first()
    if existing is not None:
        return existing
    return Reveal.objects.create(partnership=active.partnership, user=user, attempt=attempt)


@transaction.atomic
def reveal_withdraw(*, user: User, active: ActivePartnership) -> int:
    """Take back every reveal of this person in this partnership; the view closes for both."""
    deleted, _ = Reveal.objects.filter(partnership=active.partnership, user=user).delete()
    return deleted


@dataclass(frozen=True)
class Withdrawn:
    result: int
    entries: int
    checkins: int


@transaction.atomic
def sharing_withdraw(
    *, user: User, active: ActivePartnership | None, result: bool, entries: bool, checkins: bool
) -> Withdrawn:
    """Stop sharing what the person chose, each through the very write of its own "stop sharing"
    (the couple view's, a journal entry's, the weekly check-in form's), so the partner sees
    exactly what any ordinary withdrawal shows. Nothing is sent to anyone."""
    return Withdrawn(
        result=reveal_withdraw(user=user, active=active) if result and active else 0,
        entries=_entries_unshare(user) if entries else 0,
        checkins=_checkins_unshare(user) if checkins else 0,
    )


def _entries_unshare(user: User) -> int:
    from interdepend.web.journal.models import Entry
    from interdepend.web.journal.services import entry_share_with_partner

    found = list(Entry.objects.filter(owner=user, shared_with_partner=True).defer("body"))
    for entry in found:
        entry_share_with_partner(entry=entry, active=None)
    return len(found)


def _checkins_unshare(user: User) -> int:
    from interdepend.web.together.models import CheckIn
    from interdepend.web.together.services import checkin_save

    found = list(CheckIn.objects.filter(owner=user, shared=True))
    for row in found:
        checkin_save(
            owner=user,
            week=row.week,
            values=row.values(),
            need=row.need,
            shared=False,
            partnership=None,
        )
    return len(found)


@transaction.atomic
def perception_save(
    *,
    user: User,
    active: ActivePartnership,
    form: Instrument,
    answers: Mapping[str, int | None],
    seen: str | None = None,
) -> Perception:
    """Her answers on how she sees her partner, made or replaced. ``seen``: the mark of the
    answers the page was opened on (:mod:`interdepend.web.frame.versions`); when others were
    saved since, :class:`~interdepend.web.frame.versions.Changed` and nothing is written."""
    hold_partnership(partnership_id=active.partnership.pk)  # ended on the way: PartnershipEnded
    if seen is not None:
        now = (
            Perception.objects.select_for_update()
            .filter(partnership=active.partnership, rater=user)
            .values_list("updated_at", flat=True)
            .first()
        )
        versions.expect(now, seen)
    checked = checked_answers(form, form.item_ids, answers)
    given = {k: v for k, v in checked.items() if v is not None}
    row, _ = Perception.objects.update_or_create(
        partnership=active.partnership,
        rater=user,
        defaults={"answers": given, "updated_at": timezone.now()},
    )
    return row
