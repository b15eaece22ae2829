"""Boundary steps over HTTP: what each person may do is what ``interdepend.core.boundary`` says.

A boundary is set up in each standing through the services, then each person posts each step;
the result must be the machine's move, or a refusal that changes nothing. The page offers
exactly the steps that are open, and once the partnership ends the author sees only their own
steps and can take none.
"""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from interdepend.core.boundary import BoundaryStepRefused, Role, Step, boundary_move, parse_step
from interdepend.web.accounts.models import User
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services
from interdepend.web.together.models import Boundary, BoundaryEvent
from interdepend.web.together.views import BOUNDARY_DONE
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

REFUSED = "That step is not open right now."
ACTION = re.compile(r'name="action" value="(\w+)"')

#: The steps (by whom) that bring a new boundary of alice's to each standing.
SETUPS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "stated": ("tell",),
    "stated, alice's wording waits": ("tell", "alice proposes"),
    "stated, bob's wording waits": ("tell", "bob proposes"),
    "acknowledged": ("tell", "bob acknowledges"),
    "acknowledged, alice's wording waits": ("tell", "bob acknowledges", "alice proposes"),
    "acknowledged, bob's wording waits": ("tell", "bob acknowledges", "bob proposes"),
    "agreed": ("tell", "bob acknowledges", "bob proposes", "alice accepts"),
}

#: What the page offers alice and bob in each standing (None: bob cannot open it).
OFFERED: dict[str, tuple[set[str], set[str] | None]] = {
    "draft": ({"tell", "propose"}, None),
    "stated": ({"propose"}, {"acknowledge", "propose"}),
    "stated, alice's wording waits": (
        {"propose"},
        {"acknowledge", "propose", "accept", "decline"},
    ),
    "stated, bob's wording waits": ({"propose", "accept", "decline"}, {"acknowledge", "propose"}),
    "acknowledged": ({"propose"}, {"propose"}),
    "acknowledged, alice's wording waits": ({"propose"}, {"propose", "accept", "decline"}),
    "acknowledged, bob's wording waits": ({"propose", "accept", "decline"}, {"propose"}),
    "agreed": ({"propose"}, {"propose"}),
}

POSTS = [
    {"action": "tell", "password": PASSWORD},
    {"action": "acknowledge"},
    # New words for a draft ask for her password typed for them, as telling it does.
    {"action": "propose", "text": "  Knock, then wait a moment.  ", "password": PASSWORD},
    {"action": "propose", "text": "   "},
    # Taking the partner's words for one's own boundary asks for the password, as telling it.
    {"action": "accept", "password": PASSWORD},
    {"action": "decline"},
    {"action": "shout"},
    {},
]


def url(name: str, boundary: Boundary) -> str:
    return reverse(f"together:{name}", args=[boundary.public_id])


@pytest.fixture(autouse=True)
def _told_without_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every standing is made afresh many times in one test, and none is acknowledged: the cap
    on boundaries waiting for acknowledgement (``test_together.py``) is not what this tests."""
    monkeypatch.setattr(services, "BOUNDARIES_WAITING_MAX", 10_000)


def made(personas: Personas, setup: str) -> Boundary:
    alice, bob = personas.alice, personas.bob
    boundary = services.boundary_draft(owner=alice, text="Knock first.", idem_key="")
    active = access_active_partnership(alice)
    assert active is not None
    for step in SETUPS[setup]:
        who, _, what = step.partition(" ")
        actor = {"alice": alice, "bob": bob}.get(who, alice)
        if step == "tell":
            services.boundary_state(boundary=boundary, partnership=active.partnership)
        elif what == "acknowledges":
            services.boundary_acknowledge(boundary=boundary, actor=actor)
        elif what == "proposes":
            services.boundary_propose(boundary=boundary, actor=actor, text=f"words of {who}")
        else:
            services.boundary_accept(boundary=boundary, actor=actor)
    return Boundary.objects.get(pk=boundary.pk)


def stored(boundary: Boundary) -> tuple[object, ...]:
    """Everything a step could change: the boundary's row and its history."""
    row = Boundary.objects.values_list("state", "text", "partnership_id").get(pk=boundary.pk)
    history = BoundaryEvent.objects.filter(boundary=boundary).order_by("pk")
    return row, list(history.values_list("actor_id", "kind", "text", "open"))


def offered(client: Client, boundary: Boundary) -> set[str] | None:
    response = client.get(url("boundary", boundary))
    if response.status_code == 404:
        return None
    return set(ACTION.findall(response.content.decode()))


def _waiting(boundary: Boundary) -> BoundaryEvent | None:
    return boundary.events.filter(open=True).order_by("pk").first()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_every_step_over_http_moves_as_the_core_machine_says(personas: Personas, who: str) -> None:
    user = getattr(personas, who)
    client, checked = as_user(user), 0
    for setup in SETUPS:
        for data in POSTS:
            boundary = made(personas, setup)
            before, standing = stored(boundary), boundary.standing(_waiting(boundary))
            client.cookies.pop("messages", None)  # only this post's message, unrendered
            response = client.post(url("boundary_act", boundary), data)
            if who == "bob" and setup == "draft":
                assert response.status_code == 404 and stored(boundary) == before
                continue
            said = [str(m) for m in get_messages(response.wsgi_request)]
            try:
                move = boundary_move(
                    standing,
                    parse_step(data.get("action", "")),
                    by=boundary.role_of(user.pk),
                    together=True,
                    wording=data.get("text", "").strip(),
                )
            except BoundaryStepRefused:
                assert stored(boundary) == before, (setup, data)
                assert said == [REFUSED], (setup, data)
            else:
                boundary.refresh_from_db()
                assert boundary.standing(_waiting(boundary)) == move.after, (setup, data)
                # the step taken is said in the status line, so a screen reader hears it
                assert said == [str(BOUNDARY_DONE[parse_step(data["action"])])], (setup, data)
            checked += 1
    print(f"\nboundary steps over HTTP for {who}: {checked} cases, all as the machine says")


def test_the_page_offers_exactly_the_open_steps(personas: Personas) -> None:
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    for setup, (for_alice, for_bob) in OFFERED.items():
        boundary = made(personas, setup)
        assert offered(alice, boundary) == for_alice, setup
        assert offered(bob, boundary) == for_bob, setup
    alone = services.boundary_draft(owner=personas.carol, text="Quiet mornings.", idem_key="")
    page = as_user(personas.carol).get(url("boundary", alone)).content.decode()
    assert set(ACTION.findall(page)) == {"propose"} and "If you link with a partner" in page


def test_once_the_partnership_ends_the_author_sees_only_their_own_steps_and_takes_none(
    personas: Personas,
) -> None:
    boundary = made(personas, "acknowledged, alice's wording waits")
    services.boundary_propose(boundary=boundary, actor=personas.bob, text="MRKBOBWORDINGX")
    partners.partnership_leave(user=personas.bob)
    alice = as_user(personas.alice)
    _assert_only_her_steps_and_no_step_open(personas, alice, boundary)
    again = partners.invitation_create(inviter=personas.alice)
    partners.invitation_accept(invitation=again.invitation, user=personas.carol)
    assert as_user(personas.carol).get(url("boundary", boundary)).status_code == 404
    assert as_user(personas.bob).get(url("boundary", boundary)).status_code == 404
    _assert_only_her_steps_and_no_step_open(personas, alice, boundary)


def _assert_only_her_steps_and_no_step_open(
    personas: Personas, alice: Client, boundary: Boundary
) -> None:
    page = alice.get(url("boundary", boundary)).content.decode()
    assert "words of alice" in page and "MRKBOBWORDINGX" not in page
    assert "acknowledged it" not in page, "bob's acknowledgement is his step: hidden"
    assert not ACTION.findall(page) and "Bob" not in page
    before = stored(boundary)
    for data in POSTS:
        response = alice.post(url("boundary_act", boundary), data, follow=True)
        assert REFUSED in response.content.decode(), data
    assert stored(boundary) == before


@pytest.mark.parametrize(
    ("setup", "who", "step"),
    [("draft", "alice", Step.TELL), ("stated", "bob", Step.ACKNOWLEDGE)],
)
def test_a_step_two_requests_race_on_is_taken_once(
    personas: Personas, setup: str, who: str, step: Step
) -> None:
    """Two requests that both read the boundary before either writes (a double click): the
    second is refused. Before the step was read again under a lock, both wrote a history row."""
    boundary = made(personas, setup)
    first, second = (Boundary.objects.get(pk=boundary.pk) for _ in range(2))
    actor: User = getattr(personas, who)
    active = access_active_partnership(actor)
    assert active is not None
    take = partial(services.boundary_step, actor=actor, step=step, partnership=active.partnership)
    take(boundary=first)
    with pytest.raises(BoundaryStepRefused):
        take(boundary=second)
    assert BoundaryEvent.objects.filter(boundary=boundary).count() == len(SETUPS[setup]) + 1


def test_telling_a_boundary_again_through_the_service_changes_nothing(personas: Personas) -> None:
    boundary = made(personas, "acknowledged")
    before = stored(boundary)
    active = access_active_partnership(personas.alice)
    assert active is not None
    assert services.boundary_state(boundary=boundary, partnership=active.partnership) == boundary
    assert stored(boundary) == before
    assert boundary.role_of(personas.alice.pk) is Role.AUTHOR


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_four_tells_at_once_tell_once() -> None:
    """The same race on real threads, each with its own connection, as gunicorn workers are."""
    from interdepend.web.accounts.services import user_create
    from tests.faults.concurrency import run_threads

    kim, lee = (
        user_create(email=f"{n}@example.test", password="x" * 12, display_name=n)
        for n in ("kim", "lee")
    )
    invitation = partners.invitation_create(inviter=kim)
    partners.invitation_accept(invitation=invitation.invitation, user=lee)
    active = access_active_partnership(kim)
    assert active is not None
    draft = services.boundary_draft(owner=kim, text="Knock first.", idem_key="")
    copies = [Boundary.objects.get(pk=draft.pk) for _ in range(4)]
    results = run_threads(
        len(copies),
        lambda n: services.boundary_step(
            boundary=copies[n], actor=kim, step=Step.TELL, partnership=active.partnership
        ),
    )
    refused = [r for r in results if isinstance(r, BoundaryStepRefused)]
    assert len(refused) == len(copies) - 1, results
    assert BoundaryEvent.objects.filter(boundary=draft).count() == 1
    print(f"\nconcurrent tells: {len(copies)} at once, 1 told, {len(refused)} refused")


def test_new_words_for_her_boundary_name_who_suggested_them_and_keep_hers_first(
    personas: Personas,
) -> None:
    """The new-couple walk of 2026-12-04: her partner's words for her boundary came under a
    filled "Agree to the new wording" button, named no one, and said nothing of hers staying.
    The suggestion now comes first, with his name and that her words stay unless she chooses
    his; keeping hers is the first, plainer button."""
    boundary = made(personas, "acknowledged, bob's wording waits")
    page = as_user(personas.alice).get(url("boundary", boundary)).content.decode()
    said = page.index("<bdi>Bob</bdi> suggested other words. Yours stay as they are unless")
    words = page.index("words of bob")
    keep = page.index('value="decline"')
    take = page.index('value="accept"')
    assert said < words < keep < take
    assert re.search(r'value="accept" class="secondary"', page)
    assert not re.search(r'value="decline" class="secondary"', page)
    his = as_user(personas.bob).get(url("boundary", boundary)).content.decode()
    assert "You suggested new wording:" in his and 'value="accept"' not in his
