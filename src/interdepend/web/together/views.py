"""Together-space views: thin, typed, each fetching through an access helper.

The small interactions (answer a bid, mark a promise) answer an htmx request with the
changed fragment, and any other request with a redirect: the page works without script.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import CheckboxInput
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.core.boundary import BoundaryStepRefused, Role, Stage, Step, parse_step
from interdepend.web.accounts import refill
from interdepend.web.accounts.forms import PasswordConfirmForm
from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.models import User
from interdepend.web.accounts.reauth import asked_each_time, password_each_time, typed_proof
from interdepend.web.frame import versions
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import holds_long_text, is_htmx, posted, whole_page
from interdepend.web.frame.usertext import shows_nothing
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.partners.ended import YOUR_TITLE, YOUR_WORDS, ended_among, told_when_ended
from interdepend.web.partners.services import KEPT_OWN, PartnershipEnded
from interdepend.web.together import access, forms, freshforms, selectors, services, trends
from interdepend.web.together.models import (
    ITEMS,
    BidAnswer,
    CheckIn,
    CommitmentState,
    Goal,
)
from interdepend.web.together.templatetags import bidcards, checkinparts

#: Where the page that says a partnership has ended leads on from each kind of form
#: (:mod:`interdepend.web.partners.ended`).
#: Reads a tick box posted to a form that no longer has it (a goal's "together").
TICK = CheckboxInput()
TO_GOALS = ("together:goals", gettext_lazy("Back to goals"))
TO_PROMISES = ("together:commitments", gettext_lazy("Promises"))
TO_BIDS = ("together:bids", gettext_lazy("Reaching out"))
TO_BOUNDARIES = ("together:boundaries", gettext_lazy("Back to boundaries"))


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # What is waiting comes from the menu's own reading (``menu_waiting``), made once a page.
    active = access_active_partnership(authed_user(request))
    return render(request, "together/home.html", {"active": active})


# Goals ---------------------------------------------------------------------------------------


@login_required
@idle_gate
@holds_long_text(forms.DETAIL_MAX)
def goals(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    # A view that sends nothing draws the kept fields and makes no form (freshforms.opened).
    fresh = None
    if request.method != "POST":
        fresh = freshforms.opened(forms.GoalForm, without=() if active else ("together",))
    form = (
        None if fresh is not None else forms.GoalForm(posted(request), shareable=active is not None)
    )
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Without a partnership the form has no box to read: one ticked on a page drawn while
        # linked, posted after the partnership ended, is kept as her own and said so in words.
        asked = (
            data["together"]
            if active
            else TICK.value_from_datadict(form.data, form.files, "together")
        )
        wanted = active.partnership if active and asked else None
        made = services.goal_create(
            owner=user,
            partnership=wanted,
            title=data["title"],
            detail=data["detail"],
            idem_key=data["idem"],
        )
        if asked and made.partnership_id is None:
            messages.info(request, KEPT_OWN)
        else:
            messages.success(request, _("Added. Small steps count."))
        return redirect("together:goals")
    rows = access.goal_list(user, active)
    context = {
        "active": active,
        "form": form,
        "fresh": fresh,
        "personal": [g for g in rows if not g.is_shared],
        "shared": [g for g in rows if g.is_shared],
        "balance": trends.balance_numbers(
            selectors.own_balance(user, active), *trends.own_labels(active)
        ),
        # Its words while it is empty, as its text alternative (together/trends.py): the
        # function, written only when the chart is empty (``goalitems.goals_balance``), as
        # Trends passes its own; a template calls it as it reads it.
        "balance_empty": trends.own_balance_empty,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "together/goals.html", context, status=status)


def _goal_page(
    request: HttpRequest,
    goal: Goal,
    active: ActivePartnership | None,
    *,
    edit: forms.GoalEditForm | None = None,
    note_form: forms.NoteForm | None = None,
    **extra: object,
) -> HttpResponse:
    # ``edit`` is the form sent back (refused); without one the page draws the goal's own
    # edit form from the parts a worker keeps (``together/editform.py``), making no form.
    user = authed_user(request)
    # The latest steps show, the rest when asked for: a year of weekly steps drew a page of
    # sixty cards on a phone, read every one and left "Edit this goal" under them all (the
    # year walk of 2026-12-05).
    every = request.GET.get("steps") == "all"
    notes, hidden = access.goal_notes(access.SeenGoal(goal, active), user, every=every)
    # Without a step sent back, the form for a new step is the kept fields joined with a new
    # key (freshforms.opened), no form made; the form is made only if nothing is kept.
    note_fresh = freshforms.opened(forms.NoteForm) if note_form is None else None
    context = {
        "goal": goal,
        "active": active,  # the mark on a shared goal's forms (partners/ended.py)
        "edit": edit,
        "note_form": note_form or (None if note_fresh is not None else forms.NoteForm()),
        "note_fresh": note_fresh,
        "notes": notes,
        "notes_hidden": hidden,
        **_edited_by(goal, user, active),
        **extra,
    }
    status = 409 if "conflict" in extra else 400 if note_form is not None else 200
    return render(request, "together/goal.html", context, status=status)


def _edited_by(goal: Goal, user: User, active: ActivePartnership | None) -> dict[str, object]:
    """Who saved a shared goal's last edit, for its page: the person themself, the partner by
    name, or nobody (never edited, or by someone no longer in the partnership)."""
    if not goal.is_shared or goal.edited_by_id is None:
        return {}
    if goal.edited_by_id == user.pk:
        return {"edited_by_you": True}
    if active is not None and goal.edited_by_id == active.partner.pk:
        return {"edited_by_name": active.partner.display_name}
    return {}


@login_required
@require_safe
@idle_gate
def goal(request: HttpRequest, goal_id: str) -> HttpResponse:
    seen = access.access_goal(authed_user(request), goal_id)
    return _goal_page(request, seen.goal, seen.active)


@login_required
@require_POST
@idle_gate
@told_when_ended(TO_GOALS, [("title", YOUR_TITLE), ("detail", YOUR_WORDS)])
@holds_long_text(forms.DETAIL_MAX)
def goal_edit(request: HttpRequest, goal_id: str) -> HttpResponse:
    user = authed_user(request)
    seen = access.access_goal(user, goal_id)
    found = seen.goal
    form = forms.GoalEditForm(request.POST, shared=found.is_shared)
    if not form.is_valid():
        return _goal_page(request, found, seen.active, edit=form)
    data = form.cleaned_data
    if (data["title"], data["detail"]) != (found.title, found.detail):
        # New words for a goal ask for the password typed for it, each time, as changing a
        # journal entry does: whoever held her phone rewrote her goals with none, and nothing
        # of her words was kept (the phone audit of 2026-12-04, M2). Ticking it reached, or
        # saving it unchanged, never asks.
        asked = asked_each_time(request, _("change the words of this goal"))
        if asked is not None:
            return asked
    try:
        services.goal_update(
            goal=found,
            expected_version=data["version"],
            title=data["title"],
            detail=data["detail"],
            done=data["done"],
            editor=user,
        )
    except services.GoalConflict as conflict:
        return _goal_page(request, conflict.current, seen.active, conflict=True, mine=data)
    messages.success(request, _("Saved."))
    return redirect("together:goal", goal_id=found.public_id)


@login_required
@require_POST
@idle_gate
@told_when_ended(TO_GOALS, [("text", YOUR_WORDS)])
@holds_long_text(forms.LONG_MAX)
def goal_note(request: HttpRequest, goal_id: str) -> HttpResponse:
    user = authed_user(request)
    seen = access.access_goal(user, goal_id)
    found = seen.goal
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        # Said beside the box, with the words kept: a long note was thrown away under "A note
        # needs a few words" once the browser no longer stopped typing at the limit (the
        # re-audit of 2026-12-03).
        return _goal_page(request, found, seen.active, note_form=form)
    services.goal_note_add(
        goal=found,
        author=user,
        text=form.cleaned_data["text"],
        idem_key=form.cleaned_data["idem"],
    )
    messages.success(request, _("Noted."))
    return redirect("together:goal", goal_id=found.public_id)


# Commitments ---------------------------------------------------------------------------------


@login_required
@idle_gate  # the promises she made for herself, and how she has kept them, are hers alone
def commitments(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    # A promise sent as the idle lock closed is back in its boxes after her password.
    typed = refill.typed_back(request, "together:commitments") if request.method == "GET" else None
    # A view that sends nothing draws the kept fields and makes no form (freshforms.opened).
    fresh = None if request.method == "POST" or typed else freshforms.opened(forms.CommitmentForm)
    form = None
    if fresh is None:
        form = forms.CommitmentForm(posted(request), initial=dict(typed.fields) if typed else {})
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            made = services.commitment_create(
                owner=user,
                partnership=active.partnership if active else None,
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
                idem_key=form.cleaned_data["idem"],
            )
        except services.TooManyPromises:
            form.add_error("text", too_many_promises())
        else:
            if active is not None and made.partnership_id is None:
                messages.info(request, KEPT_OWN)
            else:
                messages.success(request, _("Your promise is written down."))
            return redirect("together:commitments")
    # The eight latest earlier promises show; the rest only when asked for (a long list costs
    # every visit to draw, and a phone a long scroll).
    show_all = request.GET.get("earlier") == "all"
    context = {
        "form": form,
        "fresh": fresh,
        "show_all": show_all,
        "partner": active.partner if active else None,
        **_promise_lists(user, active),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "together/commitments.html", context, status=status)


#: What a screen reader hears once a promise has moved to the earlier ones.
MARKED: dict[str, Any] = {
    CommitmentState.KEPT: gettext_lazy("Marked as kept. It is now under earlier promises."),
    CommitmentState.MISSED: gettext_lazy(
        "Marked as not happening this time. It is now under earlier promises."
    ),
    CommitmentState.RENEGOTIATED: gettext_lazy("Marked as talked over again."),
}


def _promise_lists(user: User, active: ActivePartnership | None) -> dict[str, Any]:
    """What the promises page lists: still to do, earlier, and the follow-through lately."""
    rows = access.promise_list(user, active)
    today = timezone.localdate()  # hers, worked out once for the count and the lists
    return {
        "active": active,
        # still to do: the soonest due first (the list was newest due first, which put the
        # promise due today last: the desktop walk of 2026-12-02)
        "open": sorted((c for c in rows if c.state == "open"), key=lambda c: (c.due_on, c.pk)),
        "done": [c for c in rows if c.state != "open"],
        "follow": selectors.follow_through(rows, today),
        "today": today,
    }


@login_required
@require_POST
@idle_gate  # its answer draws the promises again, hers made alone among them
@told_when_ended(TO_PROMISES)
def commitment_mark(request: HttpRequest, commitment_id: str) -> HttpResponse:
    user = authed_user(request)
    found = access.access_own_commitment(user, commitment_id)
    state = str(request.POST.get("state", ""))
    reshape = forms.ReshapeForm(request.POST)
    if not reshape.is_valid():
        messages.error(request, " ".join(str(e) for e in reshape.errors["new_due_on"]))
        return whole_page(request, redirect("together:commitments"))
    try:
        new_due_on = reshape.cleaned_data["new_due_on"]
        services.commitment_mark(commitment=found, state=state, new_due_on=new_due_on)
    except services.AlreadyDone:
        messages.info(request, ALREADY_MARKED)
        return whole_page(request, redirect("together:commitments"))
    except services.NoLongerThere:
        messages.info(request, GONE)
        return whole_page(request, redirect("together:commitments"))
    except services.TogetherError:
        messages.error(request, _("That choice was not one of the options."))
        return redirect("together:commitments")
    if is_htmx(request):
        context = {"status": MARKED[state], **_promise_lists(user, access_active_partnership(user))}
        return render(request, "together/_promises_changed.html", context)
    return redirect("together:commitments")


ALREADY_MARKED = gettext_lazy("This promise was marked already, so it stays as it was.")
GONE = gettext_lazy(
    "That is no longer here: it was removed, or the partnership ended, a moment ago."
)


# Bids ----------------------------------------------------------------------------------------


@login_required
@told_when_ended(TO_BIDS, [("text", YOUR_WORDS)])
def bids(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    # Opened (not sent), the form is the class's with a fresh key, written straight by
    # ``{% bid_form_fields %}`` from its markup made as the worker started: no form is built.
    form = forms.BidForm(request.POST) if request.method == "POST" else None
    if form is not None and active is not None and form.is_valid():
        try:
            services.bid_send(
                owner=user,
                partnership=active.partnership,
                text=form.cleaned_data["text"],
                idem_key=form.cleaned_data["idem"],
            )
        except services.TooManyWaiting:
            form.add_error("text", too_many_waiting(active))
        else:
            messages.success(request, _("Sent."))
            return redirect("together:bids")
    context: dict[str, object] = {"active": active, "form": form}
    if active is not None:
        lists = _bid_lists(user, active)
        mine = lists.pop("mine")
        context |= lists | {
            "at_most": too_many_waiting(active) if len(mine) >= services.BIDS_WAITING_MAX else "",
            "history": selectors.couple_bid_months(active),
        }
    status = 400 if form is not None and (form.errors or not active) else 200
    return render(request, "together/bids.html", context, status=status)


def _bid_lists(user: User, active: ActivePartnership) -> dict[str, Any]:
    """The bids page's two lists: waiting for the reader's answer, and Recent (her own still
    waiting, and every answered one), newest first; and her own waiting ones apart."""
    return _lists_shown(user, *access.bid_lists(user, active))


def _lists_shown(user: User, waiting: list[Any], answered: list[Any]) -> dict[str, Any]:
    """:func:`_bid_lists` of the two lists as ``access.bid_lists`` reads them."""
    mine = [bid for bid in waiting if bid.owner_id == user.pk]
    return {
        "to_answer": [bid for bid in waiting if bid.owner_id != user.pk],
        "bids": sorted(mine + answered, key=lambda bid: bid.created_at, reverse=True),
        "mine": mine,
        # The two lists' words, day, formats and names, looked up once for both (made afresh
        # for this request, never kept): each list made its own.
        "bid_words": bidcards.Words(),
    }


def too_many_waiting(active: ActivePartnership) -> str:
    """Why no new bid can go now, in words that ask for patience rather than blame."""
    count = services.BIDS_WAITING_MAX
    return ngettext(
        "%(count)d time you reached out is waiting for %(name)s's answer. You can reach out "
        "again once they have answered it.",
        "%(count)d times you reached out are waiting for %(name)s's answer. You can reach out "
        "again once they have answered one of them.",
        count,
    ) % {"count": count, "name": active.partner.display_name}


@login_required
@require_POST
@told_when_ended(TO_BIDS, [("when", gettext_lazy("Your words for later"))], marks_read_by_view=True)
def bid_answer(request: HttpRequest, bid_id: str) -> HttpResponse:
    user = authed_user(request)
    # Her ended partnerships with the bid, in one statement: the mark is checked first.
    ended, found = access.bid_to_answer(user, bid_id)
    if ended_among(request, bid_id, ended):
        raise PartnershipEnded
    if found is None:
        raise Http404
    answer = str(request.POST.get("answer", ""))
    when = ""
    if answer == BidAnswer.LATER:  # only "later" keeps words (the form was built for every answer)
        later = forms.LaterForm(request.POST)
        if not later.is_valid():
            # Said beside the box, the words kept, the bid still open: they were cut at 80
            # without a word (the re-audit of 2026-12-03).
            said = str(later.errors["when"][0])
            if is_htmx(request):
                typed = str(request.POST.get("when", ""))
                context = {"bid": found, "user": user, "when_error": said, "when_value": typed}
                return render(request, "together/_bid.html", context)
            messages.error(request, said)
            return redirect("together:bids")
        when = later.cleaned_data.get("when", "")
    try:
        services.bid_answer(bid=found, answer=answer, when=when)
    except services.AlreadyDone:
        messages.info(request, _("This already has an answer, so it stays as it was."))
        return whole_page(request, redirect("together:bids"))
    except services.NoLongerThere:
        messages.info(request, GONE)
        return whole_page(request, redirect("together:bids"))
    except services.TogetherError:
        messages.error(request, _("That choice was not one of the options."))
        return redirect("together:bids")
    if not is_htmx(request):
        return redirect("together:bids")  # a form posted without htmx: the whole page
    # Her partnership read again (it answers one that ended a moment after the write) with the
    # month's counts and the two lists in the same statement.
    read = selectors.answer_reads(user, found.created_at, found.partnership_id)
    if read.active is not None:
        # The answered bid moves from the waiting list to Recent (it stayed under "Waiting for
        # your answer" with Recent empty until a reload: the English walk of 2026-12-03), and
        # what it changed elsewhere follows: the month's counts and the count in the bar.
        lists = _lists_shown(user, read.waiting, read.answered)
        context = {"user": user, "month": read.month, **lists}
        response = HttpResponse(bidcards.bid_answered(request, context))
        response["HX-Retarget"] = "#bids-waiting"
        response["HX-Reswap"] = "outerHTML"
        return response
    return whole_page(request, redirect("together:bids"))  # ended a moment after: the page


# Boundaries ----------------------------------------------------------------------------------


@login_required
@idle_gate
@holds_long_text(forms.LONG_MAX)
def boundaries(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    form = forms.BoundaryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        made = services.boundary_draft(
            owner=user, text=form.cleaned_data["text"], idem_key=form.cleaned_data["idem"]
        )
        messages.success(request, _("Saved as a private draft."))
        return redirect("together:boundary", boundary_id=made.public_id)
    rows = access.boundary_list(user, active)
    context = {
        "active": active,
        "form": form,
        "mine": [b for b in rows if b.owner_id == user.pk],
        "theirs": [b for b in rows if b.owner_id != user.pk],
    }
    status = 400 if form.errors else 200
    return render(request, "together/boundaries.html", context, status=status)


def _boundary_page(
    request: HttpRequest,
    seen: access.SeenBoundary,
    proposal: forms.ProposalForm | None = None,
) -> HttpResponse:
    """The boundary's page; with ``proposal``, new wording sent back with what is wrong with
    it, the words kept in the box. Back from the confirm page, the wording she sent is in the
    box again, waiting for her press (``accounts.refill``)."""
    events = access.boundary_history(authed_user(request), seen)
    access.own_words_after_end([seen.boundary], seen.active)
    waiting = next((e for e in events if e.open), None)
    steps = seen.open_steps(waiting)
    typed = None
    if proposal is None and Step.PROPOSE in steps:
        at = {"boundary_id": seen.boundary.public_id}
        typed = refill.typed_back(request, "together:boundary_act", args=at)
    text = typed.value("text") if typed else seen.boundary.text
    context = {
        "boundary": seen.boundary,
        "events": events,
        "waiting": waiting,
        "steps": steps,
        "is_mine": seen.role is Role.AUTHOR,
        "active": seen.within,
        # As the page opens it, the wording box is drawn from her words alone
        # (``freshforms.wording_box``): the form is made only if something else reads it.
        "proposal_form": proposal or SimpleLazyObject(lambda: _proposal_form(text)),
        "proposal_words": None if proposal else text,
        "proposal_open": typed is not None,
    }
    return render(request, "together/boundary.html", context, status=400 if proposal else 200)


def _proposal_form(text: object) -> forms.ProposalForm:
    return forms.ProposalForm(initial={"text": text})


@login_required
@require_safe
@idle_gate
def boundary(request: HttpRequest, boundary_id: str) -> HttpResponse:
    return _boundary_page(request, access.access_boundary(authed_user(request), boundary_id))


#: What each step on a boundary did, said once it is done.
BOUNDARY_DONE = {
    Step.TELL: gettext_lazy("Your partner can read this boundary now."),
    Step.ACKNOWLEDGE: gettext_lazy("Your partner will see that you hear it and will respect it."),
    Step.PROPOSE: gettext_lazy("Your wording is saved."),
    Step.ACCEPT: gettext_lazy("You both agree on these words now."),
    Step.DECLINE: gettext_lazy("The words stay as they were."),
}


def _tell_words(request: HttpRequest) -> str:
    """Whom the password page says she is about to tell her boundary."""
    partner = access_active_partnership(authed_user(request))
    if partner is None:
        return _("tell your partner this boundary")
    return _("tell %(name)s this boundary") % {"name": partner.partner.display_name}


def _step_open(seen: access.SeenBoundary, step: Step) -> bool:
    """Whether the person may take the step now (a refused one asks for nothing)."""
    return step in seen.open_steps(seen.boundary.events.filter(open=True).order_by("pk").first())


@login_required
@require_POST
@idle_gate
@told_when_ended(TO_BOUNDARIES, [("text", gettext_lazy("Your wording"))])
@holds_long_text(forms.LONG_MAX)
def boundary_act(request: HttpRequest, boundary_id: str) -> HttpResponse:
    """Tell, acknowledge, propose new wording or accept it: one step at a time."""
    user = authed_user(request)
    seen = access.access_boundary(user, boundary_id)
    here = redirect("together:boundary", boundary_id=seen.boundary.public_id)
    try:
        step = parse_step(str(request.POST.get("action", "")))
        # Telling shares her draft with the partner: her password typed for it, as every share
        # asks (the draft is saved; the page asking carries the press). Only its author is
        # asked: to anyone else the step is refused below, before any password.
        telling = step is Step.TELL and seen.boundary.owner_id == user.pk
        if telling and (asked := asked_each_time(request, _tell_words)):
            return asked
        wording = ""
        if step is Step.PROPOSE and not shows_nothing(str(request.POST.get("text", ""))):
            # New wording is checked as the form that shows it checks it (its length, no
            # invisible characters); nothing is cut short without a word. No words at all (or
            # nothing that shows) is the step's own refusal, below.
            proposal = forms.ProposalForm(request.POST)
            if not proposal.is_valid():
                # Said beside the box, the words kept (the page came back with the old
                # wording in it: the re-audit of 2026-12-03).
                return _boundary_page(request, seen, proposal)
            wording = proposal.cleaned_data["text"].strip()
        # New words for her draft replace the ones she wrote, and nothing keeps those: her
        # password typed for it, each time, as for new words for a goal (the security audit of
        # 2026-12-04, III: one press at her open phone rewrote a boundary only she had seen).
        # So does taking the partner's wording for a boundary of hers: once taken in her name,
        # her own words come back only if he agrees to them.
        rewording = (
            seen.boundary.owner_id == user.pk
            and (
                (
                    step is Step.PROPOSE
                    and seen.boundary.state == Stage.DRAFT
                    and wording not in ("", seen.boundary.text)
                )
                or step is Step.ACCEPT
            )
            and _step_open(seen, step)
        )
        if rewording and (
            asked := asked_each_time(request, _("change the words of this boundary"))
        ):
            return asked
        services.boundary_step(
            boundary=seen.boundary,
            actor=user,
            step=step,
            partnership=seen.partnership,
            wording=wording,
        )
        # Said in the page's status line, so a screen reader hears that the step was taken
        # (the desktop walk of 2026-12-02 heard nothing).
        messages.success(request, BOUNDARY_DONE[step])
    except BoundaryStepRefused:
        messages.error(request, _("That step is not open right now."))
    except services.TooManyToldWaiting:
        # Only ever with a partner: telling needs one (the machine refuses it without).
        name = seen.active.partner.display_name if seen.active else ""
        messages.error(request, too_many_told(name))
    return here


def too_many_promises() -> str:
    """Why no new promise can be made now, in words that ask for patience rather than blame."""
    count = services.PROMISES_OPEN_MAX
    return ngettext(
        "You have %(count)d open promise already. You can make a new one once you have marked "
        "how it went.",
        "You have %(count)d open promises already. You can make a new one once you have marked "
        "how one of them went.",
        count,
    ) % {"count": count}


def too_many_told(name: str) -> str:
    """Why a boundary cannot be told now, in words that ask for patience rather than blame."""
    count = services.BOUNDARIES_WAITING_MAX
    return ngettext(
        "%(count)d boundary you told is waiting for %(name)s to acknowledge it. This one stays "
        "a draft; you can tell it once they have.",
        "%(count)d boundaries you told are waiting for %(name)s to acknowledge them. This one "
        "stays a draft; you can tell it once they have acknowledged one of them.",
        count,
    ) % {"count": count, "name": name}


# Check-in ------------------------------------------------------------------------------------


def _partner_week(
    active: ActivePartnership | None, week: date, found: CheckIn | None
) -> tuple[CheckIn, list[tuple[str, int | None]], bool] | None:
    """The partner's check-in shared with her for this week or the one before, with each
    statement beside its answer (what the share box promises the partner sees), and whether
    it is of this week or later: a partner a day ahead shares the week he has just begun on
    her Sunday, and what he needs for it was told in the past, "that week" (the calendar walk
    of 2026-12-05). Read from her week alone, never from his time zone, which nobody else
    sees: a wording that turned at his midnight would tell her where he is."""
    if active is None or found is None:
        return None
    values = found.values()
    # The six statements in the active language, kept per language with the card's words.
    labels = checkinparts.week_words(get_language()).labels
    labelled = [(label, values.get(item)) for label, item in zip(labels, ITEMS, strict=True)]
    return found, labelled, found.week >= week


@login_required
@idle_gate
@holds_long_text(forms.LONG_MAX)
def checkin(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    week = selectors.this_week()
    shown = _week_shown(request, week)
    if shown == "last":
        # Opened before her Monday began: it is saved for the week the page showed.
        week -= timedelta(weeks=1)
    # Her week, and his shared with her for it or the week before (see :func:`_partner_week`),
    # and whether her reminder is on: one statement.
    current, partners, reminder_on = access.weeks_and_reminder(
        user.pk, week, active, week - timedelta(weeks=1)
    )
    initial = (
        {**current.values(), "need": current.need, "shared": current.shared} if current else {}
    )
    mark = services.checkin_mark(current)
    form: Any = (
        forms.CheckInForm(request.POST, initial={**initial, "seen": mark})
        if request.method == "POST"
        # Opened: made only if something asks more of it than the kept parts need.
        else freshforms.OpenedCheckIn({**initial, "seen": mark})
    )
    saved_elsewhere = False
    # Shared already only with this partner: a week shared in a partnership since left and
    # shown again with its box ticked would pass to a new partner unasked (the phone re-audit).
    already = bool(
        current
        and current.shared
        and active is not None
        and current.partnership_id == active.partnership.pk
    )
    changing = _changes_saved_week(request, form, current)
    # Alone, there is nobody to share with: a ticked box (from a page drawn while linked) asks
    # no password for it, and the week is kept as hers (``_checkin_saved`` says so).
    sharing = active is not None and _shares_anew(request, form, already=already)
    proof = _share_proof(request, user, form, asked=sharing or changing)
    if isinstance(proof, HttpResponse):
        return proof
    if shown == "gone":
        # A page from a week she is not in any more: nothing is saved for a week she did not
        # see now; her answers stay filled in, under this week.
        messages.info(
            request,
            _(
                "A new week began since you opened the check-in, so this is this week's. Your "
                "answers are still filled in: save them for this week, or change them first."
            ),
        )
    elif request.method == "POST" and form.is_valid() and proof is None:
        try:
            saved = services.checkin_save(
                owner=user,
                week=week,
                values=form.item_values(),
                need=form.cleaned_data["need"],
                shared=form.cleaned_data["shared"],
                partnership=active.partnership if active else None,
                seen=form.cleaned_data["seen"] or None,  # a page without it: no check
            )
        except versions.Changed:
            # Saved from another tab or device since this page opened: that one stands, and
            # her answers here stay filled in, to save over it with one more press if she likes.
            current = access.checkin_of(user.pk, week)
            form = forms.CheckInForm(
                {**request.POST.dict(), "seen": services.checkin_mark(current)},
                initial=initial,
            )
            saved_elsewhere = True
        else:
            return _checkin_saved(request, form, saved, active)
    items = freshforms.ScalesOf(form)  # each scale's bound field and statement, when asked
    context = {
        "form": form,
        "items": items,
        "active": active,
        "week": week,
        "current": current,
        "partner_week": _partner_week(active, week, partners),
        "reminder_on": reminder_on,
        # The box is there before the press, as beside every other share (the phone walk
        # pressed Save once for nothing): asked for each time a week is shared.
        "password_form": proof
        if proof is not None or active is None or already
        else _share_box(user),
        "password_asked": proof is not None,
        "password_for_change": proof is not None and changing,
        "password_for_share": proof is None or sharing,
        "not_saved_id": NOT_SAVED_ID,
        "saved_elsewhere": saved_elsewhere,
    }
    conflict = shown == "gone" or saved_elsewhere
    # A form not sent says nothing wrong: an opened one is not made to ask.
    said_wrong = request.method == "POST" and bool(form.errors)
    status = 409 if conflict else 400 if said_wrong or proof is not None else 200
    return render(request, "together/checkin.html", context, status=status)


def _checkin_saved(
    request: HttpRequest, form: forms.CheckInForm, saved: CheckIn, active: ActivePartnership | None
) -> HttpResponse:
    if form.cleaned_data["shared"] and not saved.shared:
        messages.info(request, KEPT_OWN)
    elif saved.shared and active is not None:
        messages.success(
            request,
            _("Saved, and shared with %(name)s. Thank you for checking in with yourself.")
            % {"name": active.partner.display_name},
        )
    else:
        messages.success(request, _("Thank you for checking in with yourself."))
    return redirect("together:trends")


#: How long into her Monday a check-in page opened the week before still saves for that week.
WEEK_GRACE_HOURS = 12


def _local_now() -> datetime:
    return timezone.localtime()  # in her zone: accounts/zones.py


def _week_shown(request: HttpRequest, week: date) -> str:
    """Which week a posted check-in was opened on: "this" (or a form without the week), "last"
    (opened before her Monday began, sent within ``WEEK_GRACE_HOURS`` of it) or "gone"."""
    if request.method != "POST" or not request.POST.get("week"):
        return "this"
    posted = str(request.POST.get("week"))
    if posted == week.isoformat():
        return "this"
    now = _local_now()
    early = now.weekday() == 0 and now.hour < WEEK_GRACE_HOURS
    return "last" if posted == (week - timedelta(weeks=1)).isoformat() and early else "gone"


def _share_box(user: User) -> PasswordConfirmForm:
    """The password box beside the share box, empty, for a week not shared yet."""
    box = PasswordConfirmForm(user=user)
    box.fields["password"].required = False
    return box


#: The id of the check-in's notice that a shared week is not saved until the password is typed.
NOT_SAVED_ID = "share-not-saved"


def _shares_anew(request: HttpRequest, form: forms.CheckInForm, *, already: bool) -> bool:
    """Whether this save shows the week to the partner, who could not see it before."""
    return (
        request.method == "POST"
        and form.is_valid()
        and bool(form.cleaned_data["shared"])
        and not already
    )


def _changes_saved_week(
    request: HttpRequest, form: forms.CheckInForm, current: CheckIn | None
) -> bool:
    """Whether this save changes answers or words she saved for the week. Whoever held her
    phone replaced them with no password, and nothing of hers was kept (the phone audit of
    2026-12-04, M2): like changing a journal entry, it asks for her password each time."""
    if request.method != "POST" or current is None or not form.is_valid():
        return False
    return form.item_values() != current.values() or form.cleaned_data["need"] != current.need


def _share_proof(
    request: HttpRequest, user: User, form: forms.CheckInForm, *, asked: bool
) -> PasswordConfirmForm | HttpResponse | None:
    """Sharing the week with the partner, and changing what she saved for it, ask for the
    password typed for it, as sharing or changing a journal entry does: in the same form, so
    that nothing she wrote is lost. None when the save may go ahead; the password form to show
    (nothing saved) when it is missing or wrong; the sign-in page after too many wrong ones.
    A first save kept to herself, or the same answers again for a week already shared, never
    asks (``asked`` is False)."""
    if not asked:
        return None
    if request.POST.get("password"):
        typed = typed_proof(request)
        if typed is True or isinstance(typed, HttpResponse):
            return None if typed is True else typed
        proof: PasswordConfirmForm = typed
    else:
        proof = PasswordConfirmForm(user=user)  # asked, without a word against her
    # The one thing left to do: focused, marked as such, and described by the notice that
    # nothing is saved yet (then its own help and error), so that a screen reader says why
    # (the keyboard audit of 2026-12-03 heard only "Your password, edit, protected").
    own = proof["password"].aria_describedby or ""
    proof.fields["password"].widget.attrs.update(
        {
            "autofocus": True,
            "aria-invalid": "true",
            "aria-describedby": f"{NOT_SAVED_ID} {own}".strip(),
        }
    )
    return proof


# Support circle ------------------------------------------------------------------------------


@login_required
@idle_gate
def circle(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    form = forms.CircleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.circle_add(
            owner=user,
            name=form.cleaned_data["name"],
            last_connected=form.cleaned_data["last_connected"],
            idem_key=form.cleaned_data["idem"],
        )
        messages.success(request, _("Added to your circle."))
        return redirect("together:circle")
    people = access.circle_list(user)
    context = {"form": form, "people": people, "nudge": selectors.circle_nudge(people)}
    return render(request, "together/circle.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@idle_gate
def circle_seen(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access.access_circle_person(authed_user(request), person_id)
    services.circle_seen(person=person, on=timezone.localdate())
    # Said, as adding and removing are: the page came back with nothing to hear or see but a
    # changed date (the keyboard audit of 2026-12-04, L2).
    messages.success(
        request, _("Noted: you connected with %(name)s today.") % {"name": person.name}
    )
    return redirect("together:circle")


def _circle_remove_words(request: HttpRequest, person_id: str) -> str:
    person = access.access_circle_person(authed_user(request), person_id)
    return _("remove %(name)s from your circle of support") % {"name": person.name}


@login_required
@require_POST
@idle_gate
@password_each_time(_circle_remove_words)
def circle_remove(request: HttpRequest, person_id: str) -> HttpResponse:
    """Asks for her password each time: whoever held her signed-in phone could otherwise quietly
    empty the list of people she turns to (the partner audit)."""
    person = access.access_circle_person(authed_user(request), person_id)
    services.circle_remove(person=person)
    messages.success(request, _("Removed from your list."))
    return redirect("together:circle")


@login_required
@require_POST
def reminder_toggle(request: HttpRequest) -> HttpResponse:
    """Turn the weekly check-in reminder on or off (the person's own choice only). Off is kept
    at once; on asks for her password typed for that step, every time, so whoever holds her
    phone cannot have a weekly e-mail start coming (the two-minute audit of 2026-12-03, L1)."""
    from interdepend.web.together.reminders import reminder_is_on, reminder_set

    on = request.POST.get("weekly_checkin") == "on"
    user = authed_user(request)
    if on and not reminder_is_on(user):
        asked = asked_each_time(request, _("turn on the weekly reminder e-mail"))
        if asked is not None:
            return asked
    reminder_set(user=user, on=on)
    messages.success(
        request,
        _("Weekly reminders are on. They never say anything about you or your partner.")
        if on
        else _("Weekly reminders are off."),
    )
    return redirect("together:checkin")
