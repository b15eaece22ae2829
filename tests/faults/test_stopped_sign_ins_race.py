"""Sign-ins stopped at the second step, told while more begin: each is told exactly once.

He begins sign-ins with her password while she proves it is her in two browsers at once: every
one begun is either in what she was told or still waiting to be told, never both and never
neither (on SQLite, the write lock taken as each transaction begins; on PostgreSQL,
``select_for_update`` and the rows named one by one as they are marked told).
"""

from __future__ import annotations

import pytest

from interdepend.web.accounts import services
from interdepend.web.accounts.models import StoppedSignIn, User
from tests.faults.concurrency import all_returned, run_threads

TAKERS = 3
BEGINNERS = 5
EACH = 4


@pytest.mark.django_db(transaction=True)
def test_each_stopped_sign_in_is_told_once_while_more_begin() -> None:
    her = User.objects.create(email="noor@example.test", password="-", display_name="Noor")
    for _ in range(6):
        services.stopped_sign_in_begun(user_id=her.pk)

    def work(n: int) -> int:
        if n < TAKERS:
            told = 0
            for _ in range(EACH):
                taken = services.stopped_sign_ins_take(user_id=her.pk)
                told += taken[0] if taken else 0
            return told
        for _ in range(EACH):
            services.stopped_sign_in_begun(user_id=her.pk)
        return 0

    told = sum(all_returned(run_threads(TAKERS + BEGINNERS, work)))
    waiting = StoppedSignIn.objects.filter(user=her, told=False).count()
    begun = 6 + BEGINNERS * EACH
    print(f"\nbegun {begun}; told {told}; still to tell {waiting}")
    assert told + waiting == begun
