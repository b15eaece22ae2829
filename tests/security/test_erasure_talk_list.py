"""Her erasure takes the couple's list of questions to talk about with the partnership it ends
(the data-rights audit of 2026-12-05).

The list of a partnership that had already ended went with her erasure, but the list of the
one her erasure ends stayed in the database for good: when each question was put on it and
when it was marked talked about, moments that may be hers, which no page and no download
shows anyone once the partnership is over. After a leave the list stays, as the partnership's
other rows do, until either of the two deletes their account.
"""

from __future__ import annotations

import pytest

from interdepend.web.daily.models import TalkItem
from interdepend.web.datarights.services import user_delete
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.services import partnership_leave
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_her_erasure_takes_the_list_of_the_partnership_it_ends(personas: Personas) -> None:
    active = access_active_partnership(personas.alice)
    assert active is not None
    ours = TalkItem.objects.filter(partnership=active.partnership)
    assert ours.filter(public_id=personas.daily["talk"]).exists()

    user_delete(user=personas.alice)

    print(f"\nquestions left on the list of the partnership her erasure ended: {ours.count()}")
    assert not ours.exists()
    assert access_active_partnership(personas.bob) is None


def test_after_a_leave_the_list_goes_with_either_ones_later_erasure(personas: Personas) -> None:
    active = access_active_partnership(personas.alice)
    assert active is not None
    ours = TalkItem.objects.filter(partnership=active.partnership)
    partnership_leave(user=personas.alice)
    assert ours.exists()  # nobody's pages show it; it goes with the first erasure of the two
    user_delete(user=personas.bob)
    assert not ours.exists()
