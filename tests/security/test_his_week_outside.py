"""What reaches him outside the app over a week does not depend on what she does in private
(the notify-outside audit of 2026-12-05).

bob has notifications on for what waits for him and for his check-in, a phone subscribed and
the weekly reminder e-mail, and nothing waits for him at the start; alice,
his partner, lives in another time zone. The same week is played twice from the same start:
once she does nothing, once she does something private every day (answers the question for
today, writes in her journal, drafts a boundary, makes a promise of her own, keeps a check-in
to herself, turns notifications on with quiet hours, turns her weekly reminder on, asks for a
reset of her own password). Every quarter of an hour ``interdepend push`` runs, every hour
``interdepend remind``: what he gets (each notification's moment, words and time to live, each
e-mail's moment, sender, subject and words) must be the same in both weeks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import push
from interdepend.web.accounts.models import PushKind, PushSubscription, User
from interdepend.web.daily.access import today_for
from interdepend.web.daily.services import answer_save
from interdepend.web.decide.models import Decision
from interdepend.web.home.selectors import waiting_for
from interdepend.web.journal.services import entry_create
from interdepend.web.notify import sender
from interdepend.web.together import reminders
from interdepend.web.together import services as together
from interdepend.web.together.models import Boundary, CheckIn, Commitment
from interdepend.web.together.selectors import week_start
from tests.conftest import Personas
from tests.web.test_push import Browser

pytestmark = pytest.mark.django_db

#: Where each lives: she nine hours behind him, so that her day and his do not line up.
HIS, HERS = ZoneInfo("Europe/Madrid"), ZoneInfo("America/Santiago")
RUNS_A_DAY = 24 * 4
DAYS = 7

#: What someone got: (moment, what) for each notification and e-mail.
Got = list[tuple[datetime, str]]


def _phone(user: User, name: str) -> None:
    browser = Browser()
    push.push_subscribe(
        user=user,
        endpoint=f"https://fcm.googleapis.com/fcm/send/{name}",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )


def _her_nudges_on(alice: User) -> None:
    push.push_choice_set(user=alice, kinds=set(PushKind), quiet_from=22, quiet_until=7)
    _phone(alice, "hers")
    reminders.reminder_set(user=alice, on=True)


def _her_private_day(alice: User, day: int, moment: datetime) -> None:
    """Something private of hers, a different thing each day, at ``moment``."""
    local = moment.astimezone(HERS).date()
    steps: list[Callable[[], object]] = [
        lambda: answer_save(user=alice, today=today_for(alice, local), text="only mine today"),
        lambda: entry_create(owner=alice, body="a page for me", prompt_key="", idem_key=""),
        lambda: together.boundary_draft(owner=alice, text="a draft of mine", idem_key=""),
        lambda: together.commitment_create(
            owner=alice, partnership=None, text="mine", due_on=local, idem_key=""
        ),
        lambda: together.checkin_save(
            owner=alice,
            week=week_start(local),
            values={},
            need="",
            shared=False,
            partnership=None,
        ),
        lambda: _her_nudges_on(alice),
        lambda: Client().post(reverse("accounts:password_reset"), {"email": alice.email}),
    ]
    steps[day % len(steps)]()


def _week(personas: Personas, monkeypatch: pytest.MonkeyPatch, *, busy: bool) -> tuple[Got, Got]:
    """The week played from Monday 00:00 UTC: his notifications and e-mail, and hers."""
    alice, bob = personas.alice, personas.bob
    start = datetime.combine(week_start(date(2026, 12, 7)), datetime.min.time(), UTC)
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    got: dict[int, Got] = {bob.pk: [], alice.pk: []}

    def post(subscription: PushSubscription, payload: str, ttl: int = 0) -> str:
        got[subscription.user_id].append((clock["now"], f"push {payload} ttl={ttl}"))
        return "sent"

    monkeypatch.setattr(sender, "_post", post)
    mail.outbox.clear()
    for step in range(DAYS * RUNS_A_DAY):
        clock["now"] = start + timedelta(minutes=15 * step)
        if busy and step % RUNS_A_DAY == 50:  # 12:30 UTC, her morning
            _her_private_day(alice, step // RUNS_A_DAY, clock["now"])
        sender.push_send(clock["now"])
        if step % 4 == 0:
            reminders.reminders_send(now=clock["now"])
        for message in mail.outbox:
            for person in (bob, alice):
                if person.email in message.to:
                    got[person.pk].append((clock["now"], f"mail {message.from_email}"))
                    got[person.pk].append((clock["now"], f"{message.subject}\n{message.body}"))
        mail.outbox.clear()
    return got[bob.pk], got[alice.pk]


def test_his_week_outside_the_app_is_the_same_whatever_she_does(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = personas.alice, personas.bob
    for person, zone in ((alice, HERS), (bob, HIS)):
        person.time_zone = str(zone)
        person.save(update_fields=["time_zone"])
    # Nothing waits for him at the start, and he answers no question for today: whatever of
    # hers counted as waiting for him would bring him a notification he does not get now.
    Boundary.objects.filter(owner=alice).delete()
    Commitment.objects.filter(owner=alice).delete()
    Decision.objects.filter(partnership__members__user=bob).delete()
    assert waiting_for(bob.pk).total == 0
    push.push_choice_set(
        user=bob, kinds={PushKind.WAITING, PushKind.CHECKIN}, quiet_from=22, quiet_until=7
    )
    _phone(bob, "his")
    reminders.reminder_set(user=bob, on=True)
    CheckIn.objects.filter(owner__in=(alice, bob)).delete()  # both weeks' check-ins open

    weeks: dict[bool, Got] = {}
    hers: dict[bool, Got] = {}
    for busy in (False, True):
        with transaction.atomic():
            weeks[busy], hers[busy] = _week(personas, monkeypatch, busy=busy)
            transaction.set_rollback(True)
        monkeypatch.undo()
    # The two weeks were not the same for her: what she did reached her own phone and inbox.
    assert hers[False] == [] and len(hers[True]) >= 2

    pushes = sum(what.startswith("push") for _when, what in weeks[False])
    mails = sum(what.startswith("mail") for _when, what in weeks[False])
    apart = [pair for pair in zip(weeks[False], weeks[True], strict=False) if pair[0] != pair[1]]
    print(
        f"\nhis week: {pushes} notifications and {mails} e-mail over {DAYS * RUNS_A_DAY} runs; "
        f"she did {DAYS} private things in one week and nothing in the other: "
        f"{len(apart)} of his apart (she got {len(hers[True])} things in her busy week)"
    )
    assert pushes == 1 and mails == 1, "his Sunday check-in nudge and his Monday reminder"
    assert weeks[True] == weeks[False]
