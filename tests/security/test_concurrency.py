"""Concurrent writes (slow lane): one partnership per invitation, no lost answers.

Threads each use their own database connection, as gunicorn workers would.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors, services
from interdepend.web.assessment.models import Attempt
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import Membership
from tests.faults.concurrency import run_threads as run_all

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def run_threads(count: int, work: Callable[[int], object]) -> list[BaseException]:
    """The exceptions raised when ``count`` threads run ``work`` at once."""
    return [r for r in run_all(count, work) if isinstance(r, BaseException)]


def test_one_invitation_accepted_by_many_at_once_makes_one_partnership() -> None:
    inviter = user_create(email="inviter@example.test", password="x" * 12, display_name="I")
    takers = [
        user_create(email=f"t{n}@example.test", password="x" * 12, display_name=f"T{n}")
        for n in range(8)
    ]
    new = partners.invitation_create(inviter=inviter)
    errors = run_threads(
        len(takers),
        lambda n: partners.invitation_accept(invitation=new.invitation, user=takers[n]),
    )
    refused = [e for e in errors if isinstance(e, partners.PartnershipError)]
    assert len(refused) == len(errors) == len(takers) - 1, errors
    assert Membership.objects.filter(is_active=True).count() == 2
    print(f"\nconcurrent accepts: {len(takers)} at once, 1 partnership, {len(refused)} refused")


def test_concurrent_page_saves_lose_no_answer() -> None:
    person = user_create(email="saver@example.test", password="x" * 12, display_name="S")
    inventory = selectors.inventory()
    attempt = services.attempt_start(user=person, instrument=inventory, seed=1)
    items = list(inventory.item_ids)

    def save(n: int) -> None:
        services.attempt_save_answers(
            attempt=attempt, instrument=inventory, page_items=items, answers={items[n]: 1 + n % 7}
        )

    errors = run_threads(16, save)
    assert not errors, errors
    stored = Attempt.objects.get(pk=attempt.pk).answers
    assert len(stored) == 16
    print(f"\nconcurrent saves: 16 writers, {len(stored)} answers kept, 0 lost")
