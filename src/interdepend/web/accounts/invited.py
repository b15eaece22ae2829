"""An invitation link opened while signed out keeps its purpose through sign-in and sign-up.

A partner's link (``/us/join/CODE/``) opened signed out led to a bare sign-in page, and its
"Create an account" link to a sign-up that forgot the invitation (the new-couple walk of
2026-12-04). The sign-in page now says an invitation waits, its sign-up link carries the
link's address, and the sign-up, once sent, keeps it in the session so that the confirmed account
opens on the invitation (in the same browser; from another one, the code can be typed under *Us*).
Only an address of that one shape is ever kept or followed.
"""

from __future__ import annotations

import re

from django.http import HttpRequest

#: Where the account just made goes first, kept from the sign-up form to its confirmation.
INVITED_KEY = "_invited_to"
_JOIN = re.compile(r"/us/join/[A-Za-z0-9_-]{1,64}/")


def invitation_path(value: object) -> str:
    """``value`` when it is the address of a partner's invitation link, else ""."""
    text = str(value or "")
    return text if _JOIN.fullmatch(text) else ""


def waiting(request: HttpRequest) -> str:
    """The invitation a sign-up page was opened for (its ``next``, which its form, sent to its
    own address, carries too), else the one kept; reads only."""
    found = invitation_path(request.GET.get("next") or request.POST.get("next"))
    return found or invitation_path(request.session.get(INVITED_KEY))


def keep(request: HttpRequest, found: str) -> None:
    """Keep ``found`` for the account a sign-up just asked for. Only then: kept as the page was
    read, every stranger's read of it with an invitation's address made a session of its own
    (the stranger audit of 2026-12-04, V)."""
    if found:
        request.session[INVITED_KEY] = found


def taken(request: HttpRequest) -> str:
    """The invitation the new account opens on (once), or ""."""
    return invitation_path(request.session.pop(INVITED_KEY, ""))
