"""Weekly check-in reminders: opt-in, once a week at most, and content-free.

``interdepend remind`` (run hourly by cron or a timer) calls :func:`reminders_send`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import User
from interdepend.web.accounts.zones import zone_of
from interdepend.web.frame.mailing import hand_over
from interdepend.web.frame.prepared import Prepared
from interdepend.web.together.models import CheckIn, Reminder

SUBJECT = gettext_noop("A gentle nudge from Interdepend")
BODY = gettext_noop(
    "A new week has started. If you would like to, your weekly check-in is ready whenever you "
    "are.\n\nYou asked for this reminder; you can turn it off on your check-in page at any time."
)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@transaction.atomic
def reminder_set(*, user: User, on: bool) -> Reminder:
    row, _created = Reminder.objects.update_or_create(owner=user, defaults={"weekly_checkin": on})
    return row


def reminder_is_on(user: User) -> bool:
    return bool(_ON(user_id=user.pk))


_ON = Prepared(
    lambda user_id: Reminder.objects.filter(owner_id=user_id, weekly_checkin=True).values_list(
        "pk", flat=True
    )[:1]
)


#: The hour of a person's Monday from which their reminder for the new week may go.
REMINDER_HOUR = 9


def reminders_due(
    today: date | None = None, now: datetime | None = None
) -> list[tuple[Reminder, date]]:
    """Each reminder due, with the week it is for: the person's own week, from their time zone
    at ``now``, once their Monday has reached ``REMINDER_HOUR`` (or the week of ``today`` for
    everyone, when given). Run hourly, each person's comes at about 09:00 on their Monday."""
    moment = now or timezone.now()
    candidates = []
    for reminder in (
        Reminder.objects.filter(weekly_checkin=True, owner__is_active=True)
        .select_related("owner")
        .order_by("pk")
    ):
        if today is not None:
            candidates.append((reminder, monday(today)))
            continue
        local = timezone.localtime(moment, zone_of(reminder.owner))
        if local.weekday() == 0 and local.hour < REMINDER_HOUR:
            continue  # her Monday has begun but is too young: a later run sends it
        candidates.append((reminder, monday(local.date())))
    weeks = {week for _reminder, week in candidates}
    done = set(CheckIn.objects.filter(week__in=weeks).values_list("owner_id", "week"))
    return [
        (reminder, week)
        for reminder, week in candidates
        if reminder.last_sent_week != week and (reminder.owner_id, week) not in done
    ]


def reminders_send(today: date | None = None, now: datetime | None = None) -> int:
    """Send each due reminder once in the person's week. Returns how many were sent.

    Safe to run on every machine at once: each reminder is claimed with its row locked
    (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a second sender passes a row the
    first holds; SQLite's write lock, taken when the transaction begins, puts them one after
    the other) and sent only if this week's is not marked yet. The mark and the message share
    the transaction: a message that could not be handed over is tried again on the next run.
    """
    sent = 0
    for reminder, week in reminders_due(today, now):
        with transaction.atomic():
            claimed = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(pk=reminder.pk)
                .exclude(last_sent_week=week)
                .first()
            )
            if claimed is None:
                continue  # another sender has it, or sent it already
            with translation.override(language_of(reminder.owner)):
                subject, body = _(SUBJECT), _(BODY)
            if not hand_over(subject, body, reminder.owner.email):
                continue  # not marked: tried again on the next run; the others still go
            claimed.last_sent_week = week
            claimed.save(update_fields=["last_sent_week"])
            sent += 1
    return sent
