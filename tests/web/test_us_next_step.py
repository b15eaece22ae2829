"""The partnership page offers what comes next together before the way out (the phone look of
2026-12-03, finding 12): the inventory before a first result, sharing a result not shared yet,
the couple view once it is shared. Leaving stays on the page, last. Only the person's own facts
decide it: never the partner's, never the safety screen."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import ActivePartnership
from tests.conftest import Personas
from tests.helpers import active_partnership, as_user

pytestmark = pytest.mark.django_db

INTERDEPENDENT = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"')


def us(client: Client) -> str:
    return VOLATILE.sub(r'\1"', client.get(reverse("partners:us")).content.decode())


def links_and_buttons(page: str) -> list[str]:
    """The words of the main part's links and buttons, in reading order."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    found = re.findall(r"<(a|button)\b[^>]*>(.*?)</\1>", main, re.S)
    return [re.sub(r"<[^>]+>", "", inner).strip() for _tag, inner in found]


def test_linked_without_a_result_the_inventory_comes_first_and_leaving_last(
    personas: Personas,
) -> None:
    invitation = partners.invitation_create(inviter=personas.erin)
    partners.invitation_accept(invitation=invitation.invitation, user=personas.carol)
    page = us(as_user(personas.carol))  # carol's take is half done: no result yet
    actions = links_and_buttons(page)
    assert actions.index("Find out where you stand") < actions.index("Leave this partnership")
    assert actions[-1] == "Leave this partnership"
    overview = reverse("assessment:overview")
    assert f'<a class="button" href="{overview}">Find out where you stand</a>' in page
    assert re.search(r'class="actions leave-partnership"><a href="/us/leave/">', page)


def test_with_a_result_not_shared_the_step_is_sharing_it_with_what_that_shows(
    personas: Personas,
) -> None:
    complete_attempt(
        personas.alice, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=3
    )  # a retake after the result she shared with bob
    page = us(as_user(personas.alice))
    actions = links_and_buttons(page)
    assert actions.index("Share my latest result") < actions.index("Leave this partnership")
    assert f'action="{reverse("couple:reveal")}"' in page
    assert "word for word, your answers to the few statements" in page
    assert "Find out where you stand" not in page
    assert '<a href="/us/couple/">Open the couple view</a>' in page


def test_once_shared_the_couple_view_is_the_button(personas: Personas) -> None:
    page = us(as_user(personas.bob))  # both shared: the view is open
    assert "Share my latest result" not in page and "Find out where you stand" not in page
    assert '<a class="button" href="/us/couple/">Open the couple view</a>' in page
    assert links_and_buttons(page)[-1] == "Leave this partnership"


def test_the_step_reads_only_the_persons_own_facts(personas: Personas) -> None:
    """Bob's page is the same whatever alice does with her own result."""
    from interdepend.web.partners.selectors import NextStep, next_steps

    bob = as_user(personas.bob)
    before = us(bob)
    complete_attempt(
        personas.alice, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=3
    )
    assert us(bob) == before
    active = active_partnership(personas.alice)
    steps = next_steps(user=personas.alice, active=active)
    facts = steps[0].facts
    assert steps == [
        NextStep("couple/_next_share.html", {"latest": facts["latest"], "shared": facts["shared"]})
    ]
    # Both hers: the retake, and the older result she shared that the couple view still uses.
    latest, shared = facts["latest"], facts["shared"]
    assert isinstance(latest, Attempt) and isinstance(shared, Attempt)
    assert latest.user_id == shared.user_id == personas.alice.pk and latest != shared
    # His step is the open view (hers still shared): the one fact of hers the card tells, as
    # the couple page does, and her retake does not change it.
    assert next_steps(user=personas.bob, active=active_partnership(personas.bob)) == [
        NextStep("couple/_next_open.html", opened=True)
    ]


def test_a_flagged_safety_screen_changes_nothing_on_the_page(personas: Personas) -> None:
    """Someone holding her unlocked phone learns nothing of the safety screen from "Us": a
    flagged take offers the same step, in the same words, as a calm one."""
    retake = complete_attempt(
        personas.alice, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=3
    )
    alice = as_user(personas.alice)
    calm = us(alice)
    Attempt.objects.filter(pk=retake.pk).update(screen_flagged=True)
    assert us(alice) == calm


def _step_by_three_reads(user: User, active: ActivePartnership) -> tuple[str, int | None, object]:
    """The next step as it was read before the ninth pass of docs/performance-passes.md: her latest
    result, her two newest reveals with their takes, then :func:`couple_view_open`. Returns the
    step's template, the latest take and the shared take's (pk, date)."""
    from interdepend.web.couple.selectors import couple_view_open
    from tests.web.test_couple_page_reads import latest_as_before, reveals_as_before

    latest = latest_as_before(user)
    if latest is None:
        return ("couple/_next_inventory.html", None, None)
    mine = reveals_as_before(active, user)
    revealed = mine[0].attempt if mine else None
    if revealed != latest:
        shared = (revealed.pk, revealed.completed_at) if revealed else None
        return ("couple/_next_share.html", latest.pk, shared)
    if couple_view_open(user, active):
        return ("couple/_next_open.html", latest.pk, None)
    return ("", latest.pk, None)


def _step_now(user: User, active: ActivePartnership) -> tuple[str, int | None, object]:
    from interdepend.web.partners.selectors import next_steps

    steps = next_steps(user=user, active=active)
    if not steps:
        return ("", _latest_pk(user), None)
    (step,) = steps
    latest = step.facts.get("latest")
    shared = step.facts.get("shared")
    assert step.opened == (step.template == "couple/_next_open.html")
    if isinstance(latest, Attempt):
        assert latest.completed_at == Attempt.objects.get(pk=latest.pk).completed_at
    if isinstance(shared, Attempt):
        assert shared.user_id == user.pk
    return (
        step.template,
        latest.pk if isinstance(latest, Attempt) else _latest_pk(user),
        (shared.pk, shared.completed_at) if isinstance(shared, Attempt) else None,
    )


def _latest_pk(user: User) -> int | None:
    latest = selectors.latest_finished_attempt(user)
    return latest.pk if latest else None


def test_the_step_read_in_one_statement_equals_the_three_reads_in_every_state(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """The next step is one statement now, whatever the state, and says what the three reads
    it replaces said, for each partner: the view open, one withdrawn, a retake not shared, the
    retake shared, the two newest shared on different versions, both withdrawn, and a couple
    with no result yet."""
    from interdepend.web.couple import services as couple
    from interdepend.web.partners.selectors import next_steps

    alice, bob = personas.alice, personas.bob
    answers = profile_answers(selectors.inventory(), INTERDEPENDENT)
    seen: set[str] = set()

    def agree() -> None:
        for person in (alice, bob):
            active = active_partnership(person)
            with django_assert_num_queries(1):
                next_steps(user=person, active=active)
            now = _step_now(person, active)
            assert now == _step_by_three_reads(person, active), person.display_name
            seen.add(now[0])

    agree()  # both shared: open
    couple.reveal_withdraw(user=alice, active=active_partnership(alice))
    agree()
    retake = complete_attempt(alice, answers, days_ago=0, seed=3)
    agree()
    couple.reveal_create(user=alice, active=active_partnership(alice), attempt=retake)
    agree()
    older = complete_attempt(bob, answers, days_ago=1, seed=4)
    couple.reveal_create(user=bob, active=active_partnership(bob), attempt=older)
    Attempt.objects.filter(pk=older.pk).update(instrument_version="0.9")
    agree()  # bob's newest shared is an older version: not open, and bob's own retake waits
    couple.reveal_withdraw(user=bob, active=active_partnership(bob))
    couple.reveal_withdraw(user=alice, active=active_partnership(alice))
    agree()
    invitation = partners.invitation_create(inviter=personas.erin)
    partners.invitation_accept(invitation=invitation.invitation, user=personas.carol)
    for person in (personas.carol, personas.erin):
        active = active_partnership(person)
        assert _step_now(person, active) == _step_by_three_reads(person, active)
        seen.add(_step_now(person, active)[0])
    assert seen == {
        "couple/_next_inventory.html",
        "couple/_next_share.html",
        "couple/_next_open.html",
        "",
    }


def test_a_linked_person_s_page_reads_no_invitations_and_builds_no_code_box(
    personas: Personas,
) -> None:
    """Open invitations and the box for a code show only while she has no partner; linked, her
    page no longer reads them (an invitation she made before linking stays unread and unshown),
    and unlinked it lists them as before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interdepend.web.partners.models import Invitation

    older = partners.invitation_create(inviter=personas.alice)  # left open, then linked
    alice = as_user(personas.alice)
    alice.get(reverse("partners:us"))
    with CaptureQueriesContext(connection) as linked:
        page = us(alice)
    table = Invitation._meta.db_table
    assert not [q for q in linked.captured_queries if table in q["sql"]]
    assert "Invitations still open" not in page and 'name="code"' not in page
    carol = as_user(personas.carol)  # alone: her open invitation and the box are there
    partners.invitation_create(inviter=personas.carol)
    with CaptureQueriesContext(connection) as alone:
        page = us(carol)
    assert [q for q in alone.captured_queries if table in q["sql"]]
    assert "Invitations still open" in page and 'name="code"' in page
    assert Invitation.objects.filter(pk=older.invitation.pk, state="open").exists()
