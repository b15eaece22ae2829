"""The one question before a safety reset, wherever its button is (*Your data* and *Who can
see what*): a press one Tab too far after the download did the reset at once (the keyboard
audit of 2026-12-04, M4). The first press answers with the question; only its own button,
which sends ``confirm=yes``, does it. The same without scripts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from interdepend.web.frame.http import form_key_holds

#: The field of the question's own button: only a press there does the reset.
CONFIRM = "confirm"


def question(request: HttpRequest, action: str, back: str, status: int = 200) -> HttpResponse:
    """The question's page: its button posts to ``action``; Cancel goes to ``back``."""
    return render(
        request, "datarights/reset_ask.html", {"action": action, "back": back}, status=status
    )


def unless_answered(request: HttpRequest, action: str, back: str) -> HttpResponse | None:
    """The question again, unless this press was its own button's (then None: do it)."""
    said = request.POST.get(CONFIRM)
    if said == "yes" and form_key_holds(request):
        return None
    if said == "yes":
        # The view takes a stale form key (frame.http.takes_a_stale_form_key), so that a press
        # on a page drawn before her latest sign-in reaches this question; it is never the
        # press that does the reset. The question is drawn afresh, with a current key.
        messages.info(
            request,
            _(
                "Nothing was changed yet: that page was from before your latest sign-in. "
                "To do the safety reset, press Yes, do it now."
            ),
        )
        return question(request, action=action, back=back)
    if said is None:
        return question(request, action=action, back=back)
    # Sent with anything else: asked again, and told that nothing happened.
    messages.error(
        request, _("Nothing was changed yet. To do the safety reset, press Yes, do it now.")
    )
    return question(request, action=action, back=back, status=400)
