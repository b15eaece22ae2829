"""Weekly check-in reminders: opt-in, once a week at most, and content-free.

``interdepend remind`` (run hourly by cron or a timer) calls :func:`reminders_send`. Each
person's goes on their own Monday, in the daytime of their time zone. Like every message to a
person it comes from the plain name ("Notes") and never names the app (``accounts.accountmail``);
with the plain home-screen look it is as plain as that look's notifications (accounts/push.py
``words_for``): words that name neither the app nor what it is for.

Turning it on asks for no password, unlike notifications: it goes only to her own address,
never to a device someone else could hold. Whoever could turn it on, holding her signed-in
phone, knows already that she uses the app; and what it says (nothing) and when (Monday
mornings, unless she already checked in that week) tell him nothing of what she does. She sees
the choice on her check-in page and turns it off there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from interdepend.web.accounts.accountmail import sender
from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import HomeScreenLook, PushChoice, User
from interdepend.web.accounts.zones import zone_of
from interdepend.web.frame.allatonce import all_at_once
from interdepend.web.frame.mailing import hand_over
from interdepend.web.together.models import CheckIn, Reminder

SUBJECT = gettext_noop("A gentle nudge for the new week")
BODY = gettext_noop(
    "A new week has started. If you would like to, your weekly check-in is ready whenever you "
    "are.\n\nYou asked for this reminder; you can turn it off on your check-in page at any time."
)
#: With the plain look: no app name, no check-in, nothing that says what it is about.
PLAIN_SUBJECT = gettext_noop("A weekly reminder")
PLAIN_BODY = gettext_noop(
    "This is the weekly reminder you asked for.\n\nYou can turn it off where you turned it on, "
    "at any time."
)


@dataclass(frozen=True)
class Letter:
    """One reminder as it is sent: who it says it is from, its subject and its words."""

    sender: str
    subject: str
    body: str


def letter_for(user: User) -> Letter:
    """The reminder in the person's language and look (call it with her language active)."""
    # The plain name as the sender's whatever her look (it was the app's own until the phone
    # audit); the address is the site's.
    if user.home_screen_look != HomeScreenLook.NEUTRAL:
        return Letter(sender(), _(SUBJECT), _(BODY))
    return Letter(sender(), _(PLAIN_SUBJECT), _(PLAIN_BODY))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@transaction.atomic
def reminder_set(*, user: User, on: bool) -> Reminder:
    row, _created = Reminder.objects.update_or_create(owner=user, defaults={"weekly_checkin": on})
    return row


def reminder_is_on(user: User) -> bool:
    """Whether her weekly reminder is on. Built by the ORM on each call: the check-in page reads
    it with her weeks (``together.access.weeks_and_reminder``), so only turning it on and
    changing her time zone read it here, and it is not a prepared read that no page makes
    (``tests/web/test_prepared.py``)."""
    return Reminder.objects.filter(owner_id=user.pk, weekly_checkin=True).exists()


#: The hours of a person's Monday in which their reminder for the new week may go: from 09:00
#: until 21:00, and never in the quiet hours she chose for notifications (the reminder went at
#: 09:00 into quiet hours of 08:00-12:00 until the re-audit of 2026-12-03, L6). Never in her
#: night, never for a week that is ending, once a week. A week whose Monday had no run in those
#: hours (the timer stopped, or her quiet hours cover them all) has none: a late nudge about a
#: new week is worth less than a quiet inbox.
REMINDER_HOUR = 9
REMINDER_UNTIL = 21


def in_reminder_hours(local: datetime, choice: PushChoice | None = None) -> bool:
    """Whether ``local`` (her own clock) is in her Monday's reminder hours, outside the quiet
    hours of her notification ``choice`` if she made one."""
    if choice is not None and choice.is_quiet(local.hour):
        return False
    return local.weekday() == 0 and REMINDER_HOUR <= local.hour < REMINDER_UNTIL


def reminders_due(
    today: date | None = None, now: datetime | None = None
) -> list[tuple[Reminder, date]]:
    """Each reminder due, with the week it is for: the person's own week, from their time zone
    at ``now``, while it is their Monday between ``REMINDER_HOUR`` and ``REMINDER_UNTIL`` (or
    the week of ``today`` for everyone, when given). Run hourly, each person's comes at about
    09:00 on their Monday; turned on later in the week, the first comes the next Monday."""
    moment = now or timezone.now()
    candidates = []
    turned_on = list(
        Reminder.objects.filter(weekly_checkin=True, owner__is_active=True)
        .select_related("owner")
        .order_by("pk")
    )
    owners = [reminder.owner_id for reminder in turned_on]
    quiet = {} if today is not None else PushChoice.objects.in_bulk(owners, field_name="user_id")
    for reminder in turned_on:
        if today is not None:
            candidates.append((reminder, monday(today)))
            continue
        local = timezone.localtime(moment, zone_of(reminder.owner))
        if not in_reminder_hours(local, quiet.get(reminder.owner_id)):
            continue  # not her Monday's daytime: a run then sends it (before: any hour at all)
        candidates.append((reminder, monday(local.date())))
    weeks = {week for _reminder, week in candidates}
    done = set(CheckIn.objects.filter(week__in=weeks).values_list("owner_id", "week"))
    return [
        (reminder, week)
        for reminder, week in candidates
        if reminder.last_sent_week != week and (reminder.owner_id, week) not in done
    ]


#: How many reminders of a run are handed to the mail server at once (:func:`reminders_send`).
SENDING_AT_ONCE = 8


@dataclass(frozen=True)
class _Claimed:
    """A reminder this run marked as sent for ``week``, with the mark it had before."""

    pk: int
    week: date
    before: date | None
    letter: Letter
    to: str


def reminders_send(today: date | None = None, now: datetime | None = None) -> int:
    """Send each due reminder once in the person's week. Returns how many were sent.

    Safe to run on every machine at once: each reminder is claimed with its row locked
    (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a second sender passes a row the
    first holds; SQLite's write lock, taken when the transaction begins, puts them one after
    the other) and marked for this week, and only the sender that marked it sends it.

    Every reminder of the run is claimed first; then all are handed to the mail server at
    once, in no fixed order. One after the other, in the order people turned them on, his
    waited for hers whenever hers went in the same run: the moment his came (its ``Date``)
    told him she has reminders on and had not checked in that week (the side-channel audit of
    2026-12-04). A message that could not be handed over gets its old mark back, and is tried
    again on the next run; a run stopped between the two steps sends that week's no more.
    """
    claimed: list[_Claimed] = []
    for reminder, week in reminders_due(today, now):
        with transaction.atomic():
            row = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(pk=reminder.pk)
                .exclude(last_sent_week=week)
                .first()
            )
            if row is None:
                continue  # another sender has it, or sent it already
            before, row.last_sent_week = row.last_sent_week, week
            row.save(update_fields=["last_sent_week"])
        with translation.override(language_of(reminder.owner)):
            letter = letter_for(reminder.owner)
        claimed.append(_Claimed(row.pk, week, before, letter, reminder.owner.email))
    handed = all_at_once(claimed, _hand_over, SENDING_AT_ONCE)
    for one, went in zip(claimed, handed, strict=True):
        if not went:  # tried again on the next run; the others still went
            Reminder.objects.filter(pk=one.pk, last_sent_week=one.week).update(
                last_sent_week=one.before
            )
    return sum(handed)


def _hand_over(one: _Claimed) -> bool:
    return hand_over(one.letter.subject, one.letter.body, one.to, one.letter.sender)
