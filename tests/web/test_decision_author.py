"""A decision is the words of the person who named it (the data-rights audit of 2026-12-03).

M1: a decision she named is in her own download whether anyone rated it or not. M2: her
erasure takes the decisions she named, in the current partnership too (her words do not
outlive her), and a decision he named stays his, with his ratings, in his download. M3: once a
partnership ends, the decisions she named stay in her download with her ratings of them, and
her former partner's later erasure changes nothing there.
"""

from __future__ import annotations

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights.services import export_tables, user_delete
from interdepend.web.decide import services as decide
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import Partnership
from tests.conftest import PASSWORD
from tests.security.datarights_support import database_text

pytestmark = pytest.mark.django_db

HERS = ("MRKHERTITLE-2207 Move to the coast?", ["MRKHEROPTA-5510 yes", "MRKHEROPTB-5511 no"])
HIS = ("Which weekend for my parents?", ["The first", "The second"])


def _person(name: str) -> User:
    return user_create(email=f"{name}@example.test", password=PASSWORD, display_name=name.title())


def _couple() -> tuple[User, User, Partnership]:
    ben, ana = _person("ben"), _person("ana")
    invitation = partners.invitation_create(inviter=ben).invitation
    return ben, ana, partners.invitation_accept(invitation=invitation, user=ana)


def _name(partnership: Partnership, author: User, words: tuple[str, list[str]]) -> Decision:
    title, options = words
    return decide.decision_create(
        partnership=partnership, author=author, title=title, options=options, token=title[:8]
    )


def _rate(decision: Decision, person: User, own: list[int]) -> None:
    decide.rating_save(decision=decision, user=person, for_self=own, for_partner=own[::-1])


def _titles(person: User) -> list[object]:
    return [row["title"] for row in export_tables(person)["decide_decision"]]


def test_a_decision_she_named_is_in_her_download_before_anyone_rates_it() -> None:
    ben, ana, partnership = _couple()
    _name(partnership, ana, HERS)
    tables = export_tables(ana)
    [row] = tables["decide_decision"]
    assert (row["title"], row["options"], row["you_named_it"]) == (HERS[0], HERS[1], True)
    assert tables["decide_rating"] == []
    assert _titles(ben) == []  # his only once he rates it


def test_the_partner_has_her_decision_in_his_download_while_together_once_he_rated_it() -> None:
    ben, ana, partnership = _couple()
    decision = _name(partnership, ana, HERS)
    _rate(decision, ben, [4, 5])
    [row] = export_tables(ben)["decide_decision"]
    assert (row["title"], row["you_named_it"]) == (HERS[0], False)
    assert len(export_tables(ana)["decide_decision"]) == 1  # still hers, not moved to him


def test_her_erasure_takes_her_decision_and_leaves_his_with_his_ratings() -> None:
    ben, ana, partnership = _couple()
    hers, his = _name(partnership, ana, HERS), _name(partnership, ben, HIS)
    for decision in (hers, his):
        _rate(decision, ana, [6, 2])
        _rate(decision, ben, [4, 5])
    user_delete(user=ana)
    text = database_text()
    assert not any(words in text for words in (HERS[0], *HERS[1]))
    assert not Decision.objects.filter(pk=hers.pk).exists()
    assert list(Rating.objects.filter(decision=his).values_list("user", flat=True)) == [ben.pk]
    tables = export_tables(ben)
    assert [row["title"] for row in tables["decide_decision"]] == [HIS[0]]
    assert [row["for_self"] for row in tables["decide_rating"]] == [[4, 5]]
    assert [row["option"] for row in tables["decide_rating_options"]] == HIS[1]


def test_after_a_leave_she_keeps_the_decisions_she_named_and_his_erasure_changes_nothing() -> None:
    ben, ana, partnership = _couple()
    hers, his = _name(partnership, ana, HERS), _name(partnership, ben, HIS)
    for decision in (hers, his):
        _rate(decision, ana, [6, 2])
        _rate(decision, ben, [4, 5])
    partners.partnership_leave(user=ana)
    after = export_tables(ana)
    assert [row["title"] for row in after["decide_decision"]] == [HERS[0]]
    assert [row["for_self"] for row in after["decide_rating"]] == [[6, 2]]
    assert _titles(ben) == [HIS[0]]  # never her decision after the end
    user_delete(user=ben)
    assert export_tables(ana) == after
