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


def _history_as_the_orm_read_it(user: User) -> list[selectors.HistoryLine]:
    """``consent_history`` as it was: whole consents with their links, practitioners and
    accounts, each line named by ``ClientLink.practitioner_name``."""
    from interdepend.web.practice.access import counted, partnership_starts
    from interdepend.web.practice.models import Consent

    starts = sorted(started for _user, started in partnership_starts([user.pk]))
    began = starts[-1] if starts else None
    lines = []
    rows = (
        Consent.objects.filter(link__client_id=user.pk)
        .select_related("link__practitioner__user")
        .order_by("-granted_at", "-pk")
    )
    for consent in rows:
        until = consent.revoked_at
        if until is None and not counted([(consent.scope, consent.granted_at)], began):
            until = next((s for s in starts if s > consent.granted_at), began)
        who = consent.link.practitioner_name
        lines.append(selectors.HistoryLine(who, consent.scope, consent.granted_at, until))
    return lines


def test_the_record_of_what_she_shared_reads_only_what_it_shows(personas: Personas) -> None:
    """Every person's record of consents, from the columns it shows, is the record read from
    whole objects: before and after a practitioner erases his account (then named by the words
    kept for him), and each line's name as ``practitioner_name`` writes it."""
    from interdepend.web.datarights.services import user_delete

    lines = 0
    for user in User.objects.order_by("pk"):
        assert selectors.consent_history(user) == _history_as_the_orm_read_it(user)
        lines += len(selectors.consent_history(user))
    assert lines, "no persona has shared anything: the comparison would show nothing"
    assert selectors._HISTORY.prepared(user_id=personas.alice.pk)
    from interdepend.web.practice.models import ClientLink

    user_delete(user=personas.practice.pat)
    ended = ClientLink.objects.filter(practitioner__isnull=True)
    kept_words = set(ended.values_list("practitioner_label", flat=True)) - {""}
    erased = 0
    for user in User.objects.order_by("pk"):
        found = selectors.consent_history(user)
        assert found == _history_as_the_orm_read_it(user)
        erased += sum(1 for line in found if line.who in kept_words)
    assert erased, "no line named by the words kept at erasure"
