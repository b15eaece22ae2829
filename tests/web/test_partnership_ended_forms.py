"""A form of the two sent after the partnership ended: told so in our words, nothing written,
her words shown back to keep; anyone who was never in that partnership still gets a plain 404
(the forms audit of 2026-12-03, M3; docs/together.md, "Not into a partnership that just ended")."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from interdepend.web.couple.models import Reveal
from interdepend.web.daily.models import TalkItem
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.publicid import PUBLIC_ID_PATTERN
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.ended import ENDED_OF, MARK_FIELD, mark_for
from interdepend.web.partners.models import Membership, Partnership
from interdepend.web.together import services as together_services
from interdepend.web.together.models import (
    Bid,
    Boundary,
    BoundaryEvent,
    Commitment,
    Goal,
    GoalNote,
)
from tests.conftest import Personas
from tests.helpers import HTMX, active_partnership, as_user
from tests.web.test_prepared import _same

pytestmark = pytest.mark.django_db

ENDED = "This partnership has ended"
NOTHING = "nothing was sent or saved"
WRITES: list[type[Model]] = [
    Goal,
    GoalNote,
    Bid,
    Commitment,
    Boundary,
    BoundaryEvent,
    Decision,
    Rating,
    TalkItem,
    Reveal,
]


def _rows() -> dict[str, list[dict[str, object]]]:
    """Every row a form of the two could write, to compare before and after."""
    return {
        model.__name__: list(model._default_manager.order_by("pk").values()) for model in WRITES
    }


@dataclass(frozen=True)
class Sent:
    """One kind of form: who sends it, the page that draws it (None: a form the fixtures do
    not draw now, its mark made here), where it goes, what it carries and what is shown back."""

    who: str
    page: Callable[[Personas], str] | None
    action: Callable[[Personas], str]
    data: Callable[[Personas], dict[str, str]]
    shown: list[str] = field(default_factory=list)


def _t(name: str, key: str = "") -> Callable[[Personas], str]:
    return lambda p: reverse(f"together:{name}", args=[p.together[key]] if key else [])


def _goal_version(p: Personas) -> str:
    return str(Goal.objects.get(public_id=p.together["shared_goal"]).version)


FORMS = {
    "goal note": Sent(
        "alice",
        _t("goal", "shared_goal"),
        _t("goal_note", "shared_goal"),
        lambda p: {"text": "We found a path along the weir", "idem": "n1"},
        ["We found a path along the weir"],
    ),
    "goal edit": Sent(
        "alice",
        _t("goal", "shared_goal"),
        _t("goal_edit", "shared_goal"),
        lambda p: {
            "title": "River walks, rain or shine",
            "detail": "Sundays at nine, with a flask",
            "version": _goal_version(p),
        },
        ["River walks, rain or shine", "Sundays at nine, with a flask"],
    ),
    "a new bid": Sent(
        "alice",
        _t("bids"),
        _t("bids"),
        lambda p: {"text": "A slow walk after dinner?", "idem": "b1"},
        ["A slow walk after dinner?"],
    ),
    "a bid's answer": Sent(
        "alice",
        _t("bids"),
        _t("bid_answer", "bid"),
        lambda p: {"answer": "later", "when": "After my call at six"},
        ["After my call at six"],
    ),
    "a promise marked": Sent(
        "alice", _t("commitments"), _t("commitment_mark", "commitment"), lambda p: {"state": "kept"}
    ),
    "a boundary's new wording": Sent(
        "bob",
        _t("boundary", "boundary"),
        _t("boundary_act", "boundary"),
        lambda p: {"action": "propose", "text": "Saturday mornings until eleven"},
        ["Saturday mornings until eleven"],
    ),
    "decision ratings": Sent(
        "bob",
        lambda p: reverse("decide:detail", args=[p.decision_id]),
        lambda p: reverse("decide:detail", args=[p.decision_id]),
        lambda p: {"self-0": "6", "other-0": "5", "self-1": "2", "other-1": "3"},
    ),
    "a new decision": Sent(
        "alice",
        lambda p: reverse("decide:index"),
        lambda p: reverse("decide:create"),
        lambda p: {"title": "A sofa for the small room", "options": "Blue\nGreen", "token": "d1"},
        ["A sofa for the small room", "Blue"],
    ),
    "a question talked about": Sent(
        "alice",
        lambda p: reverse("daily:today"),
        lambda p: reverse("daily:talked", args=[p.daily["talk"]]),
        lambda p: {"done": "yes"},
    ),
    "a question to talk about": Sent(
        "alice",
        None,
        lambda p: reverse("daily:talk", args=[p.daily["opened"]]),
        lambda p: {},
    ),
    "the perception form": Sent(
        "alice",
        lambda p: reverse("couple:perception"),
        lambda p: reverse("couple:perception"),
        lambda p: {"item-pp01": "5"},
    ),
    "sharing a result": Sent("alice", None, lambda p: reverse("couple:reveal"), lambda p: {}),
}


def _about(action: str) -> str:
    """The public id the address names, if any: what the form's mark is made for."""
    found = re.search(rf"/({PUBLIC_ID_PATTERN})/", action)
    return found.group(1) if found else ""


def _opened(personas: Personas, sent: Sent) -> tuple[str, str]:
    """The form opened while the two are linked: its mark (on the page that draws it), and
    where it goes. Then the other leaves."""
    who = getattr(personas, sent.who)
    action = sent.action(personas)
    mark = mark_for(who.pk, active_partnership(who).partnership.pk, _about(action))
    if sent.page is not None:
        page = as_user(who).get(sent.page(personas))
        assert page.status_code == 200
        assert f'name="{MARK_FIELD}" value="{mark}"' in page.content.decode()
    other = personas.bob if sent.who == "alice" else personas.alice
    partner_services.partnership_leave(user=other)
    return mark, action


@pytest.mark.parametrize("kind", list(FORMS))
def test_a_form_sent_after_the_partner_left_says_so_and_shows_her_words_back(
    personas: Personas, kind: str
) -> None:
    sent = FORMS[kind]
    mark, action = _opened(personas, sent)
    data = sent.data(personas)
    before = _rows()
    response = as_user(getattr(personas, sent.who)).post(action, {**data, MARK_FIELD: mark})
    assert response.status_code == 409
    html = response.content.decode()
    assert ENDED in html and NOTHING in html
    for words in sent.shown:
        assert words in html
    assert 'href="/us/"' in html  # a way on
    assert _rows() == before


def test_in_an_htmx_request_the_whole_main_part_says_it(personas: Personas) -> None:
    sent = FORMS["a bid's answer"]
    mark, action = _opened(personas, sent)
    response = as_user(personas.alice).post(
        action, {**sent.data(personas), MARK_FIELD: mark}, headers=HTMX
    )
    assert response.status_code == 200  # htmx swaps only a success
    assert response["HX-Retarget"] == "#main"
    html = response.content.decode()
    assert ENDED in html and "After my call at six" in html


def test_the_answer_is_the_same_once_what_it_named_is_gone(personas: Personas) -> None:
    """His later erasure removes the ended partnership's shared goals: the page she is shown
    must not tell that apart (docs/data-rights.md, "What stays with whom")."""
    sent = FORMS["goal note"]
    mark, action = _opened(personas, sent)
    Goal.objects.filter(public_id=personas.together["shared_goal"]).delete()
    response = as_user(personas.alice).post(action, {**sent.data(personas), MARK_FIELD: mark})
    assert response.status_code == 409
    assert "We found a path along the weir" in response.content.decode()


def test_a_bid_opened_with_one_partner_never_goes_to_the_next(personas: Personas) -> None:
    sent = FORMS["a new bid"]
    mark, action = _opened(personas, sent)
    link = partner_services.invitation_create(inviter=personas.alice)
    partner_services.invitation_accept(invitation=link.invitation, user=personas.carol)
    response = as_user(personas.alice).post(action, {**sent.data(personas), MARK_FIELD: mark})
    assert response.status_code == 409
    assert not Bid.objects.filter(text="A slow walk after dinner?").exists()


def test_the_race_a_moment_late_keeps_her_words_too(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partnership ends between the read and the write: the same page, not a redirect
    that drops the note."""
    from interdepend.web.together import services

    def late(**_kwargs: object) -> None:
        raise partner_services.PartnershipEnded("ended")

    monkeypatch.setattr(services, "goal_note_add", late)
    response = as_user(personas.alice).post(
        reverse("together:goal_note", args=[personas.together["shared_goal"]]),
        {"text": "Three times this month", "idem": "r1"},
    )
    assert response.status_code == 409
    assert "Three times this month" in response.content.decode()


@pytest.mark.parametrize("kind", ["goal note", "decision ratings", "a bid's answer"])
def test_someone_never_in_that_partnership_still_gets_the_plain_404(
    personas: Personas, kind: str
) -> None:
    """dave (alice's ex, never in her partnership with bob) and erin (a stranger), with no
    mark, with alice's mark or with one made up: the same 404 as before, whoever left."""
    sent = FORMS[kind]
    alices, action = _opened(personas, sent)
    old = Partnership.objects.filter(members__user=personas.dave).get()
    # Marks dave's own pages gave him while he was with alice: on the goal they shared, and on
    # a form that made something new.
    daves = [mark_for(personas.dave.pk, old.pk, personas.together["ex_goal"])]
    daves.append(mark_for(personas.dave.pk, old.pk))
    for person in (personas.dave, personas.erin):
        for mark in ("", alices, *daves, "0" * 32, "é\u202e"):
            response = as_user(person).post(action, {**sent.data(personas), MARK_FIELD: mark})
            assert response.status_code == 404, (person, mark)
            assert ENDED not in response.content.decode()


def test_a_form_of_her_current_partnership_on_an_ended_ones_address_is_a_404(
    personas: Personas,
) -> None:
    """Her own ended partnership's goal, posted with the mark of the one she is in now: the
    address answers as before (the mark, not the address, says a partnership ended)."""
    now = active_partnership(personas.alice).partnership.pk
    mark = mark_for(personas.alice.pk, now, personas.together["ex_goal"])
    response = as_user(personas.alice).post(
        reverse("together:goal_note", args=[personas.together["ex_goal"]]),
        {"text": "Hello", MARK_FIELD: mark},
    )
    assert response.status_code == 404


def test_a_personal_goal_carries_no_mark(personas: Personas) -> None:
    page = as_user(personas.alice).get(
        reverse("together:goal", args=[personas.together["alice_goal"]])
    )
    assert MARK_FIELD not in page.content.decode()


def test_a_mark_is_django_s_salted_hmac_with_its_key_made_once() -> None:
    from django.utils.crypto import salted_hmac

    from interdepend.web.partners import ended

    for user_id, partnership_id, about in ((1, 2, ""), (3, 7, "AAAAAAAAAAAAAAAAAAAAAA")):
        made = salted_hmac(ended._SALT, f"{user_id}|{partnership_id}|{about}", algorithm="sha256")
        assert ended.mark_for(user_id, partnership_id, about) == made.hexdigest()[:32]


def test_her_ended_partnerships_are_one_prepared_read_equal_to_the_queryset(
    personas: Personas,
) -> None:
    """The partnerships of hers that have ended, which every form of the two carrying a mark
    asks for when sent (``ended.ENDED_OF``), are a prepared read the ORM never builds again on
    a warm post (it built it on every answer to a bid: issue 15's sixteenth pass), equal to the
    queryset it replaced with none, one and two ended, and never anyone else's."""
    alice, bob, carol = personas.alice, personas.bob, personas.carol

    def rule(user_id: int) -> QuerySet[Membership, int]:
        return Membership.objects.filter(
            user_id=user_id, partnership__ended_at__isnull=False
        ).values_list("partnership_id", flat=True)

    def same(user_id: int) -> list[int]:
        got = _same(ENDED_OF, rule(user_id), user_id=user_id)
        assert ENDED_OF.prepared(user_id=user_id)  # not refused: built once, then run
        return sorted(got)

    # The personas' own history: Alice and her ex-partner have one ended partnership already.
    hers, his, carols = same(alice.pk), same(bob.pk), same(carol.pk)
    first = active_partnership(alice).partnership.pk
    partner_services.partnership_leave(user=bob)
    assert same(alice.pk) == sorted([*hers, first]) and same(bob.pk) == sorted([*his, first])
    link = partner_services.invitation_create(inviter=alice)
    partner_services.invitation_accept(invitation=link.invitation, user=carol)
    second = active_partnership(alice).partnership.pk
    assert same(carol.pk) == carols
    partner_services.partnership_leave(user=carol)
    assert same(alice.pk) == sorted([*hers, first, second])
    assert same(carol.pk) == sorted([*carols, second]) and same(bob.pk) == sorted([*his, first])


def test_a_warm_answer_with_its_mark_builds_no_read_of_ended_partnerships(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer to a bid as the page sends it (with its mark): the check of her ended
    partnerships is run from its kept statement, not built by the ORM."""
    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    client = as_user(alice)
    built: list[str] = []
    real = SQLCompiler.as_sql

    def spy(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        if any("/partners/ended.py" in frame.filename for frame in traceback.extract_stack()):
            built.append(str(self.query.model))
        return real(self, *args, **kwargs)

    for n in range(3):
        bid = together_services.bid_send(
            owner=bob, partnership=active.partnership, text=f"Tea {n}?", idem_key=""
        )
        mark = mark_for(alice.pk, active.partnership.pk, bid.public_id)
        address = reverse("together:bid_answer", args=[bid.public_id])
        with monkeypatch.context() as patched:
            if n:  # the first post may prepare it (a worker does that as it starts)
                patched.setattr(SQLCompiler, "as_sql", spy)
            response = client.post(address, {"answer": "yes_now", MARK_FIELD: mark}, headers=HTMX)
        assert response.status_code == 200 and "Your answer was sent." in response.content.decode()
    assert built == []
