"""The menu on every page: the one place that names every section, and the practitioner's."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from interdepend.web.frame.templatetags.fasttags import address
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.home.selectors import Waiting, waiting_for

NAVIGATION = (
    ("home:home", _("Me"), "me"),
    ("partners:us", _("Us"), "us"),
    ("together:home", _("Together"), "together"),
    ("journal:home", pgettext_lazy("main menu, short", "Reflect"), "reflect"),
    ("practice:dashboard", _("Practice"), "practice"),  # shown to practitioners only
    ("frame:safety", pgettext_lazy("main menu, short", "Safety"), "safety"),
    ("accounts:settings", _("Account"), "account"),
)

#: The practice's pages that are a client's own, reached from Account; every other page of the
#: practice is the practitioner's (a client's numbers and a new invitation marked Account: the
#: practitioner walk of 2026-12-04).
CLIENT_PAGES = frozenset({"mine", "consent", "end", "log", "join", "join_link", "accept", "start"})


def _warm(**_: object) -> None:
    """Sent as a worker starts (``frame.warmup.worker_starting``): the menu's addresses, which
    its template names through a variable (``{% url url_name %}``), so the warm-up of the
    templates' own written-out addresses cannot see them. One of them, My journal's, is written
    out in no template since the journal's pages are drawn in Python, so every worker's first
    page made it (about 30 µs), and his first view was that much slower than any view after
    hers (found by ``tests/web/test_warmup.py`` run on its own, issue 15's sixteenth pass)."""
    for name, _label, _key in NAVIGATION:
        address(name)


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-menu-addresses")


def navigation(request: HttpRequest) -> dict[str, object]:
    return {
        "navigation": NAVIGATION,
        "nav_section": _section(request),
        "is_practitioner": lambda: _is_practitioner(request),  # asked only by the menu
        "waiting_count": lambda: _waiting_count(request),  # likewise
        # The same reading whole, for a page that lists what is waiting (Together's first page).
        "menu_waiting": lambda: _menu(request),
    }


def _section(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.view_name == "home:home":
        return "me"
    if match.view_name == "frame:safety":
        return "safety"
    if match.namespace == "practice":
        return "account" if match.url_name in CLIENT_PAGES else "practice"
    return SECTION_OF_APP.get(match.namespace, "")


#: The menu section each app's pages belong to, so the menu always says where one is: a page
#: reached from a section's page is marked as that section (the couple view from Us, a result
#: from Me, who can see what from Staying safe, your data and research from Account).
SECTION_OF_APP = {
    "assessment": "me",
    "partners": "us",
    "couple": "us",
    "decide": "us",
    "together": "together",
    "daily": "together",
    "journal": "reflect",
    "safetycheck": "safety",
    "accounts": "account",
    "datarights": "account",
    "research": "account",
}


def _menu(request: HttpRequest) -> Waiting:
    """The menu's two questions (practitioner role, what is waiting), read once per request."""
    found: Waiting | None = getattr(request, "_interdepend_menu", None)
    if found is None:
        user = getattr(request, "user", None)
        found = waiting_for(user.pk) if user and user.is_authenticated else Waiting()
        request._interdepend_menu = found  # type: ignore[attr-defined]
    return found


def _is_practitioner(request: HttpRequest) -> bool:
    return _menu(request).is_practitioner


def _waiting_count(request: HttpRequest) -> int:
    return _menu(request).total
