"""Assessment views: start or resume, answer page by page, see the result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from interdepend.core.instrument import Instrument, Item
from interdepend.core.scoring import Result
from interdepend.web.accounts.idle import idle_gate
from interdepend.web.assessment import selectors, services
from interdepend.web.assessment.access import (
    access_own_attempt,
    access_own_result,
    own_attempt_dates,
    own_attempts,
)
from interdepend.web.assessment.answers import (
    SKIP,
    AnswerRejected,
    posted_answers,
    posted_skips,
)
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.report import person_pdf
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.pwa import file_name
from interdepend.web.frame.responses import pdf_response, svg_response

#: In a page's address: she came from "statements left out", so each statement not answered
#: yet says so.
LEFT_OUT = "left_out"


@login_required
@require_safe
@idle_gate
def overview(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    attempts = own_attempt_dates(user, selectors.INVENTORY_IDS)
    instrument = selectors.inventory()
    context = {
        "instrument": instrument,
        # The statements' pages; the safety questions are the one page after them.
        "pages": selectors.page_count(instrument) - 1,
        "unfinished": next((a for a in attempts if not a.is_complete), None),
        "finished": [a for a in attempts if a.is_complete],
        # Each take's scores beside its date, as kept when it was finished: a year of takes
        # was a list of dates, each to open in turn to see how she had moved (the year walk of
        # 2026-12-05).
        "taken": _taken(attempts, instrument),
        "finished_here": sum(a.is_complete and a.instrument_id == instrument.id for a in attempts),
    }
    return render(request, "assessment/overview.html", context)


def _taken(
    attempts: list[Attempt], instrument: Instrument
) -> list[tuple[Attempt, list[int | None], str]]:
    """Each finished take, its kept scores and the format of its date: with its time when
    another take shares its day where she is, so two never read alike (the time audit)."""
    done = [a for a in attempts if a.is_complete and a.completed_at is not None]
    days = Counter(timezone.localdate(a.completed_at) for a in done if a.completed_at)
    return [
        (
            a,
            _kept_scores(a, instrument),
            "DATETIME_FORMAT"
            if a.completed_at and days[timezone.localdate(a.completed_at)] > 1
            else "DATE_FORMAT",
        )
        for a in done
    ]


def _kept_scores(attempt: Attempt, instrument: Instrument) -> list[int | None]:
    """The take's score on each of the inventory's scales, whole, as kept on finishing; None
    for a scale it has no score on."""
    kept = attempt.snapshot.get("scores", {}) if isinstance(attempt.snapshot, dict) else {}
    found = [kept.get(scale.id) for scale in instrument.scales]
    return [round(n) if isinstance(n, int | float) else None for n in found]


@login_required
@require_POST
@idle_gate
def start(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    unfinished = next(
        (a for a in own_attempts(user, selectors.INVENTORY_IDS) if not a.is_complete), None
    )
    # A take started on an earlier version is finished on it; a new take uses the newest.
    attempt = unfinished or services.attempt_start(user=user, instrument=selectors.inventory())
    return redirect(
        "assessment:page", attempt_id=attempt.public_id, number=_first_open_page(attempt)
    )


def _first_open_page(attempt: Attempt) -> int:
    """Where to carry on: the page after the last one holding an answer. A statement left out
    on a page she saved was left out on purpose (skipping is an answer too, and the last page
    offers the way back to them), so it does not pull her back to a page already done."""
    last = max(
        (index for index, item_id in enumerate(attempt.item_order) if item_id in attempt.answers),
        default=-1,
    )
    total = selectors.page_count(selectors.answered_inventory(attempt))
    return 1 if last < 0 else min(last // selectors.PAGE_SIZE + 2, total)


@login_required
@idle_gate  # her answers so far
def page(request: HttpRequest, attempt_id: str, number: int) -> HttpResponse:
    attempt = access_own_attempt(authed_user(request), attempt_id)
    if attempt.is_complete:
        return redirect("assessment:results", attempt_id=attempt.public_id)
    instrument = selectors.answered_inventory(attempt)
    current = selectors.page_of(attempt, instrument, number)
    if current is None:
        raise Http404
    if request.method == "POST":
        return _save_page(request, attempt, current)
    return _render_page(request, attempt, current, status=200)


def _save_page(request: HttpRequest, attempt: object, current: selectors.Page) -> HttpResponse:
    action = request.POST.get("action", "next")
    try:
        answers = posted_answers(request.POST, current.item_ids)
        if current.is_screen and action in ("finish", "skip_screen"):
            if not selectors.enough_for_result(attempt):  # type: ignore[arg-type]
                return _render_page(request, attempt, current, status=400, given=answers)
            done = services.attempt_finish(
                attempt=attempt,  # type: ignore[arg-type]
                instrument=selectors.answered_inventory(attempt),  # type: ignore[arg-type]
                screen=selectors.safety_screen(),
                screen_answers=answers,
                skip_screen=action == "skip_screen",
            )
            return redirect("assessment:results", attempt_id=done.public_id)
        if current.is_screen:
            # Leaving the safety questions for the statements keeps what was ticked on them.
            attempt = services.attempt_save_screen(
                attempt=attempt,  # type: ignore[arg-type]
                screen=selectors.safety_screen(),
                answers=answers,
            )
        else:
            attempt = services.attempt_save_answers(
                attempt=attempt,  # type: ignore[arg-type]
                instrument=selectors.answered_inventory(attempt),  # type: ignore[arg-type]
                page_items=current.item_ids,
                answers=answers,
                skipped=posted_skips(request.POST, current.item_ids),
            )
    except AnswerRejected as error:
        messages.error(request, str(error))
        return _render_page(request, attempt, current, status=400)
    return _after_save(request, attempt, current, action)


def _after_save(
    request: HttpRequest, attempt: object, current: selectors.Page, action: str
) -> HttpResponse:
    attempt_id = getattr(attempt, "public_id", None)
    if action == "later":
        messages.success(request, _("Saved. You can come back and carry on whenever you like."))
        return redirect("assessment:overview")
    to_page = _statements_page(request.POST.get("to_page", ""), current.total)
    # Sent back to the statements she left out, each one not answered yet says so, on every
    # page she goes on to from there (the keyboard audit of 2026-12-04, M5).
    marked = (to_page is not None and current.is_screen) or LEFT_OUT in request.GET
    number = to_page
    if number is None:
        step = -1 if action == "back" else 1
        number = min(max(current.number + step, 1), current.total)
    address = reverse("assessment:page", kwargs={"attempt_id": attempt_id, "number": number})
    return redirect(f"{address}?{LEFT_OUT}=1" if marked else address)


def _statements_page(raw: str, total: int) -> int | None:
    """A page of statements a button asked to go to (the safety questions' page lists the ones
    with statements left out), or None for anything else."""
    if not (raw.isascii() and raw.isdigit() and len(raw) < 4):
        return None
    number = int(raw)
    return number if 1 <= number < total else None


def _render_page(
    request: HttpRequest,
    attempt: object,
    current: selectors.Page,
    *,
    status: int,
    given: Mapping[str, int | None] | None = None,
) -> HttpResponse:
    inventory = selectors.answered_inventory(attempt)  # type: ignore[arg-type]
    instrument = selectors.safety_screen() if current.is_screen else inventory
    stored: Mapping[str, int | str | None] = getattr(
        attempt, "screen_answers" if current.is_screen else "answers", {}
    )
    if given is not None:
        stored = given
    elif not current.is_screen:
        stored = {**dict.fromkeys(getattr(attempt, "skipped", []), SKIP), **stored}
    answered = len(getattr(attempt, "answers", {}))
    context = {
        "attempt": attempt,
        "page": current,
        "instrument": instrument,
        "anchors": instrument.response_scale.anchors,
        "rows": [(item, stored.get(item.id)) for item in current.items],
        "answered": answered,
        "item_total": len(inventory.items),
        "percent": round(100 * (current.number - 1) / current.total),
        "mark_unanswered": LEFT_OUT in request.GET and not current.is_screen,
    }
    if current.is_screen:
        result = selectors.attempt_result(attempt)  # type: ignore[arg-type]
        context["enough"] = result.has_scores
        context["skipped"] = selectors.skipped_pages(attempt, inventory)  # type: ignore[arg-type]
        # Without a result yet: how many more answers each part needs for one.
        context["short"] = selectors.short_scales(result)
    return render(request, "assessment/page.html", context, status=status)


# One's own result, its map and its report ask for the password after a while away, as the
# journal does: every result alike, so the asking never tells what a safety screen said.
@login_required
@require_safe
@idle_gate
def results(request: HttpRequest, attempt_id: str) -> HttpResponse:
    user = authed_user(request)
    # With whether she has a partner now, for "What next", and only the take before it: the
    # one its result is compared with (one statement, not three).
    attempt, partnered, earlier = access_own_result(user, attempt_id)
    if not attempt.is_complete:
        return redirect("assessment:page", attempt_id=attempt.public_id, number=1)
    view = selectors.result_view(attempt, [attempt, *earlier])
    if not view.result.has_scores:
        return render(request, "assessment/too_few.html", {"attempt": attempt})
    context = {
        "view": view,
        "instrument": view.instrument,
        "screen": selectors.safety_screen(),
        # What next: the couple view with a partner, else an invitation (left out under a
        # safety flag, whose card already says what to do).
        "partnered": partnered,
    }
    return render(request, "assessment/results.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@idle_gate  # her answers so far
def left_out(request: HttpRequest, attempt_id: str) -> HttpResponse:
    """A finished take's statements left out on the parts of its result that have too few
    answers, on one page: answering some of them fills in the result, without taking the
    other statements again."""
    attempt = access_own_attempt(authed_user(request), attempt_id)
    if not attempt.is_complete:
        return redirect("assessment:page", attempt_id=attempt.public_id, number=1)
    instrument = selectors.answered_inventory(attempt)
    result = selectors.attempt_result(attempt)
    items = selectors.left_out(attempt, instrument, result)
    if not items:
        return redirect("assessment:results", attempt_id=attempt.public_id)
    if request.method == "POST":
        offered = [item.id for item in items]
        try:
            filled = services.attempt_fill_in(
                attempt=attempt,
                instrument=instrument,
                offered=offered,
                answers=posted_answers(request.POST, offered),
            )
        except AnswerRejected as error:
            messages.error(request, str(error))
            return _render_left_out(request, attempt, instrument, result, items, status=400)
        if filled.pk != attempt.pk:
            messages.success(
                request,
                _(
                    "Your answers were added in a new result, dated today. The earlier one "
                    "stays as it was, wherever you have shown it."
                ),
            )
        return redirect("assessment:results", attempt_id=filled.public_id)
    return _render_left_out(request, attempt, instrument, result, items, status=200)


def _render_left_out(
    request: HttpRequest,
    attempt: Attempt,
    instrument: Instrument,
    result: Result,
    items: tuple[Item, ...],
    *,
    status: int,
) -> HttpResponse:
    context = {
        "attempt": attempt,
        "anchors": instrument.response_scale.anchors,
        "rows": [(item, None) for item in items],
        "short": selectors.short_scales(result),
    }
    return render(request, "assessment/left_out.html", context, status=status)


@login_required
@require_safe
@idle_gate
def result_map(request: HttpRequest, attempt_id: str) -> HttpResponse:
    user = authed_user(request)
    attempt = access_own_attempt(user, attempt_id)
    if not attempt.is_complete:
        raise Http404
    result = selectors.attempt_result(attempt)
    svg = selectors.result_map_svg(result, user.display_name)
    if svg is None:
        raise Http404
    return svg_response(svg)


@login_required
@require_safe
@idle_gate
def result_report(request: HttpRequest, attempt_id: str) -> HttpResponse:
    user = authed_user(request)
    attempt = access_own_attempt(user, attempt_id)
    if not attempt.is_complete or not selectors.enough_for_result(attempt):
        raise Http404
    name = file_name(user, "interdepend-my-report.pdf", "notes.pdf")
    return pdf_response(person_pdf(user, attempt), name)
