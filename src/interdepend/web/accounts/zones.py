"""The time zone a person lives in: their days, weeks, dates and quiet hours follow it.

A couple may live apart (one in Auckland, one in Los Angeles), travel, or cross a change of
clocks. Each person's own zone (``User.time_zone``, a name from the IANA database such as
``Europe/Madrid``) is put in force on each of their requests by
:class:`~interdepend.web.accounts.sessions.SessionActivityMiddleware`, so ``timezone.localdate()``,
"this week", the dates and times pages show and the limits of date fields are the person's
own. Work done for a person outside a request (notifications, reminders) uses
:func:`zone_of` with ``timezone.override``. An empty field means the server's ``TIME_ZONE``.

The zone is first taken from the browser at sign-up, or at a sign-in while none is kept (a
hidden field the page's script fills in); the account page changes it. No one else sees it.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings

from interdepend.web.accounts.models import User

#: Longest zone name kept (the longest in the database is 32 characters).
ZONE_MAX = 64

#: What else comes to a person at hours of her own zone, each a test of whether it is on for
#: her: a feature above this layer adds its own as its app starts (the weekly reminder e-mail,
#: ``together.apps``). Another zone moves it, so while one is on, changing the zone asks for
#: her password (``accounts.views.time_zone_change``).
TIMED_BY_ZONE: list[Callable[[User], bool]] = []


def timed_by_zone(user: User) -> bool:
    """Whether anything of the features' comes to her at hours of her own zone."""
    return any(on(user) for on in TIMED_BY_ZONE)


@cache
def zone_names() -> tuple[str, ...]:
    """Every zone a person may choose, sorted: the IANA names of the installed database,
    without the old aliases kept for compatibility (``US/Pacific``, ``Etc/GMT+8``, ``EST``)."""
    names = zoneinfo.available_timezones()
    return tuple(
        sorted(
            name
            for name in names
            if "/" in name
            and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
            or name == "UTC"
        )
    )


def known_zone(name: str) -> bool:
    return name in _known()


@cache
def _known() -> frozenset[str]:
    return frozenset(zone_names())


def zone_named(name: str) -> ZoneInfo | None:
    """The zone of that name, or None for an empty or unknown one."""
    return ZoneInfo(name) if known_zone(name) else None


def zone_of(user: User) -> ZoneInfo:
    """The zone to work out this person's days in: theirs if kept, else the server's."""
    return zone_named(getattr(user, "time_zone", "")) or ZoneInfo(settings.TIME_ZONE)


#: Names a browser may give for UTC itself (a device set to it often says "Etc/UTC").
UTC_NAMES = frozenset({"Etc/UTC", "Etc/UCT", "Etc/GMT", "Etc/Universal", "Etc/Zulu", "GMT"})


def from_browser(posted: object) -> str:
    """A zone name a page's script sent, or "" when it sent none or one we do not know."""
    name = str(posted or "").strip()[:ZONE_MAX]
    if name in UTC_NAMES:
        return "UTC"
    return name if known_zone(name) else ""
