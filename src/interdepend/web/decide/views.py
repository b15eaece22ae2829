"""Decide together: name a decision, rate its options privately, see the combined view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts import refill
from interdepend.web.accounts.idle import idle_gate
from interdepend.web.decide import selectors, services
from interdepend.web.decide.access import access_decision, access_decisions, decision_rows
from interdepend.web.decide.forms import DecisionForm, RatingForm
from interdepend.web.decide.models import Rating
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import posted
from interdepend.web.partners.ended import YOUR_TITLE, told_when_ended

#: Where the page that says a partnership has ended leads on (partners/ended.py).
TO_DECISIONS = ("decide:index", gettext_lazy("Decide together"))

#: Said when ratings come after the first were kept (a second tab, a repeated post).
FIRST_STAND = gettext_lazy("You had rated this already, so your first ratings stand.")


def _index(request: HttpRequest, form: DecisionForm) -> HttpResponse:
    user = authed_user(request)
    active, decisions = decision_rows(user)
    context = {
        "active": active,
        "rows": [(d, selectors.state_in_list(d)) for d in decisions],
        "form": form,
    }
    return render(request, "decide/index.html", context)


def too_many_open() -> str:
    """Why no new decision can be named now, in words that ask for patience, not blame."""
    count = services.DECISIONS_OPEN_MAX
    return ngettext(
        "%(count)d decision you named is not yet rated by you both. You can name a new one "
        "once it is.",
        "%(count)d decisions you named are not yet rated by you both. You can name a new one "
        "once one of them is.",
        count,
    ) % {"count": count}


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return _index(request, DecisionForm())


@login_required
@require_POST
@told_when_ended(TO_DECISIONS, [("title", YOUR_TITLE), ("options", gettext_lazy("Your options"))])
def create(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active, _decisions = access_decisions(user)
    if active is None:
        messages.info(request, _("Deciding together needs a linked partner."))
        return redirect("decide:index")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _index(request, form)
    try:
        decision = services.decision_create(
            partnership=active.partnership,
            author=user,
            title=form.cleaned_data["title"],
            options=form.cleaned_data["options"],
            token=form.cleaned_data["token"],
        )
    except services.TooManyOpen:
        form.add_error("title", too_many_open())
        return _index(request, form)
    messages.success(request, _("Your decision is set up. Each of you rates the options alone."))
    return redirect("decide:detail", decision_id=decision.public_id)


def _own_rows(options: list[str], mine: Rating | None) -> list[tuple[str, int, int]]:
    if mine is None:
        return []
    return list(zip(options, mine.for_self, mine.for_partner, strict=True))


def _typed_ratings(request: HttpRequest, decision_id: str) -> dict[str, str] | None:
    """Back from the confirm page, the ratings she chose for this decision, for their buttons
    (``accounts.refill``); she saves them with a press of her own."""
    if request.method != "GET":
        return None
    typed = refill.typed_back(request, "decide:detail", args={"decision_id": decision_id})
    return dict(typed.fields) if typed is not None else None


@login_required
@idle_gate  # her ratings before both have rated
@told_when_ended(TO_DECISIONS)
def detail(request: HttpRequest, decision_id: str) -> HttpResponse:
    user = authed_user(request)
    access = access_decision(user, decision_id)
    decision = access.decision
    partner = access.active.partner.display_name
    form: RatingForm | None = None
    if access.mine is not None:
        # Rated already: the first ratings stand, and there is no form to draw.
        if request.method == "POST":
            messages.info(request, FIRST_STAND)
            return redirect("decide:detail", decision_id=decision.public_id)
    else:
        form = RatingForm(
            posted(request),
            initial=_typed_ratings(request, decision.public_id),
            options=list(decision.options),
            partner_name=partner,
        )
        if request.method == "POST" and form.is_valid():
            for_self, for_partner = form.ratings()
            row, _created = services.rating_save(
                decision=decision, user=user, for_self=for_self, for_partner=for_partner
            )
            if (list(row.for_self), list(row.for_partner)) != (for_self, for_partner):
                # Another tab's ratings were kept a moment before: those stand, not these.
                messages.info(request, FIRST_STAND)
            else:
                messages.success(request, _("Your ratings are saved. Only you see the numbers."))
            return redirect("decide:detail", decision_id=decision.public_id)
    combined = selectors.combined_view(access)
    context = {
        "decision": decision,
        "partner": partner,
        "state": selectors.state_of(access, combined),
        "form": form,
        "combined": combined,
        "own": _own_rows(decision.options, access.mine),
    }
    return render(request, "decide/detail.html", context)
