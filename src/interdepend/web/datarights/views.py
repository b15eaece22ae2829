"""The "Your data" page: download everything, the safety reset, and deleting the account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts.forms import PasswordConfirmForm
from interdepend.web.accounts.reauth import (
    after_typed_wrong_password,
    password_recent,
    wrong_in_form,
)
from interdepend.web.datarights import resetask, services
from interdepend.web.datarights.forms import DeleteAccountForm
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import clear_browser_storage, takes_a_stale_form_key


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(user=authed_user(request), auto_id="export-%s")
    return render(request, "datarights/index.html", {"export_form": form})


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Everything of hers in one file, with the password typed in the form itself: a sign-in or
    a confirm page a few minutes before is not enough, since the file holds her journal, her
    circle and her answers, and whoever picks up her phone just after could take it whole."""
    user = authed_user(request)
    form = PasswordConfirmForm(request.POST, user=user, auto_id="export-%s")
    if not form.is_valid():
        if ended := after_typed_wrong_password(request):
            return ended
        return render(request, "datarights/index.html", {"export_form": form}, status=400)
    response = HttpResponse(services.export_archive(user), content_type="application/zip")
    filename = services.export_filename(user)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, max-age=0"
    return response


@login_required
@require_safe
def reset_ask(request: HttpRequest) -> HttpResponse:
    """The reset's one question, where her password brings her back after a press: the next
    press does it (the keyboard audit of 2026-12-04, M4: one Tab too many after the download,
    then Enter, had it done at once)."""
    return resetask.question(request, *_reset_pages())


def _reset_pages() -> tuple[str, str]:
    return reverse("datarights:reset"), reverse("datarights:index")


@takes_a_stale_form_key  # a stale key is asked the question again (resetask)
@login_required
@require_POST
@password_recent()
def reset(request: HttpRequest) -> HttpResponse:
    """The first press asks (:mod:`.resetask`); the question's own button does it."""
    if (asked := resetask.unless_answered(request, *_reset_pages())) is not None:
        return asked
    services.safety_reset(user=authed_user(request), keep_session_key=request.session.session_key)
    messages.success(
        request,
        _(
            "Done. Nothing of yours is shared any more, you are not linked with anyone, and "
            "every other device has been signed out. Nobody was told."
        ),
    )
    return redirect("datarights:index")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.user_delete(user=user)
        # Nothing of the app stays on the device.
        return clear_browser_storage(render(request, "datarights/deleted.html", {}))
    if ended := wrong_in_form(request, form):
        return ended
    return render(request, "datarights/delete.html", {"form": form})
