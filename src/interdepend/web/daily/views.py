"""The question for today: answer it, read both answers once both exist, look back, and keep a
list of questions to talk about."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.reauth import asked_each_time
from interdepend.web.assessment.selectors import statement_text
from interdepend.web.daily import access, freshanswer, services
from interdepend.web.daily.forms import AnswerForm
from interdepend.web.daily.models import ANSWER_MAX
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import holds_long_text
from interdepend.web.partners.ended import told_when_ended
from interdepend.web.partners.services import KEPT_OWN

#: Where the page that says a partnership has ended leads on (partners/ended.py).
TO_TODAY = ("daily:today", gettext_lazy("Back to today's question"))


@login_required
@idle_gate
@holds_long_text(ANSWER_MAX)
def today(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    found = access.today_for(user)
    editing = request.GET.get("change") == "1" and found.mine is not None and not found.opened
    initial = {"text": found.mine.text if found.mine else ""}
    form: Any = (
        AnswerForm(request.POST, initial=initial)
        if request.method == "POST"
        # Opened: made only if something asks more of it than the kept box.
        else freshanswer.OpenedAnswer(initial)
    )
    if request.method == "POST":
        shown = _day_shown(request, found.day)
        if shown == "gone":
            # Days have passed since the page was opened: nothing is saved against a question
            # she did not see; her words wait in the box under today's.
            messages.info(
                request,
                _(
                    "A new day began since you opened the question, so here is today's. "
                    "Your words are still in the box: send them with this one, or change "
                    "them first."
                ),
            )
            context = {"today": found, "form": form, "editing": True, **_talks(found)}
            return render(request, "daily/today.html", context, status=409)
        if shown == "yesterday":
            # She opened it before midnight: her answer goes with the question she was reading.
            found = access.today_for(user, found.day - timedelta(days=1))
        if found.opened:
            messages.info(
                request, _("Your answers are open to you both now, so they stay as they are.")
            )
            return redirect("daily:today")
        if form.is_valid():
            if found.mine is not None and form.cleaned_data["text"] != found.mine.text:
                # Changing an answer she gave asks her password every time, her words carried
                # through: someone holding her open phone could rewrite it, then answer on his
                # own account, which opens both and keeps his version as hers for good (the
                # journal audit of 2026-12-03). A first answer stays one press.
                asked = asked_each_time(request, _("change your answer to today's question"))
                if asked is not None:
                    return asked
            try:
                saved = services.answer_save(user=user, today=found, text=form.cleaned_data["text"])
            except services.AnswerClosed:  # the partner's answer came in while this was typed
                return _stays(request)
            if found.shared and saved.partnership_id is None:
                messages.info(request, KEPT_OWN)
            elif shown == "yesterday":
                messages.success(
                    request,
                    _(
                        "Saved with yesterday's question, the one you were answering. "
                        "Here is today's."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("daily:today")
        editing = found.mine is not None
    context = {"today": found, "form": form, "editing": editing, **_talks(found)}
    # A form not sent says nothing wrong: an opened one is not made to ask.
    said_wrong = request.method == "POST" and bool(form.errors)
    return render(request, "daily/today.html", context, status=400 if said_wrong else 200)


def _talks(found: access.Today) -> dict[str, Any]:
    """The couple's list, and whether today's question is on it already: then the page says so
    where it offered to add it again, as earlier days do (the new-couple walk of 2026-12-05,
    the 14th: "Let's talk about this one" stayed after it was added, and added nothing)."""
    if found.active is None:
        return {"talks": [], "on_list": False}
    talks = access.talk_list(found.active)
    return {"talks": talks, "on_list": access.talk_on(found.active, found.day, talks)}


#: How long after her midnight a page opened the day before still answers that day's question.
GRACE_HOURS = 4


def _day_shown(request: HttpRequest, today: date) -> str:
    """Which day's question the form was sent from: "today", "yesterday" (opened before her
    midnight, sent within ``GRACE_HOURS`` of it) or "gone" (anything else: a day she did not
    see now). A form without the day (an older page) is today's."""
    try:
        day = date.fromisoformat(str(request.POST.get("day") or today.isoformat()))
    except ValueError:
        return "gone"
    if day == today:
        return "today"
    just_after = timezone.localtime().hour < GRACE_HOURS
    return "yesterday" if day == today - timedelta(days=1) and just_after else "gone"


def _stays(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Your answers are open to you both now, so they stay as they are."))
    return redirect("daily:today")


@login_required
@require_safe
@idle_gate  # her earlier answers, private ones among them: as her journal
def past(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("earlier") == "all"
    days, more = access.past_days(authed_user(request), everything=everything)
    return render(request, "daily/past.html", {"days": days, "more": more})


@login_required
@require_POST
@idle_gate  # the couple's list, as the page it is on: after a while away, her password first
@told_when_ended(TO_TODAY)
def talk(request: HttpRequest, answer_id: str) -> HttpResponse:
    mine, _active = access.access_opened_answer(authed_user(request), answer_id)
    services.talk_add(answer=mine)
    messages.success(request, _("Added to the questions you want to talk about."))
    return redirect("daily:past" if request.POST.get("back") == "past" else "daily:today")


@login_required
@require_POST
@idle_gate  # likewise (the journal audit of 2026-12-03, L3: no lock on either)
@told_when_ended(TO_TODAY)
def talked(request: HttpRequest, item_id: str) -> HttpResponse:
    item = access.access_talk_item(authed_user(request), item_id)
    done = request.POST.get("done") != "no"
    services.talk_done(item=item, done=done)
    return redirect("daily:today")


@login_required
@require_safe
def talk_it_through(request: HttpRequest) -> HttpResponse:
    """The guided conversation, on a question from the couple's list or a statement of the
    couple view's things to talk about (both already open to both), or on no set topic."""
    user = authed_user(request)
    topic = ""
    item_id = request.GET.get("item", "")
    statement = "" if item_id else request.GET.get("statement", "")
    if item_id:
        topic = access.access_talk_item(user, item_id).question_text
    elif statement:
        topic = statement_text(statement)
    # Opened from the couple view's things to talk about, the way back leads there.
    context = {"topic": topic, "from_couple": bool(statement)}
    return render(request, "daily/conversation.html", context)
