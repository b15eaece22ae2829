"""Double taps, two tabs, two devices: what is done once is done once, and each answer says
what really happened (the race audit of 2026-12-02).

The service-level tests start several threads behind a barrier, each with its own database
connection, as a double tap reaches two server workers. The page tests send the second request
after the first, as a stale tab does.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from interdepend.web.decide.models import Decision, Rating
from interdepend.web.journal import services as journal
from interdepend.web.journal.models import Entry
from interdepend.web.journal.selectors import entry_views
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import GuessAttempt, InvitationState
from interdepend.web.together import services
from interdepend.web.together.models import Bid, Commitment, CommitmentState
from tests.conftest import PASSWORD, Personas
from tests.faults.concurrency import run_threads
from tests.helpers import Response, active_partnership, as_user

pytestmark = pytest.mark.django_db(transaction=True)

TAPS = 6


def said(response: Response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_bid_answered_from_six_tabs_at_once_keeps_one_answer(personas: Personas) -> None:
    bid = Bid.objects.get(public_id=personas.together["bid"])
    answers = ["yes_now", "not_now", "later", "yes_now", "not_now", "later"]

    def tap(n: int) -> str:
        try:
            services.bid_answer(bid=Bid.objects.get(pk=bid.pk), answer=answers[n], when="Sunday")
        except services.AlreadyDone:
            return "refused"
        return answers[n]

    results = run_threads(TAPS, tap)
    kept = [r for r in results if r != "refused"]
    assert len(kept) == 1 and results.count("refused") == TAPS - 1, results
    bid.refresh_from_db()
    assert bid.answer == kept[0]


def test_a_promise_reshaped_from_six_tabs_at_once_carries_on_once(personas: Personas) -> None:
    promise = Commitment.objects.get(public_id=personas.together["commitment"])
    later = timezone.localdate() + timedelta(days=10)

    def tap(_n: int) -> str:
        try:
            services.commitment_mark(
                commitment=Commitment.objects.get(pk=promise.pk),
                state=CommitmentState.RENEGOTIATED,
                new_due_on=later,
            )
        except services.AlreadyDone:
            return "refused"
        return "marked"

    results = run_threads(TAPS, tap)
    assert results.count("marked") == 1, results
    follow_ups = Commitment.objects.filter(owner=promise.owner, text=promise.text, due_on=later)
    assert follow_ups.count() == 1


def test_one_entry_saved_from_six_devices_on_the_same_page_keeps_one(personas: Personas) -> None:
    entry = Entry.objects.filter(owner=personas.carol).first()
    assert entry is not None
    (opened,) = entry_views(personas.carol, [entry], None)
    seen = journal.text_mark(opened.body or "")

    def tap(n: int) -> str:
        try:
            journal.entry_update(
                entry=Entry.objects.get(pk=entry.pk), body=f"device {n}", seen=seen
            )
        except journal.EntryChanged:
            return "conflict"
        return f"device {n}"

    results = run_threads(TAPS, tap)
    saved = [r for r in results if r != "conflict"]
    assert len(saved) == 1, results
    (view,) = entry_views(personas.carol, [Entry.objects.get(pk=entry.pk)], None)
    assert view.body == saved[0]


def test_wrong_codes_sent_in_parallel_stop_exactly_at_the_limit(personas: Personas) -> None:
    limit = settings.INVITE_GUESS_LIMIT
    erin = personas.erin

    def guess(n: int) -> str:
        try:
            partners.invitation_find(code=f"WRONG-{n:04d}", user=erin, ip_address="10.0.0.9")
        except partners.TooManyGuesses:
            return "429"
        except partners.PartnershipError:
            return "404"
        return "found"

    results = run_threads(limit + 8, guess)
    assert results.count("404") == limit and results.count("429") == 8, results
    assert GuessAttempt.objects.filter(key=f"user:{erin.pk}").count() == limit


# --- the pages, one request after the other ---------------------------------------------------


def test_a_second_answer_to_a_bid_changes_nothing_and_says_so(personas: Personas) -> None:
    url = reverse("together:bid_answer", args=[personas.together["bid"]])
    alice = as_user(personas.alice)
    assert alice.post(url, {"answer": "yes_now"}).status_code == 302
    stale = alice.post(url, {"answer": "not_now"})
    assert stale.status_code == 302
    assert said(stale)[-1] == "This already has an answer, so it stays as it was."
    assert Bid.objects.get(public_id=personas.together["bid"]).answer == "yes_now"
    # With htmx, the whole page is loaded again to show it as it is.
    again = alice.post(url, {"answer": "later"}, headers={"HX-Request": "true"})
    assert again.status_code == 204 and again["HX-Redirect"] == reverse("together:bids")


def test_a_bid_deleted_on_the_way_is_no_longer_here_not_an_error(personas: Personas) -> None:
    bid = Bid.objects.get(public_id=personas.together["bid"])
    Bid.objects.filter(pk=bid.pk).delete()
    with pytest.raises(services.NoLongerThere):
        services.bid_answer(bid=bid, answer="yes_now")


def test_a_promise_marked_in_another_tab_stays_as_marked_there(personas: Personas) -> None:
    promise = personas.together["commitment"]
    url = reverse("together:commitment_mark", args=[promise])
    alice = as_user(personas.alice)
    assert alice.post(url, {"state": "kept"}).status_code == 302
    stale = alice.post(url, {"state": "missed"})
    assert said(stale)[-1] == "This promise was marked already, so it stays as it was."
    assert Commitment.objects.get(public_id=promise).state == CommitmentState.KEPT


def test_an_older_edit_page_does_not_replace_what_another_device_saved(
    personas: Personas,
) -> None:
    entry = Entry.objects.filter(owner=personas.carol).first()
    assert entry is not None
    url = reverse("journal:edit", args=[entry.public_id])
    phone, laptop = as_user(personas.carol), as_user(personas.carol)
    opened = laptop.get(url).content.decode()
    (view,) = entry_views(personas.carol, [entry], None)
    seen = journal.text_mark(view.body or "")
    assert f'name="seen" value="{seen}"' in opened
    page = phone.get(url).content.decode()
    assert f'name="seen" value="{seen}"' in page
    written = {"body": "Written on the phone.", "seen": seen, "password": PASSWORD}
    assert phone.post(url, written).status_code == 302
    late = laptop.post(url, {"body": "Written on the laptop.", "seen": seen, "password": PASSWORD})
    text = late.content.decode()
    assert late.status_code == 409
    assert "Written on the phone." in text and "Written on the laptop." in text
    assert "this entry was changed somewhere else after you opened it" in text
    (view,) = entry_views(personas.carol, [Entry.objects.get(pk=entry.pk)], None)
    assert view.body == "Written on the phone."
    # The page now carries the newer time: saving again replaces it, as she chose.
    newer = journal.text_mark("Written on the phone.")
    assert f'name="seen" value="{newer}"' in text
    again = {"body": "Written on the laptop.", "seen": newer, "password": PASSWORD}
    assert laptop.post(url, again).status_code == 302


def test_declining_an_invitation_accepted_in_another_tab_says_it_is_no_longer_open(
    personas: Personas,
) -> None:
    """The decline tab looked the code up just before the accept tab took it: it must not say
    "you declined" while she is linked."""
    code = personas.invitation_code
    looked_up = partners.invitation_find(code=code, user=personas.dave, ip_address=None)
    partners.invitation_accept(invitation=looked_up, user=personas.dave)
    with pytest.raises(partners.PartnershipError, match="This invitation is no longer open."):
        partners.invitation_decline(invitation=looked_up)
    assert active_partnership(personas.dave).partner.pk == personas.carol.pk
    looked_up.refresh_from_db()
    assert looked_up.state == InvitationState.ACCEPTED
    # Through the page, one after the other: the code is spent, nothing says "declined", and
    # the code he used is not counted as a wrong guess (one of ten an hour).
    guesses = GuessAttempt.objects.count()
    declined = as_user(personas.dave).post(
        reverse("partners:respond"), {"code": code, "answer": "decline"}
    )
    assert said(declined) == ["You used this invitation already: you and Carol are linked."]
    assert GuessAttempt.objects.count() == guesses
    # Someone else with the spent code is told it opens nothing, and counted exactly as for a
    # code that matches nothing: the invitation became Dave's as he opened it, so for anyone
    # else it must answer as no invitation does (the notification audit of 2026-12-03, H1).
    # Closed or open, whoever opened it: only the account it belongs to is not counted (a
    # closed code nobody opened counted nothing, so a count told that someone had; L1).
    other = as_user(personas.alice).post(
        reverse("partners:respond"), {"code": code, "answer": "decline"}
    )
    assert "does not open an invitation" in said(other)[0]
    assert GuessAttempt.objects.count() == guesses + 1
    unknown = as_user(personas.alice).post(
        reverse("partners:respond"), {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "answer": "decline"}
    )
    assert said(unknown) == said(other)
    assert GuessAttempt.objects.count() == guesses + 2


def test_ratings_from_a_second_tab_are_told_the_first_stand(personas: Personas) -> None:
    decision = Decision.objects.get(public_id=personas.decision_id)  # bob has not rated it
    url = reverse("decide:detail", args=[decision.public_id])
    options = len(decision.options)

    def ratings(first: int) -> dict[str, str]:
        form: dict[str, str] = {}
        for n in range(options):
            form[f"self-{n}"] = str(first if n == 0 else 8 - first)
            form[f"other-{n}"] = str(first if n == 0 else 8 - first)
        return form

    bob = as_user(personas.bob)
    first = bob.post(url, ratings(7))
    assert said(first)[-1] == "Your ratings are saved. Only you see the numbers."
    second = bob.post(url, ratings(1))
    assert said(second)[-1] == "You had rated this already, so your first ratings stand."
    assert Rating.objects.get(decision=decision, user=personas.bob).for_self[0] == 7


# --- a partnership that ends while a request is on its way -------------------------------------


def test_nothing_is_written_into_a_partnership_that_ended_on_the_way(personas: Personas) -> None:
    """Each request read the partnership before the other's safety reset (or leave) ended it,
    and wrote after: a share is refused, so nothing stays shared with a partnership that just
    ended; a bid answer, a boundary acknowledgement and ratings are not taken either."""
    from interdepend.core.boundary import BoundaryStepRefused, Step
    from interdepend.web.decide import services as decide
    from interdepend.web.together.models import Boundary

    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    theirs = active_partnership(bob)
    entry = Entry.objects.filter(owner=alice, shared_with_partner=False).first()
    bid = Bid.objects.get(public_id=personas.together["bid"])
    boundary = Boundary.objects.get(public_id=personas.together["boundary"])
    decision = Decision.objects.get(public_id=personas.decision_id)
    assert entry is not None
    assert partners.partnership_leave(user=alice)  # the safety reset leaves, quietly

    with pytest.raises(partners.PartnershipEnded):
        journal.entry_share_with_partner(entry=entry, active=active)
    assert not Entry.objects.get(pk=entry.pk).shared_with_partner
    with pytest.raises(services.NoLongerThere):
        services.bid_answer(bid=bid, answer="yes_now")
    assert Bid.objects.get(pk=bid.pk).answer == ""
    with pytest.raises(BoundaryStepRefused):
        services.boundary_step(
            boundary=boundary, actor=bob, step=Step.ACKNOWLEDGE, partnership=theirs.partnership
        )
    assert Boundary.objects.get(pk=boundary.pk).state == boundary.state
    with pytest.raises(partners.PartnershipEnded):
        decide.rating_save(decision=decision, user=bob, for_self=[4, 4], for_partner=[4, 4])
    assert not Rating.objects.filter(decision=decision, user=bob).exists()
    bids = Bid.objects.count()
    with pytest.raises(partners.PartnershipEnded):
        services.bid_send(owner=bob, partnership=theirs.partnership, text="Walk?", idem_key="")
    assert Bid.objects.count() == bids


def test_an_edit_page_without_the_mark_of_its_text_is_shown_both_texts(
    personas: Personas,
) -> None:
    """A page opened before edits carried the mark cannot say which text it replaces."""
    entry = Entry.objects.filter(owner=personas.carol).first()
    assert entry is not None
    url = reverse("journal:edit", args=[entry.public_id])
    old_page = as_user(personas.carol).post(
        url, {"body": "From a page of last week.", "password": PASSWORD}
    )
    assert old_page.status_code == 409
    (view,) = entry_views(personas.carol, [Entry.objects.get(pk=entry.pk)], None)
    assert view.body != "From a page of last week."
    assert "From a page of last week." in old_page.content.decode()


def test_shared_writes_refuse_and_her_own_writes_stay_hers_when_the_partnership_ended(
    personas: Personas,
) -> None:
    """The rest of the writes a request can carry into a partnership that ends on the way. What
    only the two of them would read (a goal's edit or note, a promise's mark, a shared result, a
    perception form, a new decision, a question to talk about) is refused. What she wrote for
    herself as well (a new goal or promise, her check-in, today's answer) is kept as hers alone:
    made into the ended partnership, neither of them would ever see it again."""
    from dataclasses import replace

    from interdepend.web.assessment.models import Attempt
    from interdepend.web.couple import selectors as couple_selectors
    from interdepend.web.couple import services as couple
    from interdepend.web.couple.models import Perception, Reveal
    from interdepend.web.daily import services as daily
    from interdepend.web.daily.access import today_for
    from interdepend.web.daily.models import DailyAnswer, TalkItem
    from interdepend.web.decide import services as decide
    from interdepend.web.together.models import CheckIn, Goal, GoalNote
    from interdepend.web.together.selectors import this_week

    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    shared_goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    promise = Commitment.objects.get(public_id=personas.together["commitment"])
    attempt = Attempt.objects.get(public_id=personas.finished_attempt_id)
    today = today_for(alice)
    question = today.question if today.question.for_two else None
    assert partners.partnership_leave(user=bob)  # his leave, committed a moment before

    with pytest.raises(partners.PartnershipEnded):
        services.goal_update(
            goal=shared_goal,
            expected_version=shared_goal.version,
            title="Changed",
            detail="",
            done=True,
        )
    assert Goal.objects.get(pk=shared_goal.pk).title == shared_goal.title
    notes = GoalNote.objects.count()
    with pytest.raises(partners.PartnershipEnded):
        services.goal_note_add(goal=shared_goal, author=alice, text="Late note", idem_key="")
    assert GoalNote.objects.count() == notes
    with pytest.raises(partners.PartnershipEnded):
        services.commitment_mark(commitment=promise, state=CommitmentState.KEPT)
    assert Commitment.objects.get(pk=promise.pk).state == CommitmentState.OPEN
    Reveal.objects.filter(user=alice).delete()
    with pytest.raises(partners.PartnershipEnded):
        couple.reveal_create(user=alice, active=active, attempt=attempt)
    assert not Reveal.objects.filter(user=alice).exists()
    form = couple_selectors.perception_form()
    with pytest.raises(partners.PartnershipEnded):
        couple.perception_save(user=alice, active=active, form=form, answers={form.item_ids[0]: 3})
    assert not Perception.objects.filter(rater=alice, partnership=active.partnership).exists()
    decisions = Decision.objects.count()
    with pytest.raises(partners.PartnershipEnded):
        decide.decision_create(
            partnership=active.partnership,
            author=alice,
            title="Late",
            options=["A", "B"],
            token="late",
        )
    assert Decision.objects.count() == decisions
    talk = TalkItem.objects.create(partnership=active.partnership, day=today.day, question_id=1)
    with pytest.raises(partners.PartnershipEnded):
        daily.talk_done(item=talk, done=True)
    assert TalkItem.objects.get(pk=talk.pk).talked_at is None

    goal = services.goal_create(
        owner=alice, partnership=active.partnership, title="Swim", detail="", idem_key=""
    )
    made = services.commitment_create(
        owner=alice,
        partnership=active.partnership,
        text="Call my sister",
        due_on=timezone.localdate() + timedelta(days=2),
        idem_key="",
    )
    checkin = services.checkin_save(
        owner=alice,
        week=this_week(),
        values={"heard": 3},
        need="Some quiet",
        shared=True,
        partnership=active.partnership,
    )
    assert (goal.partnership_id, made.partnership_id) == (None, None)
    assert (checkin.shared, checkin.partnership_id) == (False, None)
    assert CheckIn.objects.get(pk=checkin.pk).need == "Some quiet"
    if question is not None:  # today is a day for two: her answer is saved for one
        DailyAnswer.objects.filter(owner=alice, day=today.day).delete()
        answer = daily.answer_save(
            user=alice, today=replace(today, mine=None, theirs=None), text="Late words"
        )
        assert (answer.partnership_id, answer.text) == (None, "Late words")


def test_a_promise_made_as_the_partnership_ends_is_kept_as_hers_and_the_page_says_so(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page read her partnership before his leave ended it; the promise she sent is saved,
    hers alone, and she is told why it does not show as theirs."""
    from interdepend.web.together import views

    alice = personas.alice
    stale = active_partnership(alice)
    assert partners.partnership_leave(user=personas.bob)
    monkeypatch.setattr(views, "access_active_partnership", lambda user: stale)
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    client = as_user(alice)
    response = client.post(
        reverse("together:commitments"), {"text": "Book the dentist", "due_on": due, "idem": "k1"}
    )
    assert response.status_code == 302
    assert said(response) == [str(partners.KEPT_OWN)]
    made = Commitment.objects.get(owner=alice, text="Book the dentist")
    assert made.partnership_id is None
    monkeypatch.undo()
    assert "Book the dentist" in client.get(reverse("together:commitments")).content.decode()
