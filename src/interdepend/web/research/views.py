"""Research consent (every person's own choice) and reliability for the deployer (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.reauth import password_each_time
from interdepend.web.frame.auth import authed_user
from interdepend.web.research import selectors, services
from interdepend.web.research.access import access_own_consent, access_staff


@login_required
def consent(request: HttpRequest) -> HttpResponse:
    """Giving consent needs her password typed for it; withdrawing it never waits."""
    if request.method == "POST" and request.POST.get("choice") == "give":
        return password_each_time(_("let your answers be used for research"))(_choose)(request)
    if request.method == "POST":
        return _choose(request)
    return _consent_page(request)


@idle_gate  # whether she gave it: after a while away, behind her password (the phone audit, L4)
def _consent_page(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    return render(request, "research/consent.html", {"given": access_own_consent(user)})


def _choose(request: HttpRequest) -> HttpResponse:
    choice = request.POST.get("choice")
    if choice not in ("give", "withdraw"):
        messages.error(request, _("Nothing changed: please use one of the buttons."))
        return redirect("research:consent")
    services.consent_set(user=authed_user(request), given=choice == "give")
    messages.success(
        request,
        _("Thank you. Your answers may now be used for research, without your name.")
        if choice == "give"
        else _("Done. Your answers will not be part of any research export from now on."),
    )
    return redirect("research:consent")


@login_required
@require_safe
def psychometrics(request: HttpRequest) -> HttpResponse:
    access_staff(authed_user(request))
    return render(request, "research/psychometrics.html", {"page": selectors.reliability_page()})
