"""The frame: the home page (Me), the safety page and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from interdepend.web.assessment.access import latest_snapshot
from interdepend.web.frame.auth import authed_user
from interdepend.web.partners.access import access_active_partnership, has_open_invitation


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "frame/welcome.html", {})
    user = authed_user(request)
    context = {
        "active": access_active_partnership(user),
        "has_open_invitation": has_open_invitation(user),
        "latest": latest_snapshot(user),
    }
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
