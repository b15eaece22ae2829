"""An invitation link opened while signed out keeps its purpose through sign-in and sign-up.

A partner's link (``/us/join/CODE/``) opened signed out led to a bare sign-in page, and its
"Create an account" link to a sign-up that forgot the invitation (the new-couple walk of
2026-12-04). The sign-in page now says an invitation waits, its sign-up link carries the
link's address, and the sign-up keeps it in the session so that the confirmed account opens on
the invitation (in the same browser; from another one, the code can be typed under *Us*).
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


def keep(request: HttpRequest) -> str:
    """Keep the invitation a sign-up page was opened for (its ``next``); the one kept."""
    found = invitation_path(request.GET.get("next") or request.POST.get("next"))
    if found:
        request.session[INVITED_KEY] = found
    return found or invitation_path(request.session.get(INVITED_KEY))


def taken(request: HttpRequest) -> str:
    """The invitation the new account opens on (once), or ""."""
    return invitation_path(request.session.pop(INVITED_KEY, ""))
