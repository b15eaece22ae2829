"""Template context every page needs: the quick exit target and the navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from interdepend.web.frame.lock import note_wanted

NAVIGATION = (
    ("frame:home", _("Me"), "me"),
    ("partners:us", _("Us"), "us"),
    ("together:home", _("Together"), "together"),
    ("journal:home", _("Reflect"), "reflect"),
    ("practice:dashboard", _("Practice"), "practice"),  # shown to practitioners only
    ("frame:safety", _("Staying safe"), "safety"),
    ("accounts:settings", _("Account"), "account"),
)


def frame(request: HttpRequest) -> dict[str, object]:
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = {
            "partners": "us",
            "accounts": "account",
            "together": "together",
            "journal": "reflect",
        }.get(match.namespace, "")
        if match.view_name == "frame:home":
            section = "me"
        elif match.view_name == "frame:safety":
            section = "safety"
        elif match.namespace == "practice":
            section = "practice" if match.url_name in PRACTITIONER_PAGES else "account"
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "navigation": NAVIGATION,
        "nav_section": section,
        "is_practitioner": lambda: _is_practitioner(request),  # asked only by the menu
        "quick_exit_note": lambda: note_wanted(request),
    }


PRACTITIONER_PAGES = frozenset({"dashboard", "invite", "client"})


def _is_practitioner(request: HttpRequest) -> bool:
    from interdepend.web.frame.selectors import is_practitioner

    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and is_practitioner(user.pk))
