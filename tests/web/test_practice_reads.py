"""*Your practitioners*' reads are built once per connection and stay the rule they replace."""

from __future__ import annotations

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.partners.models import Membership
from interdepend.web.practice import selectors
from tests.conftest import Personas
from tests.web.test_prepared import _same

pytestmark = pytest.mark.django_db


def test_everyone_she_was_ever_linked_with_is_one_prepared_read(personas: Personas) -> None:
    """Everyone each person has shared a partnership with, lasting or ended, as the ORM read it
    on every view before (a subquery of her memberships): the same people, the same statement,
    and kept, where it was built anew on each view of the page."""
    earlier = 0
    for user in User.objects.order_by("pk"):
        hers = Membership.objects.filter(user=user).values("partnership_id")
        orm = (
            Membership.objects.filter(partnership_id__in=hers)
            .exclude(user=user)
            .values_list("user_id", flat=True)
        )
        _same(selectors._EVER_PARTNERS, orm, user_id=user.pk)
        found = selectors._ever_partners(user)
        assert found == set(orm)
        earlier += len(found)
    assert earlier >= 2, "no persona was ever linked: the comparison would show nothing"
    assert selectors._EVER_PARTNERS.prepared(user_id=personas.alice.pk)
