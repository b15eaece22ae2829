"""Weekly check-in reminders: opt-in, once a week at most, and content-free.

``interdepend remind`` (run weekly by cron or a timer) calls :func:`reminders_send`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import User
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


def reminders_due(today: date) -> list[Reminder]:
    week = monday(today)
    done = CheckIn.objects.filter(week=week).values("owner_id")
    return list(
        Reminder.objects.filter(weekly_checkin=True, owner__is_active=True)
        .exclude(last_sent_week=week)
        .exclude(owner_id__in=done)
        .select_related("owner")
    )


def reminders_send(today: date | None = None) -> int:
    """Send each due reminder once this week. Returns how many were sent.

    Safe to run on every machine at once: each reminder is claimed with its row locked
    (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a second sender passes a row the
    first holds; SQLite's write lock, taken when the transaction begins, puts them one after
    the other) and sent only if this week's is not marked yet. The mark and the message share
    the transaction: a message that could not be handed over is tried again on the next run.
    """
    today = today or timezone.localdate()
    week = monday(today)
    sent = 0
    for reminder in reminders_due(today):
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
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.owner.email])
            claimed.last_sent_week = week
            claimed.save(update_fields=["last_sent_week"])
            sent += 1
    return sent
