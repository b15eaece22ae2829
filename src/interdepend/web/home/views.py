"""The home page: Me for a signed-in person, the welcome for everyone else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from interdepend.web.frame.auth import authed_user
from interdepend.web.home.selectors import home_facts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/welcome.html", {})
    facts = home_facts(authed_user(request))
    # ``is_practitioner`` here stands in for the menu's own lookup (the view's context wins).
    context = {"facts": facts, "is_practitioner": facts.is_practitioner}
    return render(request, "home/home.html", context)
