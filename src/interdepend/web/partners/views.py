"""Partnership views: see your partnership, invite, accept or decline, leave.

Looking up or answering an invitation code needs a recent password: someone holding the
person's unlocked device must not link their account to a second one of their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts import refill
from interdepend.web.accounts.forms import PasswordConfirmForm
from interdepend.web.accounts.idle import private_open
from interdepend.web.accounts.reauth import password_each_time, password_recent, wrong_in_form
from interdepend.web.frame import stash
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import from_another_site
from interdepend.web.frame.links import site_link
from interdepend.web.frame.templatetags.fasttags import address
from interdepend.web.partners import services
from interdepend.web.partners.access import (
    access_active_partnership,
    access_own_history,
    access_own_invitation,
    open_invitations,
)
from interdepend.web.partners.forms import CodeForm
from interdepend.web.partners.selectors import next_steps


@login_required
@require_safe
def us(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    typed = refill.typed_back(request, "partners:join")  # the code sent from here, back
    active = access_active_partnership(user)
    # Her earlier partnerships only while her private pages are open (see the template).
    shown = private_open(request)
    context = {
        "active": active,
        # What comes next together (the couple view's to say): offered before the way out.
        "next_steps": next_steps(user=user, active=active) if active else [],
        # Her open invitations and the box for a code are shown only while she has no partner.
        "invitations": [] if active else open_invitations(user),
        "private_open": shown,
        "history": access_own_history(user) if shown else [],
        "code_form": None
        if active
        else CodeForm(initial={"code": typed.value("code")} if typed else None),
    }
    return render(request, "partners/us.html", context)


@login_required
@require_POST
@password_each_time(gettext_lazy("make a code that links a partner with you"), boxed=True)
def invite(request: HttpRequest) -> HttpResponse:
    """A code to link with: asked with the password a moment before, so that no one holding
    her signed-in phone (an ex she has just left) can make one and accept it from his own."""
    user = authed_user(request)
    if access_active_partnership(user) is not None:
        messages.info(request, _("You already have a partner linked."))
        return redirect("partners:us")
    new = services.invitation_create(inviter=user)
    # Shown by a page of its own: an answer to this POST would keep her typed password in the
    # browser's history, and Back then Reload would make another code with it (the carry audit).
    stash.put_code(request, INVITATION_SHOWN, new.code, new.invitation)
    return redirect("partners:invitation")


#: The code just made, until its page has shown it once, for at most :data:`INVITATION_SECONDS`
#: (an answer that never reached the phone left it waiting there for anyone: the re-audit).
INVITATION_SHOWN = "_invitation_shown"
INVITATION_SECONDS = stash.CODE_SECONDS


@login_required
@require_safe
def invitation(request: HttpRequest) -> HttpResponse:
    """The code just made, shown once: opened again (a reload, Back, someone else later) it is
    gone, and the Us page lists the invitation, which can be withdrawn."""
    found = stash.take_code(
        request, INVITATION_SHOWN, INVITATION_SECONDS, open_invitations(authed_user(request))
    )
    if found is None:
        return redirect("partners:us")
    new = services.NewInvitation(invitation=found[1], code=found[0])
    link = site_link(request, reverse("partners:join_link", args=[new.code]))
    return render(
        request, "partners/invitation_created.html", {"code": new.code, "link": link, "new": new}
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = access_own_invitation(authed_user(request), invitation_id)
    services.invitation_withdraw(invitation=invitation)
    messages.success(request, _("That invitation can no longer be used."))
    return redirect("partners:us")


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@login_required
@password_recent()
def join(request: HttpRequest) -> HttpResponse:
    """Enter a code by hand (POST), then see the invitation."""
    # Back from the confirm page, the code she typed is in its box again (accounts.refill).
    typed = refill.typed_back(request, "partners:join") if request.method == "GET" else None
    form = CodeForm(request.POST or None, initial={"code": typed.value("code")} if typed else None)
    if request.method == "POST" and form.is_valid():
        return _show_invitation(request, form.cleaned_data["code"], form)
    return render(request, "partners/join.html", {"form": form}, status=200)


@login_required
@require_safe
@password_recent()
def join_link(request: HttpRequest, code: str) -> HttpResponse:
    if from_another_site(request):
        # Looking a code up counts against her wrong guesses: a page elsewhere sending her to
        # ten made-up codes would have shut her out of her real ones for an hour (the stranger
        # audit of 2026-12-03). From there the code waits in the form for her own press.
        return render(request, "partners/join.html", {"form": CodeForm(initial={"code": code})})
    return _show_invitation(request, code, CodeForm(initial={"code": code}))


def _show_invitation(request: HttpRequest, code: str, form: CodeForm) -> HttpResponse:
    user = authed_user(request)
    try:
        invitation = services.invitation_find(code=code, user=user, ip_address=_client_ip(request))
    except services.UsedByYou as used:
        # Back (or a reload) after accepting: not an alarm about a dead code.
        messages.info(request, str(used))
        return redirect("partners:us")
    except services.PartnershipError as error:
        form = CodeForm(initial={"code": code})
        # A code another account opened first gets this same page, byte for byte.
        status = 429 if isinstance(error, services.TooManyGuesses) else 404
        context = {"form": form, "error": str(error), "not_found": status == 404}
        return render(request, "partners/join.html", context, status=status)
    context = {
        "invitation": invitation,
        "code": code,
        "own": invitation.inviter_id == user.pk,
        "already_linked": access_active_partnership(user) is not None,
    }
    return render(request, "partners/invitation.html", context)


@login_required
@require_POST
def respond(request: HttpRequest) -> HttpResponse:
    """Accepting links the two, so it asks for her password typed for it; saying no never
    waits for anything (and writes nothing)."""
    if request.POST.get("answer") == "accept":
        return password_each_time(_link_words, boxed=True)(_respond)(request)
    return password_recent()(_respond)(request)


def _link_words(request: HttpRequest) -> str:
    """Whom the password page says she is about to link with: named only when the code is hers
    already (she opened its link or typed it); any other code, in general words, with nothing
    bound or counted before her password."""
    invitation = services.invitation_named(
        code=str(request.POST.get("code", "")), user=authed_user(request)
    )
    if invitation is None:
        return _("link with the person whose code you typed")
    return _("link as partners with %(name)s") % {"name": invitation.inviter.display_name}


def _respond(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    code = str(request.POST.get("code", ""))
    try:
        invitation = services.invitation_find(code=code, user=user, ip_address=_client_ip(request))
        if request.POST.get("answer") == "accept":
            services.invitation_accept(invitation=invitation, user=user)
            messages.success(request, _("You are now linked as partners."))
        else:
            services.invitation_decline(invitation=invitation)
            messages.info(
                request,
                _("You declined the invitation. Nothing is sent to the person who invited you."),
            )
    except services.UsedByYou as used:  # accepted a moment ago, in another tab
        messages.info(request, str(used))
    except services.PartnershipError as error:
        messages.error(request, str(error))
    return redirect("partners:us")


@login_required
def leave(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    if active is None:
        return redirect("partners:us")
    form = PasswordConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.partnership_leave(user=user)
        messages.success(request, _("You have left the partnership. Your own things stay yours."))
        return redirect("partners:us")
    if ended := wrong_in_form(request, form):
        return ended
    # A practitioner link between the two ends with the partnership: the page names it.
    holders = {
        t.holder_id
        for t in services.ties_between(user=user, partner=active.partner)
        if t.kind == "practitioner"
    }
    context = {
        "form": form,
        "active": active,
        "see_url": address("safetycheck:index"),
        "reset_url": address("datarights:index") + "#reset-heading",
        "theirs_ends": active.partner.pk in holders,
        "mine_ends": user.pk in holders,
    }
    return render(request, "partners/leave.html", context)
