"""The frame: the safety and about pages, the quick exit and its lock, error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts import formpages, push, reauth, unsent
from interdepend.web.accounts.forms import PasswordConfirmForm
from interdepend.web.accounts.models import HomeScreenLook, QuickExitKeys, User
from interdepend.web.frame import lock, pwa
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.bodies import form_of, too_big
from interdepend.web.frame.http import (
    clear_browser_storage,
    is_htmx,
    said_to_be_ours,
    takes_a_stale_form_key,
)
from interdepend.web.frame.middleware import same_for_everyone
from interdepend.web.frame.said import forget_said
from interdepend.web.frame.templatetags.frameparts import page_path

logger = logging.getLogger(__name__)


@require_safe
def safety(request: HttpRequest) -> HttpResponse:
    user = getattr(request, "user", None)
    keys = QuickExitKeys(user.quick_exit_keys) if isinstance(user, User) else None
    return render(request, "frame/safety.html", {"keys_chosen": keys})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "frame/about.html", {})


class _Schema:
    #: Set once this process has found every migration applied: a database is never migrated
    #: backwards under a running server, so from then on the check asks only that it answers.
    current = False


def _migrations_pending() -> bool:
    if _Schema.current:
        return False
    executor = MigrationExecutor(connection)
    _Schema.current = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return not _Schema.current


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For the balancer: 200 while this server can reach its database, 503 when it cannot (an
    "ok" from a server whose every page failed kept it in the pool: the deployer audit) or
    while it still needs ``migrate`` (every sign-in failed: the operator audit). Served on
    plain HTTP too, as balancers check (``SECURE_REDIRECT_EXEMPT``)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if _migrations_pending():
            return HttpResponse("database not up to date", content_type="text/plain", status=503)
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in the look its address names (never read from a session)."""
    look = request.GET.get("look", HomeScreenLook.INTERDEPEND)
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if look not in HomeScreenLook.values or language not in dict(settings.LANGUAGES):
        raise Http404
    return JsonResponse(
        pwa.manifest(HomeScreenLook(look), language), content_type="application/manifest+json"
    )


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The one worker, whatever its address asks: a browser that registered an earlier
    release's ``/sw.js?look=neutral&lang=es`` gets it too when it checks for a new one."""
    response = HttpResponse(pwa.worker_script(), content_type="text/javascript; charset=utf-8")
    return same_for_everyone(response)


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when the server cannot be reached, in the look and
    language its address names (the worker fetches it without cookies). Drawn without the
    request, so it is one fixed page per address: no name, no menu, no form, whoever fetched
    it. Under a plain look its title is the plain name ("Notas") and it never names the app."""
    look, language = pwa.asked(request.GET)
    context = {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "home_screen": pwa.home_screen(look, language),
        "nameless": look != HomeScreenLook.INTERDEPEND,
    }
    with override(language):
        response = HttpResponse(render_to_string("frame/offline.html", context))
    response["Content-Language"] = language  # the page's, not the browser's first choice
    return response


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Our words for a request we cannot take. Too big for Django to read at all, it says so
    (413), and how long the box may be when sent to a form that holds a long text
    (``frame.http.holds_long_text``): a pasted book chapter met only "Something in that
    request was not right" (the forms audit of 2026-12-03, L4)."""
    if isinstance(exception, RequestDataTooBig):
        return too_big(request)  # a file part too (frame/bodies.py): no page takes one
    return render(request, "frame/400.html", {}, status=400)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "frame/404.html", {}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "frame/500.html", {}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing form key: nothing was done. Its page offers a fresh
    copy of the page the form was on, one press away (:func:`page_again`): it only said "go
    back and reload", and from a phone's home screen there is no Back to press (the stale-forms
    audit of 2026-12-04). Sent by htmx, whose part of the page takes no 403, the press did
    nothing anyone could see: the browser opens the fresh copy instead (``HX-Redirect``), which
    says why. :func:`frame.http.form_key_holds` asks without drawing this page."""
    again = page_again(request)
    if is_htmx(request):
        messages.info(
            request,
            _(
                "That page had been open a long while, or was from before your latest sign-in, "
                "so nothing was sent. Here it is again, fresh: please press the button once more."
            ),
        )
        answer = HttpResponse(status=403)
        answer["HX-Redirect"] = again
        return answer
    # Her own writing comes back on the page to copy (an entry pressed Save on, on a phone
    # whose home-screen app has no Back: lost, the writes audit of 2026-12-05), only when the
    # browser says our own page sent it: another site's post is never shown back as hers, and
    # a post naming neither (a very old browser, a script) gets nothing back. And only to her,
    # signed in (a tab left from before her latest sign-in): a form drawn before a sign-out,
    # sent again from the history by the next person at the device, gives nothing back (the
    # review of 2026-12-05; a sign-out changes the form key, accounts.views).
    ours = said_to_be_ours(request) and request.user.is_authenticated
    typed = unsent.words_sent(request) if ours else []
    # Once, as after a sign-in that ended: sent again from the history hours later, with her
    # journal asking for her password by then, this page would have shown them past it.
    mark = unsent.first_time_given(request, typed)
    context = {"again": again, "typed": typed if mark else []}
    answer = render(request, "frame/403_csrf.html", context, status=403)
    if mark:
        unsent.remember_given(request, answer, mark)
    return answer


def page_again(request: HttpRequest) -> str:
    """The page a form was sent from, as a path of ours to open afresh: the Referer, when the
    browser names a page of this site (read as ``next=`` values are), or the page declared for
    an address that answers only a button (``accounts.formpages``); else the home page. Never
    another site, a protocol-relative ``//`` path or a backslash a browser reads as one."""
    path = page_path(request)
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return formpages.page_for(path)


@takes_a_stale_form_key
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Lock the session, then (without scripts) send the browser on to the neutral site.

    No CSRF token is asked for: a page left open while she signed in again elsewhere holds a
    stale one, and the exit must lock all the same. A request another site's page sent (its
    browser names that site as the origin) is refused, as the token would have refused it."""
    # Words are kept only as the session locks: a locked page has no form of hers, so a second
    # beacon sent from it (with the lock page's own token) is someone else's, and must not
    # replace the words she left (the partner audit of 2026-12-03).
    already_locked = lock.session_is_locked(request)
    lock.session_lock(request)
    forget_said(request)  # a line said a moment before waits for no later page (frame.said)
    if request.user.is_authenticated and not already_locked:
        try:
            lock.keep_unsent(request)
        except Exception:  # noqa: BLE001 - the lock above must be saved, whatever the words do
            logger.warning("words a quick exit carried could not be kept")
        # A notification on her screen while someone else holds it would say the app is there:
        # the browsers this sign-in turned them on in get nothing more until she turns them on
        # again (the header below takes the browser's own subscription with the worker).
        push.push_session_ended(request.session.session_key)
    # A body Django will not read is no form at all here: the exit leaves as the button does.
    response = HttpResponse(status=204 if form_of(request).get("beacon") else 302)
    if response.status_code == 302:
        response["Location"] = settings.QUICK_EXIT_URL
    return clear_browser_storage(response)


@login_required
def unlock(request: HttpRequest) -> HttpResponse:
    """The lock page's password: right, and the person carries on where they were."""
    next_url = reauth.safe_next(request, fallback=reverse("home:home"))
    if not lock.session_is_locked(request):
        return redirect(next_url)
    form = PasswordConfirmForm(request.POST or None, user=authed_user(request))
    if request.method == "POST":
        if form.is_valid():
            lock.session_unlock(request)
            if lock.unsent_waiting(request):
                return redirect("accounts:carry_on")
            return redirect(next_url)
        if ended := reauth.after_wrong_password(request):
            return ended
    return lock.lock_page(request, form if form.is_bound else None, next_url)


@require_POST
def quick_exit_note(request: HttpRequest) -> HttpResponse:
    """The person has read what the quick exit does; the note stays away for this session."""
    lock.note_dismiss(request)
    return redirect(reauth.safe_next(request, fallback=reverse("home:home")))
