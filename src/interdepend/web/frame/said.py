"""What was said to someone signed in stays with that sign-in.

A line said after a step (``django.contrib.messages``: "Noted: you connected with Maria
today.") waits in the browser's message cookie until the next page shows it. If that page is
the quick exit's lock page (which shows nothing), or never comes (the exit's beacon overtook
it, or the session ran out first), the line waited on, and the next page that showed lines,
the sign-in page after signing out, said it to whoever held the phone: a name of her support
circle among them (the security audit of 2026-12-04, III). Every way out of a sign-in, the
quick exit and its lock page drop what is waiting; a line said later in the same request (the
sign-in page's "You are signed out") is kept.
"""

from __future__ import annotations

from django.http import HttpRequest


def forget_said(request: HttpRequest) -> None:
    """Drop every line waiting to be said to this request's person (none are shown)."""
    storage = getattr(request, "_messages", None)
    if storage is None:
        return
    # Reading them marks them used, so the storage keeps only lines said after this.
    for _line in storage:
        pass
