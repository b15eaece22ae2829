"""The home page: Me for a signed-in person, the welcome for everyone else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from interdepend.web.accounts.idle import private_open
from interdepend.web.frame.auth import authed_user
from interdepend.web.home.selectors import home_facts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/welcome.html", {})
    user = authed_user(request)
    facts = home_facts(user)
    waiting = facts.waiting
    # ``is_practitioner`` and ``waiting_count`` stand in for the menu's own lookups (the view's
    # context wins).
    context = {
        "facts": facts,
        "waiting": waiting,
        "is_practitioner": facts.is_practitioner,
        "waiting_count": waiting.total,
        # The date of her latest result only while her private pages are open (accounts.idle).
        "private_open": private_open(request),
    }
    return render(request, "home/home.html", context)
