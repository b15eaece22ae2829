"""Demo: a few days of Maya and Jonah's questions, answered and open to both, one of them on
their list to talk about, and one of Maya's questions for one."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.partners.access import access_active_partnership

if TYPE_CHECKING:
    from interdepend.web.accounts.demo import DemoPeople

#: (days ago, question, Maya's answer, Jonah's answer); Jonah's None: a question for one.
DAYS = (
    (
        1,
        "t001",
        "When you brought me coffee while I was on that long call.",
        "Our walk on Saturday, with no phones.",
    ),
    (
        2,
        "t003",
        "That I would like us to plan one evening a week just for us.",
        "Not really, but I like being asked.",
    ),
    (3, "o001", "I booked my pottery class without checking the calendar first.", None),
    (
        4,
        "t004",
        "Mostly being heard. Advice later, if I ask.",
        "Questions. They help me sort my thoughts.",
    ),
)


def demo_daily(people: DemoPeople) -> None:
    maya, jonah = people.maya, people.jonah
    active = access_active_partnership(maya)
    if active is None or active.partner != jonah:
        return  # someone changed the demo by hand: leave their choice alone
    today = timezone.localdate()
    for days_ago, question, hers, his in DAYS:
        day = today - timedelta(days=days_ago)
        shared = active.partnership if his is not None else None
        DailyAnswer.objects.get_or_create(
            owner=maya,
            day=day,
            defaults={"partnership": shared, "question_id": question, "text": hers},
        )
        if his is not None:
            DailyAnswer.objects.get_or_create(
                owner=jonah,
                day=day,
                defaults={"partnership": shared, "question_id": question, "text": his},
            )
    TalkItem.objects.get_or_create(
        partnership=active.partnership,
        day=today - timedelta(days=2),
        defaults={"question_id": "t003"},
    )
