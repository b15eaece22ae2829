"""New wording for a boundary and a decision's ratings, sent after the idle lock, come back in
their boxes after the password (``accounts.refill``; the forms audit of 2026-12-04, M2).

Both can show something to the partner once saved (the wording of a boundary already told; the
ratings open the combined view when both have rated), so neither is carried out by her password
(``kept.CARRIED``): what she typed waits, sealed, for the password, is back in its place once,
and nothing is saved until she presses again herself.
"""

from __future__ import annotations

import html
import re
import time

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from interdepend.web.accounts import idle, reauth, refill
from interdepend.web.decide.models import MAX_OPTIONS, Rating
from interdepend.web.together import services
from interdepend.web.together.models import Boundary, BoundaryEvent
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

#: The idle window of the audit's server, and a little longer away than it.
WINDOW = 20
AWAY = 25
BACK = "Thank you, that was you. What you typed is back in its place, and nothing was sent yet"
WORDING = 'Saturday mornings are for my run & nobody else\'s plans, "even" nice ones.'
CHECKED = re.compile(r'name="((?:self|other)-\d)" value="(\d)" checked')


def _away(client: Client, settings: Settings) -> Client:
    """Her phone, left on a private page a little longer than the (short) idle window."""
    settings.JOURNAL_IDLE_SECONDS = WINDOW
    session = client.session
    session[reauth.REAUTH_AT_KEY] = time.time() - 3600
    session[idle.PRIVATE_SEEN_KEY] = time.time() - AWAY
    session.save()
    return client


def _said(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def _proposals(boundary_id: str) -> int:
    return BoundaryEvent.objects.filter(boundary__public_id=boundary_id, kind="proposed").count()


def _box(page: str) -> str:
    """The text the proposal box is drawn with."""
    found = re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found is not None
    return html.unescape(found.group(1))


# (a) New wording for a boundary ---------------------------------------------------------------


def test_new_wording_sent_after_the_idle_lock_is_back_in_its_box_after_the_password(
    personas: Personas, settings: Settings
) -> None:
    boundary = personas.together["boundary"]  # alice's, told to bob
    page = reverse("together:boundary", args=[boundary])
    phone = _away(as_user(personas.alice), settings)
    stopped = phone.post(
        reverse("together:boundary_act", args=[boundary]),
        {"action": "propose", "text": WORDING, "password": PASSWORD},
    )
    assert stopped.status_code == 302
    assert stopped["Location"] == reauth.confirm_url(page, again=True)  # never the button's
    assert "run" not in stopped["Location"]
    asking = phone.get(stopped["Location"]).content.decode()
    assert "What you typed in the form is kept for you" in asking
    assert "Saturday mornings are for my run" not in asking
    assert _proposals(boundary) == 0  # nothing saved, nothing shown to bob
    confirmed = phone.post(stopped["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == page
    assert _said(confirmed)[0].startswith(BACK)
    shown = phone.get(page)
    assert shown.status_code == 200
    assert _box(shown.content.decode()) == WORDING
    assert shown.context["proposal_open"]  # the box is open, not folded away
    assert _proposals(boundary) == 0
    assert Boundary.objects.get(public_id=boundary).text == "I keep Saturday mornings for my run."
    # Once: a reload (or whoever opens the page later) finds the words as they stand.
    assert _box(phone.get(page).content.decode()) == "I keep Saturday mornings for my run."
    # Her own press saves it, and only then is it bob's to read.
    pressed = phone.post(
        reverse("together:boundary_act", args=[boundary]), {"action": "propose", "text": WORDING}
    )
    assert pressed["Location"] == page and _proposals(boundary) == 1
    assert WORDING in BoundaryEvent.objects.get(kind="proposed").text


def test_only_a_proposals_wording_is_kept_and_never_a_password(
    personas: Personas, settings: Settings
) -> None:
    boundary = personas.together["boundary"]
    button = reverse("together:boundary_act", args=[boundary])
    phone = _away(as_user(personas.alice), settings)
    phone.post(button, {"action": "propose", "text": WORDING, "password": PASSWORD})
    token, _at = phone.session[refill.REFILL]
    assert PASSWORD not in token and "Saturday" not in token  # sealed
    request = phone.get(reverse("home:home")).wsgi_request
    found = refill.opened(request, token)
    assert found is not None
    assert found[0].fields == [("text", WORDING)]
    assert found[0].args == {"boundary_id": boundary}
    # Another step sent with words (no form of ours does) keeps nothing for the box.
    phone.post(button, {"action": "acknowledge", "text": "not a proposal"})
    assert refill.REFILL not in phone.session


def test_the_wording_comes_back_to_its_own_boundary_only(
    personas: Personas, settings: Settings
) -> None:
    alice = personas.alice
    other = services.boundary_draft(owner=alice, text="My evenings are quiet.", idem_key="")
    boundary = personas.together["boundary"]
    phone = _away(as_user(alice), settings)
    stopped = phone.post(
        reverse("together:boundary_act", args=[boundary]), {"action": "propose", "text": WORDING}
    )
    phone.post(stopped["Location"], {"password": PASSWORD})
    elsewhere = phone.get(reverse("together:boundary", args=[other.public_id]))
    assert _box(elsewhere.content.decode()) == "My evenings are quiet."
    assert not elsewhere.context["proposal_open"]
    back = phone.get(reverse("together:boundary", args=[boundary]))
    assert _box(back.content.decode()) == WORDING  # still waited for its own page


def test_another_session_cannot_have_the_wording(personas: Personas, settings: Settings) -> None:
    boundary = personas.together["boundary"]
    page = reverse("together:boundary", args=[boundary])
    phone = _away(as_user(personas.alice), settings)
    phone.post(
        reverse("together:boundary_act", args=[boundary]), {"action": "propose", "text": WORDING}
    )
    token, at = phone.session[refill.REFILL]
    # Her laptop, and bob (who can open the page of a boundary told to him).
    for other in (as_user(personas.alice), as_user(personas.bob)):
        session = other.session
        session[refill.REFILL] = [token, at]
        session.save()
        other.post(reauth.confirm_url(page, again=True), {"password": PASSWORD})
        shown = other.get(page).content.decode()
        assert "nobody else" not in shown
        assert refill.REFILL not in other.session  # unreadable there, so dropped
    assert _proposals(boundary) == 0


def test_a_boundary_page_that_locked_itself_keeps_the_wording_for_the_password(
    personas: Personas, settings: Settings
) -> None:
    """The page's script sends the form she was typing in as it locks itself (``_locked``):
    the wording waits for the password as a late press does, and is not lost without a word."""
    boundary = personas.together["boundary"]
    page = reverse("together:boundary", args=[boundary])
    phone = as_user(personas.alice)
    locked = phone.post(
        reverse("together:boundary_act", args=[boundary]),
        {"action": "propose", "text": WORDING, "_locked": "1"},
        headers={"Referer": f"http://testserver{page}"},
    )
    assert locked["Location"] == reauth.confirm_url(page, again=True)
    assert not any("so it was not kept" in m for m in _said(locked))
    assert _proposals(boundary) == 0
    phone.post(locked["Location"], {"password": PASSWORD})
    assert _box(phone.get(page).content.decode()) == WORDING
    assert _proposals(boundary) == 0


# (b) A decision's ratings ---------------------------------------------------------------------


RATINGS = {"self-0": "6", "self-1": "2", "other-0": "5", "other-1": "3"}


def test_ratings_sent_after_the_idle_lock_are_back_on_their_buttons_after_the_password(
    personas: Personas, settings: Settings
) -> None:
    """bob rates the holiday alice has rated: saved, it opens the combined view to her."""
    decision = personas.decision_id
    page = reverse("decide:detail", args=[decision])
    phone = _away(as_user(personas.bob), settings)
    stopped = phone.post(page, RATINGS)
    assert stopped["Location"] == reauth.confirm_url(page, again=True)
    assert not Rating.objects.filter(user=personas.bob).exists()
    confirmed = phone.post(stopped["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == page
    assert _said(confirmed)[0].startswith(BACK)
    shown = phone.get(page).content.decode()
    assert dict(CHECKED.findall(shown)) == RATINGS
    assert not Rating.objects.filter(user=personas.bob).exists()  # not saved for him
    alice = as_user(personas.alice)
    assert "Waiting for both" in alice.get(page).content.decode()  # nothing opened for her
    # Once.
    assert CHECKED.findall(phone.get(page).content.decode()) == []
    # His own press saves them.
    assert phone.post(page, RATINGS)["Location"] == page
    saved = Rating.objects.get(user=personas.bob)
    assert (saved.for_self, saved.for_partner) == ([6, 2], [5, 3])
    assert "Waiting for both" not in alice.get(page).content.decode()  # why it is not carried


def test_ratings_come_back_to_their_own_decision_only_and_to_no_other_session(
    personas: Personas, settings: Settings
) -> None:
    decision = personas.decision_id
    page = reverse("decide:detail", args=[decision])
    phone = _away(as_user(personas.bob), settings)
    phone.post(page, {**RATINGS, "password": PASSWORD})
    token, at = phone.session[refill.REFILL]
    request = phone.get(reverse("home:home")).wsgi_request
    found = refill.opened(request, token)
    assert found is not None
    assert sorted(found[0].fields) == sorted(RATINGS.items())  # never the password
    assert found[0].args == {"decision_id": decision}
    for other in (as_user(personas.bob), as_user(personas.alice)):
        session = other.session
        session[refill.REFILL] = [token, at]
        session.save()
        other.post(reauth.confirm_url(page, again=True), {"password": PASSWORD})
        assert CHECKED.findall(other.get(page).content.decode()) == []
    assert not Rating.objects.filter(user=personas.bob).exists()


def test_every_rating_of_the_largest_decision_can_come_back() -> None:
    names = refill.REFILLED["decide:detail"]
    assert refill.DECISION_OPTIONS == MAX_OPTIONS
    assert {f"self-{n}" for n in range(MAX_OPTIONS)} <= set(names)
    assert {f"other-{n}" for n in range(MAX_OPTIONS)} <= set(names)


def test_neither_form_is_carried_out_by_her_password() -> None:
    """Both may show something to the partner once saved: kept for their boxes, never
    carried (``accounts/kept.py``)."""
    from interdepend.web.accounts import kept

    for view in ("together:boundary_act", "decide:detail"):
        assert view in refill.REFILLED and view not in kept.CARRIED


# (c) A promise --------------------------------------------------------------------------------


def test_a_promise_sent_after_the_idle_lock_is_back_in_its_boxes_after_the_password(
    personas: Personas, settings: Settings
) -> None:
    """Her promises page asks for her password after a while away (the security audit of
    2026-12-04, II); a promise sent as it closed is not lost, nor saved without her press."""
    from interdepend.web.together.models import Commitment

    page = reverse("together:commitments")
    phone = _away(as_user(personas.alice), settings)
    promise = {"text": "Call my sister on Sunday", "due_on": "2026-12-20", "idem": "k1"}
    before = Commitment.objects.count()
    stopped = phone.post(page, promise)
    assert stopped.status_code == 302
    assert stopped["Location"] == reauth.confirm_url(page, again=True)
    assert "sister" not in phone.get(stopped["Location"]).content.decode()
    confirmed = phone.post(stopped["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == page
    shown = phone.get(page).content.decode()
    assert 'value="Call my sister on Sunday"' in shown
    assert 'value="2026-12-20"' in shown
    assert Commitment.objects.count() == before
