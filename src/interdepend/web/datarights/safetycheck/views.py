"""Who can see what: the page, and one small POST view per kind of access it can end.

Each view looks the object up among the person's own (someone else's answers 404), calls the
owning app's service, says in a sentence what changed and comes back to the page. A step that
needs a recent password elsewhere needs it here too.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.reauth import asked_each_time, password_recent
from interdepend.web.accounts.services import sessions_end
from interdepend.web.couple.services import reveal_withdraw
from interdepend.web.daily import services as daily_services
from interdepend.web.datarights import resetask
from interdepend.web.datarights.safetycheck import selectors, services
from interdepend.web.datarights.services import safety_reset
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import takes_a_stale_form_key
from interdepend.web.frame.publicid import PUBLIC_ID_PATTERN
from interdepend.web.journal import services as journal_services
from interdepend.web.journal.access import access_own_entry
from interdepend.web.journal.idle import journal_gate
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Invitation, InvitationState
from interdepend.web.partners.services import invitation_withdraw, partnership_leave
from interdepend.web.practice import services as practice_services
from interdepend.web.practice.access import access_own_link, live_scopes
from interdepend.web.practice.forms import KIND_LABELS, SCOPE_LABELS
from interdepend.web.practice.views import end_words
from interdepend.web.research.services import consent_set as research_consent_set

PAGE = "safetycheck:index"


def _public_id(request: HttpRequest, name: str) -> str | None:
    value = str(request.POST.get(name, ""))
    return value if re.fullmatch(PUBLIC_ID_PATTERN, value) else None


def _done(request: HttpRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(PAGE)


def _nothing(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Nothing changed: that was already no longer shared."))
    return redirect(PAGE)


@login_required
@require_safe
@idle_gate  # everyone who sees something of hers, her practitioners among them
def index(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    context = {
        "picture": selectors.picture(user, request.session.session_key),
        "scope_labels": SCOPE_LABELS,
        "kind_labels": KIND_LABELS,
    }
    return render(request, "safetycheck/index.html", context)


@login_required
@require_POST
@password_recent()
def unlink(request: HttpRequest) -> HttpResponse:
    if not partnership_leave(user=authed_user(request)):
        return _nothing(request)
    return _done(request, _("You are no longer linked. Your own things stay yours."))


@login_required
@require_POST
def results(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    if active is None or not reveal_withdraw(user=user, active=active):
        return _nothing(request)
    return _done(request, _("Your results are no longer shared."))


@login_required
@require_POST
@journal_gate
def entry(request: HttpRequest) -> HttpResponse:
    found_id = _public_id(request, "entry")
    audience = request.POST.get("with")
    if found_id is None or audience not in ("partner", "practitioner"):
        return _nothing(request)
    found = access_own_entry(authed_user(request), found_id)
    if audience == "partner":
        journal_services.entry_share_with_partner(entry=found, active=None)
    else:
        journal_services.entry_unshare_with_practitioners(entry=found)
    return _done(request, _("That journal entry is yours alone again."))


@login_required
@require_POST
def checkin(request: HttpRequest) -> HttpResponse:
    """One week's check-in made private again, or, with ``week=all``, every shared one."""
    if request.POST.get("week") == "all":
        if not services.checkins_unshare_all(owner=authed_user(request)):
            return _nothing(request)
        return _done(request, _("Your check-ins are yours alone again."))
    try:
        week = date.fromisoformat(str(request.POST.get("week", "")))
    except ValueError:
        return _nothing(request)
    if not services.checkin_unshare(owner=authed_user(request), week=week):
        return _nothing(request)
    return _done(request, _("That check-in is yours alone again."))


@login_required
@require_POST
def daily(request: HttpRequest) -> HttpResponse:
    """Every answer to a shared question of the day made an answer for one."""
    if not daily_services.answers_unshare_all(owner=authed_user(request)):
        return _nothing(request)
    return _done(request, _("Your answers to the questions of the day are yours alone again."))


@login_required
@require_POST
def invitations(request: HttpRequest) -> HttpResponse:
    mine = Invitation.objects.filter(inviter=authed_user(request), state=InvitationState.OPEN)
    found = list(mine)
    for invitation in found:
        invitation_withdraw(invitation=invitation)
    if not found:
        return _nothing(request)
    return _done(request, _("Your invitation code no longer works for anyone."))


@login_required
@require_POST
@password_recent()
def scope(request: HttpRequest) -> HttpResponse:
    link_id = _public_id(request, "link")
    if link_id is None:
        return _nothing(request)
    link = access_own_link(authed_user(request), link_id)
    stopped = str(request.POST.get("scope", ""))
    kept = live_scopes(link) - {stopped}
    if not practice_services.consent_set(link=link, scopes=kept):
        return _nothing(request)
    return _done(request, _("Done. Your practitioner no longer sees that."))


@login_required
@require_POST
def practitioner(request: HttpRequest) -> HttpResponse:
    """Asks for the password each time, as the practitioners page does."""
    link_id = _public_id(request, "link")
    if link_id is None:
        return _nothing(request)
    link = access_own_link(authed_user(request), link_id)
    asked = asked_each_time(request, end_words, link_id)
    if asked is not None:
        return asked
    if not practice_services.link_end(link=link):
        return _nothing(request)
    return _done(request, _("You are no longer connected. That practitioner sees nothing now."))


@login_required
@require_POST
def research(request: HttpRequest) -> HttpResponse:
    research_consent_set(user=authed_user(request), given=False)
    return _done(request, _("Your answers will not be part of any research export from now on."))


@takes_a_stale_form_key  # her ex's phone, from a page drawn before her latest sign-in
@login_required
@require_POST
def session(request: HttpRequest) -> HttpResponse:
    ended = services.session_end_one(
        user=authed_user(request),
        token=str(request.POST.get("session", "")),
        keep_session_key=request.session.session_key,
    )
    if not ended:
        messages.info(request, _("Nothing changed: that device was already signed out."))
        return redirect(PAGE)
    return _done(request, _("That device is signed out."))


@takes_a_stale_form_key
@login_required
@require_POST
def sessions(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    sessions_end(user=user, keep_session_key=request.session.session_key, forget_devices=False)
    return _done(request, _("Every other device is signed out. This one stays signed in."))


def _reset_pages() -> tuple[str, str]:
    return reverse("safetycheck:reset"), reverse("safetycheck:index")


@login_required
@require_safe
def reset_ask(request: HttpRequest) -> HttpResponse:
    """The reset's one question, where her password brings her back after a press."""
    return resetask.question(request, *_reset_pages())


@takes_a_stale_form_key  # a stale key is asked the question again (resetask)
@login_required
@require_POST
@password_recent()
def reset(request: HttpRequest) -> HttpResponse:
    """The first press asks (:mod:`..resetask`); the question's own button does it, as on
    *Your data* (the keyboard audit of 2026-12-04, M4)."""
    if (asked := resetask.unless_answered(request, *_reset_pages())) is not None:
        return asked
    safety_reset(user=authed_user(request), keep_session_key=request.session.session_key)
    return _done(
        request,
        _(
            "Done. Nothing of yours is shared any more, you are not linked with anyone, and "
            "every other device has been signed out. Nobody was told."
        ),
    )
