"""The frame: the home page (Me), the safety page and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.selectors import home_facts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "frame/welcome.html", {})
    facts = home_facts(authed_user(request))
    # ``is_practitioner`` here stands in for the menu's own lookup (the view's context wins).
    context = {"facts": facts, "is_practitioner": facts.is_practitioner}
    return render(request, "frame/home.html", context)


@require_safe
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "frame/safety.html", {})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "frame/about.html", {})


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "frame/400.html", {}, status=400)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "frame/404.html", {}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "frame/500.html", {}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "frame/403_csrf.html", {}, status=403)
