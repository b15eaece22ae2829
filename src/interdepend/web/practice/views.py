"""Practice views: the practitioner's side (dashboard, invitations, a client's shared data) and
the client's side (their practitioners, consent per scope, the access log).

Every read of a client's data checks the client's live consent on this request and writes one
access-log row per person read, in the transaction that serves the response.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts import refill
from interdepend.web.accounts.idle import idle_gate, private_open
from interdepend.web.accounts.models import User
from interdepend.web.accounts.reauth import (
    after_typed_wrong_password,
    password_each_time,
    password_recent,
)
from interdepend.web.assessment.selectors import map_description, result_map_svg
from interdepend.web.couple.report import couple_pdf
from interdepend.web.couple.selectors import (
    CoupleView,
    couple_map_svg,
    couple_view,
    couple_view_open,
)
from interdepend.web.frame import stash
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import from_another_site, posted
from interdepend.web.frame.links import site_link
from interdepend.web.frame.pwa import file_name, is_plain
from interdepend.web.frame.responses import pdf_response, svg_response
from interdepend.web.partners.access import access_active_partnership, linked_with
from interdepend.web.practice import access, selectors, services
from interdepend.web.practice.accesslog import record_reads
from interdepend.web.practice.forms import (
    KIND_LABELS,
    SCOPE_LABELS_FOR_PRACTITIONER,
    SCOPE_NAMES,
    ClientCodeForm,
    ConsentForm,
    InviteForm,
    PractitionerForm,
    UnsentCode,
    UnsentConsent,
    kind_label,
)
from interdepend.web.practice.models import AccessKind, ClientLink, Scope

# The practitioner's side -----------------------------------------------------------------------


@login_required
@password_recent()
def start(request: HttpRequest) -> HttpResponse:
    """Turn on (or edit) the practitioner role: "I work with clients"."""
    user = authed_user(request)
    profile = access.practitioner_of(user)
    initial = {"kind": profile.kind, "practice_name": profile.practice_name} if profile else None
    # Back from the confirm page, what she typed is in its boxes again (accounts.refill).
    typed = refill.typed_back(request, "practice:start") if request.method == "GET" else None
    if typed is not None:
        initial = {"kind": typed.value("kind"), "practice_name": typed.value("practice_name")}
    form = PractitionerForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.practitioner_enable(
                user=user,
                kind=form.cleaned_data["kind"],
                practice_name=form.cleaned_data["practice_name"],
            )
        except services.PracticeError as error:  # a name given before names could not hold a number
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your practitioner details are saved."))
            return redirect("practice:dashboard")
    status = 400 if form.errors else 200
    return render(request, "practice/start.html", {"form": form, "profile": profile}, status=status)


def _dashboard(request: HttpRequest, form: InviteForm, status: int = 200) -> HttpResponse:
    practitioner = access.access_practitioner(authed_user(request))
    context = {
        "practitioner": practitioner,
        "kind_label": kind_label(practitioner.kind),
        "rows": selectors.dashboard_rows(practitioner),
        "invitations": access.open_client_invitations(practitioner),
        "invite_form": form,
        "scope_labels": SCOPE_LABELS_FOR_PRACTITIONER,
    }
    return render(request, "practice/dashboard.html", context, status=status)


@login_required
@require_safe
@idle_gate
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, InviteForm())


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    practitioner = access.access_practitioner(authed_user(request))
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, form, status=400)
    new = services.client_invitation_create(
        practitioner=practitioner, invited=form.cleaned_data["invited"]
    )
    # Shown by a page of its own, as a partner's invitation is: an answer to this POST stayed in
    # the browser's history, where Back then Reload made another code (the stranger audit).
    stash.put_code(request, INVITATION_SHOWN, new.code, new.invitation)
    return redirect("practice:invitation")


#: The code just made, until its page has shown it once, for at most :data:`INVITATION_SECONDS`.
INVITATION_SHOWN = "_client_invitation_shown"
INVITATION_SECONDS = stash.CODE_SECONDS


@login_required
@require_safe
def invitation(request: HttpRequest) -> HttpResponse:
    """The code just made, shown once; opened again it is gone, and the dashboard lists the
    invitation, which can be withdrawn."""
    practitioner = access.access_practitioner(authed_user(request))
    found = stash.take_code(
        request, INVITATION_SHOWN, INVITATION_SECONDS, access.open_client_invitations(practitioner)
    )
    if found is None:
        return redirect("practice:dashboard")
    new = services.NewClientInvitation(invitation=found[1], code=found[0])
    link = site_link(request, reverse("practice:join_link", args=[new.code]))
    context = {"code": new.code, "link": link, "new": new}
    return render(request, "practice/invitation_created.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = access.access_own_client_invitation(authed_user(request), invitation_id)
    services.client_invitation_withdraw(invitation=invitation)
    messages.success(request, _("That invitation can no longer be used."))
    return redirect("practice:dashboard")


@login_required
@require_safe
@idle_gate  # her data on his screen: nobody at his unlocked device should read it
def client(request: HttpRequest, link_id: str) -> HttpResponse:
    """One client's page: exactly what they consent to now, and nothing else."""
    reader = authed_user(request)
    with transaction.atomic():
        link = access.access_client_link(reader, link_id)
        scopes = access.shown_scopes(link)
        result = selectors.latest_result(link.client) if Scope.RESULTS in scopes else None
        entries = selectors.shared_journal(link)
        couple = access.couple_clients(link)
        if result is not None:
            record_reads(subjects=[link.client], reader=reader, kind=AccessKind.RESULTS)
        if entries:
            record_reads(subjects=[link.client], reader=reader, kind=AccessKind.JOURNAL)
        context = {
            "link": link,
            "scopes": scopes,
            "scope_labels": SCOPE_LABELS_FOR_PRACTITIONER,
            "result": result[1] if result else None,
            "attempt": result[0] if result else None,
            "map_alt": map_description(result[1]) if result else "",
            "entries": entries,
            "couple": couple,
            "couple_open": couple is not None and _couple_open(couple),
        }
        return render(request, "practice/client.html", context)


@dataclass(frozen=True)
class Table:
    """A chart's numbers for its long description: a row heading, columns, rows."""

    heading: str
    columns: list[str]
    rows: list[tuple[str, list[float | None]]]


#: Reads one client's data for the practitioner: the people read and the response to serve.
Read = Callable[[ClientLink], tuple[list[User], HttpResponse]]


def _logged_read(request: HttpRequest, link_id: str, kind: AccessKind, read: Read) -> HttpResponse:
    """Serve a read of a client's data and log it for each person read, in one transaction."""
    reader = authed_user(request)
    with transaction.atomic():
        link = access.access_client_link(reader, link_id)
        subjects, response = read(link)
        record_reads(subjects=subjects, reader=reader, kind=kind)
        return response


def _result_map(link: ClientLink) -> tuple[list[User], HttpResponse]:
    access.require_scope(link, Scope.RESULTS)
    found = selectors.latest_result(link.client)
    svg = result_map_svg(found[1], link.client.display_name, another=True) if found else None
    if svg is None:
        raise Http404
    return [link.client], svg_response(svg)


def _trends(link: ClientLink) -> tuple[list[User], HttpResponse]:
    from interdepend.web.together.trends import own_checkins_svg

    access.require_scope(link, Scope.TRENDS)
    title = _("Weekly check-ins of %(name)s") % {"name": link.client.display_name}
    return [link.client], svg_response(own_checkins_svg(link.client, title))


def _open_couple(link: ClientLink) -> tuple[list[User], CoupleView]:
    """Both partners and their couple view, or 404 unless both consent and it is open."""
    couple = access.couple_clients(link)
    view = _couple_view(couple) if couple else None
    if couple is None or view is None:
        raise Http404
    return [couple.first.client, couple.second.client], view


def _couple_map(link: ClientLink) -> tuple[list[User], HttpResponse]:
    people, view = _open_couple(link)
    svg = couple_map_svg(view)
    if svg is None:
        raise Http404
    return people, svg_response(svg)


def _couple_report(link: ClientLink, *, reader: User) -> tuple[list[User], HttpResponse]:
    """The couple report as the practitioner downloads it, under their own look."""
    people, view = _open_couple(link)
    name = file_name(reader, "interdepend-couple-report.pdf", "notes-shared.pdf")
    return people, pdf_response(couple_pdf(view, plain=is_plain(reader)), name)


def _numbers_page(
    request: HttpRequest,
    link: ClientLink,
    which: str,
    title: str,
    table: Table,
    taken: Sequence[tuple[str, datetime]] = (),
) -> HttpResponse:
    """The page's title (and the browser's history) is one fixed phrase per ``which``;
    ``taken`` says when each person's scores were answered."""
    context = {"link": link, "title": title, "table": table, "taken": taken}
    return render(request, f"practice/numbers_{which}.html", context)


@login_required
@require_safe
@idle_gate
def client_trends_numbers(request: HttpRequest, link_id: str) -> HttpResponse:
    """The numbers the check-in chart draws, as a table: the chart's long description, read
    and logged as the chart is."""
    from interdepend.web.together.trends import own_checkins_numbers

    def read(link: ClientLink) -> tuple[list[User], HttpResponse]:
        access.require_scope(link, Scope.TRENDS)
        numbers = own_checkins_numbers(link.client)
        rows = [(date_format(week, "DATE_FORMAT"), list(values)) for week, values in numbers.rows]
        title = _("Weekly check-ins: the numbers")
        table = Table(_("Week of"), numbers.columns, rows)
        return [link.client], _numbers_page(request, link, "trends", title, table)

    return _logged_read(request, link_id, AccessKind.TRENDS, read)


@login_required
@require_safe
@idle_gate
def couple_numbers(request: HttpRequest, link_id: str) -> HttpResponse:
    """Both partners' scores, scale by scale: the couple map's long description, read and
    logged as the map is."""

    def read(link: ClientLink) -> tuple[list[User], HttpResponse]:
        people, view = _open_couple(link)
        rows: list[tuple[str, list[float | None]]] = [
            (scale.name, [scale.score, view.theirs.score(scale.scale_id)])
            for scale in view.mine.scales
        ]
        columns = [view.me.display_name, view.partner.display_name]
        table = Table(_("Scale"), columns, rows)
        title = _("Both partners on the map: the scores")
        # When each answered: a partner's scores a year old read as today's without it (the
        # practitioner walk of 2026-12-04). The couple report says so too.
        taken = [
            (person.display_name, attempt.completed_at)
            for person, attempt in ((view.me, view.my_attempt), (view.partner, view.their_attempt))
            if attempt.completed_at is not None
        ]
        return people, _numbers_page(request, link, "couple", title, table, taken)

    return _logged_read(request, link_id, AccessKind.COUPLE, read)


@login_required
@require_safe
@idle_gate
def client_map(request: HttpRequest, link_id: str) -> HttpResponse:
    return _logged_read(request, link_id, AccessKind.RESULTS, _result_map)


@login_required
@require_safe
@idle_gate
def client_trends(request: HttpRequest, link_id: str) -> HttpResponse:
    return _logged_read(request, link_id, AccessKind.TRENDS, _trends)


@login_required
@require_safe
@idle_gate
def couple_map(request: HttpRequest, link_id: str) -> HttpResponse:
    return _logged_read(request, link_id, AccessKind.COUPLE, _couple_map)


@login_required
@require_safe
@idle_gate
def couple_report(request: HttpRequest, link_id: str) -> HttpResponse:
    read = partial(_couple_report, reader=authed_user(request))
    return _logged_read(request, link_id, AccessKind.REPORT, read)


def _couple_view(couple: access.CoupleClients) -> CoupleView | None:
    active = access_active_partnership(couple.first.client)
    return couple_view(couple.first.client, active) if active else None


def _couple_open(couple: access.CoupleClients) -> bool:
    """The client page's one yes or no, without building the couple view."""
    active = access_active_partnership(couple.first.client)
    return active is not None and couple_view_open(couple.first.client, active)


# The client's side ------------------------------------------------------------------------------


@login_required
@require_safe
@idle_gate  # whom she sees, and for what: nobody holding her phone should read it
def mine(request: HttpRequest) -> HttpResponse:
    """Your practitioners: what each may see, as checkboxes, and a way to end the link."""
    return _mine_page(request, authed_user(request))


def _mine_page(
    request: HttpRequest, user: User, bound: ConsentForm | None = None, status: int = 200
) -> HttpResponse:
    """The practitioners page, with ``bound`` (a choice sent, with its errors) in its place.
    Back from the confirm page, the code or the ticks she sent are there again, waiting for her
    press (``accounts.refill``)."""
    typed = refill.typed_back(request, "practice:join", "practice:consent")
    links = []
    starts, earlier, partner_id = selectors.her_starts_and_partners(user)
    for item in selectors.my_links(user, starts=starts, earlier=earlier, partner_id=partner_id):
        prefix = f"link{item.link.public_id}"
        ticked = sorted(item.scopes)
        if typed is not None and typed.view == "practice:consent":
            # Ticks kept for another practitioner's form leave this one as it is.
            ticked = typed.values(f"{prefix}-scopes") or ticked
        chosen: ConsentForm | UnsentConsent = (
            bound
            if bound is not None and bound.prefix == prefix
            else UnsentConsent(prefix=prefix, ticked=ticked, user=user, current=item.scopes)
        )
        practitioner = item.link.practitioner
        kind = _labelled(KIND_LABELS, practitioner.kind if practitioner is not None else None)
        links.append((item, chosen, kind))
    code = _typed_code(typed, "practice:join")
    context = {
        "links": links,
        "history": [
            (line, _labelled(SCOPE_NAMES, line.scope))
            for line in selectors.consent_history(user, starts=starts)
        ],
        # Written straight from what she typed back, if anything: no form is made.
        "code_form": UnsentCode(code["code"] if code else None),
    }
    return render(request, "practice/mine.html", context, status=status)


def _labelled(labels: Mapping[Any, object], key: object) -> str:
    """The words for ``key``, or none for an unknown one (as the template's loop over every
    label wrote them: a loop of eight tests a line before)."""
    return str(labels.get(key, ""))


def _typed_code(typed: refill.Typed | None, view: str) -> dict[str, str] | None:
    """The code she typed into ``view``'s form, for its box (see ``accounts.refill``)."""
    return {"code": typed.value("code")} if typed is not None and typed.view == view else None


@login_required
@require_POST
@password_recent()
def consent(request: HttpRequest, link_id: str) -> HttpResponse:
    user = authed_user(request)
    link = access.access_own_link(user, link_id)
    prefix = f"link{link.public_id}"
    current = selectors.live_scopes(link)
    form = ConsentForm(request.POST, prefix=prefix, user=user, current=current)
    if form.is_valid():
        services.consent_set(link=link, scopes=form.cleaned_data["scopes"])
        messages.success(
            request, _("Saved. From now on your practitioner sees only what you ticked.")
        )
        return redirect("practice:mine")
    # A wrong password typed here counts as one on the confirm page.
    if "password" in form.errors and (
        ended := after_typed_wrong_password(request, f"{prefix}-password")
    ):
        return ended
    messages.error(request, _("That choice could not be saved. Nothing changed."))
    return _mine_page(request, user, bound=form, status=400)


def end_words(request: HttpRequest, link_id: str) -> str:
    """The step, for the page that asks for the password: whose connection ends, named only
    while her private pages are open (the page itself waits behind the idle lock; its password
    page, asked for by a post made from her history's address, must not name them either)."""
    link = access.access_own_link(authed_user(request), link_id)
    if not private_open(request):
        return _("stop working with a practitioner here")
    return _("stop working with %(name)s here") % {"name": link.by.named}


@login_required
@password_each_time(end_words, boxed=True)
# It names her practitioner: after a while away, Back and Reload must not show it. Inside the
# password step, so the password typed in the page's own box also opens the window again; the
# other way round, the idle check sent her to the confirm page and back to an empty box, up to
# three times (the re-audit of 2026-12-03, L3).
@idle_gate
def end(request: HttpRequest, link_id: str) -> HttpResponse:
    """Ending a connection asks for her password each time: someone holding her phone a minute
    after she signed in could otherwise cut her off from her practitioner without a word (the
    phone audit of 2026-12-02). Nothing ends before. The page is a private one: it named her
    practitioner to whoever pressed Back and Reload after the idle lock (the practitioner audit
    of 2026-12-03, M2)."""
    link = access.access_own_link(authed_user(request), link_id)
    if request.method == "POST":
        services.link_end(link=link)
        messages.success(request, _("You are no longer connected. Nothing of yours is shared now."))
        return redirect("practice:mine")
    return render(request, "practice/end.html", {"link": link})


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _show_invitation(request: HttpRequest, code: str) -> HttpResponse:
    user = authed_user(request)
    try:
        invitation = services.client_invitation_find(
            code=code, user=user, ip_address=_client_ip(request)
        )
    except services.PracticeError as error:
        # A code another account opened first gets this same page, byte for byte.
        status = 429 if isinstance(error, services.TooManyGuesses) else 404
        context = {
            "form": ClientCodeForm(initial={"code": code}),
            "error": str(error),
            "not_found": status == 404,
        }
        return render(request, "practice/join.html", context, status=status)
    context = {
        "invitation": invitation,
        "code": code,
        "own": invitation.practitioner.user_id == user.pk,
        "kind_label": kind_label(invitation.practitioner.kind),
        # The inviter's account is her partner's, or an ex's: she is told (the practitioner
        # audit; the role is anyone's to turn on).
        "linked": linked_with(user, invitation.practitioner.user),
        # The name the practitioner will see: hers here, which may not be the one he knows.
        "me": user.display_name,
    }
    return render(request, "practice/invitation.html", context)


@login_required
@password_recent()
def join(request: HttpRequest) -> HttpResponse:
    typed = refill.typed_back(request, "practice:join") if request.method == "GET" else None
    form = ClientCodeForm(posted(request), initial=_typed_code(typed, "practice:join"))
    if request.method == "POST" and form.is_valid():
        return _show_invitation(request, form.cleaned_data["code"])
    status = 400 if form.errors else 200
    return render(request, "practice/join.html", {"form": form}, status=status)


@login_required
@require_safe
@password_recent()
def join_link(request: HttpRequest, code: str) -> HttpResponse:
    if from_another_site(request):  # as partners.views.join_link: her press counts, not theirs
        form = ClientCodeForm(initial={"code": code})
        return render(request, "practice/join.html", {"form": form})
    return _show_invitation(request, code)


def _connect_words(request: HttpRequest) -> str:
    """Whom the password page says she is about to connect with: named only when the code is
    hers already (she opened its link or typed it); any other code, in general words, with
    nothing bound or counted before her password."""
    invitation = services.client_invitation_named(
        code=str(request.POST.get("code", "")), user=authed_user(request)
    )
    if invitation is None:
        return _("connect with the practitioner whose code you typed")
    practitioner = invitation.practitioner
    return _(
        "connect with %(name)s (%(kind)s; nobody checks a practitioner's title, so connect "
        "only with someone you chose)"
    ) % {"name": practitioner.named, "kind": kind_label(practitioner.kind)}


@login_required
@require_POST
@password_each_time(_connect_words, boxed=True)
def accept(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    try:
        invitation = services.client_invitation_find(
            code=str(request.POST.get("code", "")), user=user, ip_address=_client_ip(request)
        )
        services.client_invitation_redeem(invitation=invitation, user=user)
    except services.PracticeError as error:
        messages.error(request, str(error))
        return redirect("practice:mine")
    messages.success(
        request,
        _("You are connected. Nothing is shared yet: choose below what your practitioner may see."),
    )
    return redirect("practice:mine")


@login_required
@require_safe
@idle_gate  # who looked, and when: names her practitioners
def log(request: HttpRequest) -> HttpResponse:
    """Who has looked at your data: who, what kind, when. Never what they saw."""
    entries = selectors.access_log_of(authed_user(request))
    return render(request, "practice/log.html", {"entries": entries})
