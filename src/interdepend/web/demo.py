"""The demo: a fictional couple and a person alone, with believable data.

``demo_load`` is idempotent: running it again changes nothing that is already there. Each
capability adds its own part through :func:`_steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from interdepend.web.accounts.demo import DemoAccount, DemoPeople, demo_person
from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Membership, Partnership

#: Maya and Jonah are a couple; Sam uses Interdepend alone. All three are made up.
PEOPLE = (
    DemoAccount("maya@demo.interdepend.test", DEMO_PASSWORD, "Maya"),
    DemoAccount("jonah@demo.interdepend.test", DEMO_PASSWORD, "Jonah"),
    DemoAccount("sam@demo.interdepend.test", DEMO_PASSWORD, "Sam"),
)


#: How long before loading the demo Maya and Jonah linked: before everything the steps date.
LINKED_BEFORE = timedelta(weeks=52)


def _link(a: User, b: User) -> None:
    active = access_active_partnership(a)
    if active is not None and active.partner == b:
        return
    if active is not None or access_active_partnership(b) is not None:
        return  # someone changed the demo by hand: leave their choice alone
    # Together since before their year of check-ins and their inventories: the research export
    # pairs only takes finished since the two linked (the docs audit of 2026-12-04 found the
    # demo couple always left out, its answers dated before the link).
    since = timezone.now() - LINKED_BEFORE
    partnership = Partnership.objects.create(started_at=since)
    Membership.objects.bulk_create(
        [Membership(partnership=partnership, user=p, joined_at=since) for p in (a, b)]
    )


def _steps() -> list[Callable[[DemoPeople], None]]:
    """Each capability's demo step, in order. Every step is idempotent."""
    from interdepend.web.assessment.demo import demo_assessments
    from interdepend.web.couple.demo import demo_couple
    from interdepend.web.daily.demo import demo_daily
    from interdepend.web.decide.demo import demo_decision
    from interdepend.web.journal.demo import demo_journal
    from interdepend.web.practice.demo import demo_practice
    from interdepend.web.together.demo import demo_together

    return [
        demo_assessments,
        demo_couple,
        demo_decision,
        demo_together,
        demo_journal,
        demo_practice,
        demo_daily,
    ]


@transaction.atomic
def demo_load() -> tuple[DemoAccount, ...]:
    maya, jonah, sam = (demo_person(account) for account in PEOPLE)
    _link(maya, jonah)
    people = DemoPeople(maya=maya, jonah=jonah, sam=sam)
    for step in _steps():
        step(people)
    return PEOPLE + _more_accounts()


def _more_accounts() -> tuple[DemoAccount, ...]:
    """Accounts the steps add beside the three people (the demo practitioner)."""
    from interdepend.web.practice.demo import ACCOUNTS

    return ACCOUNTS


def demo_remove() -> int:
    """Delete every demo person as their own deletion would (everything of theirs goes, and a
    restore of an older copy does it again). Returns how many."""
    from interdepend.web.datarights.services import user_delete

    removed = 0
    for person in User.objects.filter(is_demo=True).order_by("pk"):
        user_delete(user=person)
        removed += 1
    return removed
