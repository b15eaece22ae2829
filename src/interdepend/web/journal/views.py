"""Journal views: thin, typed, each behind login, the idle gate and an access helper.

Sharing answers an htmx request with the changed fragment and any other request with a
redirect, so the page works without script. Nothing here tells anyone but the owner that an
entry exists, unless the owner shared it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from typing import cast, overload

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.core.content import Prompt, load_prompts
from interdepend.web.accounts.models import User
from interdepend.web.accounts.reauth import asked_each_time, password_each_time
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import holds_long_text, is_htmx, posted
from interdepend.web.journal import access, forms, selectors, services
from interdepend.web.journal.forms import BODY_MAX
from interdepend.web.journal.idle import journal_gate
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.services import PartnershipEnded
from interdepend.web.practice.models import ClientLink

PER_PAGE = access.PER_PAGE


class _Later(Sequence[Entry]):
    """A list's rows, counted already. The first page's are what ``first`` reads (a prepared
    read, the page most opened); the queryset ``rows`` gives is built only when a later page is
    sliced from it (building it took longer than the prepared read of the first page, and the
    paginator's slice of the first page built it on every view, to be thrown away: issue 15's
    eleventh pass)."""

    def __init__(
        self, rows: Callable[[], QuerySet[Entry]], count: int, first: Callable[[], list[Entry]]
    ) -> None:
        self.rows, self.count_of, self.first = rows, count, first

    def __len__(self) -> int:
        return self.count_of

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice) and not index.start:
            # The first page (the paginator slices it as [0:PER_PAGE], or [0:count] when
            # fewer): none at all, or what the first page's read gives, in the same order.
            return self.first()[index] if self.count_of else []
        # A later page stays a queryset, read only when the page's rows are.
        return cast(Sequence[Entry], self.rows()[index])


def _page(
    request: HttpRequest,
    rows: Callable[[], QuerySet[Entry]],
    count: int,
    first: Callable[[], list[Entry]],
) -> Page[Entry]:
    """The page asked for of a list of ``count`` rows: the first page's rows from ``first`` (a
    prepared read of the first :data:`PER_PAGE`), any other page sliced from the queryset
    ``rows`` gives, in the same order."""
    return Paginator(_Later(rows, count, first), PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_safe
@journal_gate
def home(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    month = _month(request.GET.get("month"))
    # Her months, to go straight to one, once there is more than a page: a year of entries
    # was eleven pages of "Older" and nothing else (the year walk of 2026-12-05). The read
    # that finds them counts her entries too, for the pages of all of them. With no month
    # chosen and no more than a page of entries, the first page's read (a page and one more)
    # is all of them: their count is its length, and no months are shown, so the read of her
    # count and months is left out (issue 15's thirteenth pass).
    if month is None:
        # Entries, each with its ``read`` mark and her data key as stored.
        newest = access.OWN_NEWEST(owner_id=user.pk)
        count, months = (len(newest), []) if len(newest) <= PER_PAGE else access.own_span(user)
        rows = partial(access.own_entries, user)
        page = _page(request, rows, count, lambda: newest[:PER_PAGE])
        # Her data key, as stored, came with her newest entries (``access.OWN_NEWEST``), for
        # whichever page is shown; with none, there is nothing to open.
        found_key = selectors.FoundKey(access.key_read_with(newest[0])[1]) if newest else None
    else:
        count, months = access.own_span(user)
        start, end = access.month_bounds(month)
        values = {"owner_id": user.pk, "start": start, "end": end}
        in_month = access.OWN_IN_COUNT(**values)["n"]
        rows = partial(access.own_entries_in, user, month)
        page = _page(request, rows, in_month, partial(access.OWN_IN_NEWEST, **values))
        found_key = None  # read on its own, when the month has an entry
    # Who may read each entry is asked only when one of them may be read: the first page's
    # rows say so each (``access.OWN_NEWEST``); rows of any other page carry no mark.
    marks = [vars(row).get("read") for row in page.object_list]
    may_read = not marks or any(mark is not False for mark in marks)
    active = access_active_partnership(user)
    views = selectors.entry_views(
        user, page.object_list, active, may_read=may_read, found_key=found_key
    )
    months = months if month or count > PER_PAGE else []
    context = {"page": page, "entries": views, "month": month, "months": months}
    return render(request, "journal/home.html", context)


def _month(asked: str | None) -> date | None:
    """The month asked for as ``2026-03``, as its first day; None for any other text, and for
    the calendar's first and last years, whose month has no day before or after it to count
    from in every time zone (``?month=9999-12`` was a server error: the review of 2026-12-05)."""
    try:
        month = date.fromisoformat(f"{asked}-01") if asked and len(asked) == 7 else None
    except ValueError:
        return None
    return month if month and date.min.year < month.year < date.max.year else None


def _offered(user: User, chosen: str) -> list[Prompt]:
    offered = list(selectors.offered_prompts(user))
    if chosen and all(p.id != chosen for p in offered):
        offered += [p for p in load_prompts(language=get_language()) if p.id == chosen]
    return offered


@login_required
@journal_gate
@holds_long_text(BODY_MAX)
def write(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    chosen = str((request.POST if request.method == "POST" else request.GET).get("prompt", ""))
    form = forms.EntryForm(
        posted(request), offered=_offered(user, chosen), initial={"prompt": chosen}
    )
    if request.method == "POST" and form.is_valid():
        entry = services.entry_create(
            owner=user,
            body=form.cleaned_data["body"],
            prompt_key=form.cleaned_data["prompt"],
            idem_key=form.cleaned_data["idem"],
        )
        messages.success(request, _("Saved. It is yours alone unless you share it."))
        return redirect("journal:entry", entry_id=entry.public_id)
    status = 400 if form.errors else 200
    return render(request, "journal/write.html", {"form": form}, status=status)


def _words_of_a_gone_entry(request: HttpRequest, user: User) -> HttpResponse:
    """A change sent for an entry that is not there (deleted from another tab or device since
    the page opened, or an address that never was one of hers): nothing is changed, and her
    words come back in a new entry's box to save or leave (they were lost behind a bare "not
    found": the forms audit of 2026-12-03, L5). Any address gets the same page, so it tells
    nothing of which entries exist."""
    typed = str(request.POST.get("body", ""))[:BODY_MAX]
    form = forms.EntryForm(offered=_offered(user, ""), initial={"body": typed})
    context = {"form": form, "gone": True}
    # Not found, as any address not hers is (tests/security/policy.py); the page says so.
    return render(request, "journal/write.html", context, status=404)


def _entry_context(
    user: User,
    entry: Entry,
    same_day: bool | None = None,
    found_key: selectors.FoundKey | None = None,
) -> dict[str, object]:
    """What the entry's page and its card show; ``same_day`` and her data key as stored when
    already known (the page reads them with the entry), else asked."""
    active = access_active_partnership(user)
    # Her practitioners allowed to read her journal, read first: with none, no practitioner
    # can read this entry (a share is readable only through such a link). Read with whether
    # she has any practitioner at all, which the card says when none may read it.
    links, any_link = access.journal_links_and_any(user)
    (view,) = selectors.entry_views(
        user, [entry], active, may_read=bool(links), found_key=found_key
    )
    if same_day is None:
        same_day = selectors.shares_its_day(user, entry)
    view = replace(view, same_day=same_day)
    return {
        "entry": view,
        "active": active,
        "practitioners": selectors.practitioner_choices(view, links),
        "has_practitioner": any_link,
    }


@login_required
@require_safe
@journal_gate
def entry(request: HttpRequest, entry_id: str) -> HttpResponse:
    user = authed_user(request)
    found, nearest, key = access.access_own_entry_beside(user, entry_id)
    same_day = selectors.on_its_day(found, nearest)
    context = _entry_context(user, found, same_day, selectors.FoundKey(key))
    return render(request, "journal/entry.html", context)


def _entry_day(user: User, found: Entry) -> str:
    """The entry's day as its page heading writes it: with its time when another entry of hers
    was written that day, so that the password page names this one and no other."""
    form = "DATETIME_FORMAT" if selectors.shares_its_day(user, found) else "DATE_FORMAT"
    return date_format(timezone.localtime(found.created_at), form)


def _edit_words(request: HttpRequest, entry_id: str) -> str:
    user = authed_user(request)
    found = access.access_own_entry(user, entry_id)
    day = _entry_day(user, found)
    return _("change your journal entry of %(day)s") % {"day": day}


@login_required
@journal_gate
@holds_long_text(BODY_MAX)
def edit(request: HttpRequest, entry_id: str) -> HttpResponse:
    """Saving a change asks for her password each time, as deleting does: a change can empty an
    entry or put other words in it, and no earlier wording is kept (the phone audit of
    2026-12-02: "." saved over an entry, a minute after she signed in). Her new words are
    carried through the password page, and nothing is saved before."""
    user = authed_user(request)
    try:
        found = access.access_own_entry(user, entry_id)
    except Http404:
        if request.method != "POST":
            raise
        return _words_of_a_gone_entry(request, user)
    saved_elsewhere: str | None = None
    if request.method == "POST":
        form = forms.EntryEditForm(request.POST)
        if form.is_valid():
            # Asked once the words are fine, so a mistake is said before the password is.
            asked = asked_each_time(request, _edit_words, entry_id)
            if asked is not None:
                return asked
            try:
                services.entry_update(
                    entry=found, body=form.cleaned_data["body"], seen=form.cleaned_data["seen"]
                )
            except services.EntryChanged:
                # Saved on another device since this page opened: both texts are shown, and
                # her new words stay in the box, to send again over the newer text if she likes.
                found = access.access_own_entry(user, entry_id)  # gone meanwhile: 404
                saved_elsewhere = selectors.entry_text(user, found) or ""
                form = forms.EntryEditForm(
                    {"body": form.cleaned_data["body"], "seen": services.text_mark(saved_elsewhere)}
                )
            else:
                messages.success(request, _("Saved."))
                return redirect("journal:entry", entry_id=found.public_id)
    else:
        body = selectors.entry_text(user, found) or ""
        form = forms.EntryEditForm(initial={"body": body, "seen": services.text_mark(body)})
    context = {
        "form": form,
        "entry_id": found.public_id,
        "prompt": selectors.prompt_text(found.prompt_key),
        "saved_elsewhere": saved_elsewhere,
    }
    status = 409 if saved_elsewhere is not None else 400 if form.errors else 200
    return render(request, "journal/edit.html", context, status=status)


def _delete_words(request: HttpRequest, entry_id: str) -> str:
    user = authed_user(request)
    found = access.access_own_entry(user, entry_id)
    day = _entry_day(user, found)
    return _("delete your journal entry of %(day)s for good") % {"day": day}


@login_required
@require_POST
@journal_gate
@password_each_time(_delete_words)
def delete(request: HttpRequest, entry_id: str) -> HttpResponse:
    """Deleting an entry cannot be undone: it asks for her password each time, so that nobody
    holding her signed-in phone can wipe what she wrote (the partner audit)."""
    found = access.access_own_entry(authed_user(request), entry_id)
    services.entry_delete(entry=found)
    messages.success(request, _("The entry is deleted."))
    return redirect("journal:home")


@login_required
@require_POST
@journal_gate
def share(request: HttpRequest, entry_id: str) -> HttpResponse:
    """Sharing needs her password typed for it, each time; stopping sharing never waits."""
    if request.POST.get("share") == "on":
        return password_each_time(_share_words)(_share)(request, entry_id)
    return _share(request, entry_id)


def _share_words(request: HttpRequest, entry_id: str) -> str:
    """What the password page says is about to happen: which entry, and with whom, so that
    she never types her password for a share someone else set up on her phone."""
    user = authed_user(request)
    found = access.access_own_entry(user, entry_id)
    day = _entry_day(user, found)
    name = ""
    if request.POST.get("with") == "practitioner":
        link = _journal_link(user, str(request.POST.get("link", "")))
        name = link.by.named if link else ""
    elif request.POST.get("with") == "partner":
        active = access_active_partnership(user)
        name = active.partner.display_name if active else ""
    if name:
        return _("share your journal entry of %(day)s with %(name)s") % {"day": day, "name": name}
    return _("share your journal entry of %(day)s") % {"day": day}


def _share(request: HttpRequest, entry_id: str) -> HttpResponse:
    user = authed_user(request)
    found = access.access_own_entry(user, entry_id)
    audience = str(request.POST.get("with", ""))
    on = request.POST.get("share") == "on"
    if audience == "partner":
        note = _share_partner(user, found, on)
    elif audience == "practitioner":
        note = _share_practitioner(user, found, on, str(request.POST.get("link", "")))
    else:
        note = _("Choose whom to share with.")
    if is_htmx(request):
        context = {**_entry_context(user, found), "note": note}
        return render(request, "journal/_share.html", context)
    messages.info(request, note)
    return redirect("journal:entry", entry_id=found.public_id)


def _share_partner(user: User, found: Entry, on: bool) -> str:
    active = access_active_partnership(user) if on else None
    if on and active is None:
        return _("Sharing with a partner opens once you are linked with someone.")
    try:
        services.entry_share_with_partner(entry=found, active=active)
    except PartnershipEnded:
        return _("Nothing was shared: you are not linked with that partner any more.")
    # Said once, beside the card's own line on who can read it ("Ben can read this entry.").
    return _("Shared.") if on else _("Sharing stopped.")


def _journal_link(user: User, posted: str) -> ClientLink | None:
    """The practitioner link the form names, among those allowed to read journal entries."""
    return next((link for link in access.journal_links(user) if link.public_id == posted), None)


def _share_practitioner(user: User, found: Entry, on: bool, posted: str) -> str:
    """Share with, or stop sharing with, the one practitioner the form names."""
    if not on:
        services.entry_unshare_with_practitioner(entry=found, link_id=posted)
        return _("That practitioner no longer sees this entry.")
    link = _journal_link(user, posted)
    if link is None:
        return _(
            "Nothing was shared: that practitioner may not read journal entries now. "
            "You can allow it on the page about your practitioners."
        )
    services.entry_share_with_practitioner(entry=found, link=link)
    return _("%(name)s can read this entry now.") % {"name": link.by.named}


@login_required
@require_safe
@journal_gate
def shared(request: HttpRequest) -> HttpResponse:
    """What the current partner chose to share with you, and nothing about anything else."""
    user = authed_user(request)
    active = access_active_partnership(user)
    if active is None:  # nothing to read: not one statement
        page = _page(request, partial(access.shared_with_me, None), 0, list)
    else:
        values = {"owner_id": active.partner.pk, "partnership_id": active.partnership.pk}
        count = access.SHARED_COUNT(**values)["n"]
        first = partial(access.SHARED_NEWEST, **values)
        page = _page(request, partial(access.shared_with_me, active), count, first)
    entries = (
        selectors.entry_views(active.partner, page.object_list, active, for_owner=False)
        if active
        else []
    )
    context = {"page": page, "entries": entries, "active": active}
    return render(request, "journal/shared.html", context)
