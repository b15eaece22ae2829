"""The couple view: each partner's own choices, and the shared view once both have chosen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts.idle import idle_gate, private_open
from interdepend.web.accounts.reauth import asked_each_time, password_each_time
from interdepend.web.assessment.answers import AnswerRejected, posted_answers
from interdepend.web.couple import selectors, services
from interdepend.web.couple.forms import StopSharingForm
from interdepend.web.couple.report import couple_pdf
from interdepend.web.frame import versions
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import posted
from interdepend.web.frame.pwa import file_name, is_plain
from interdepend.web.frame.responses import pdf_response, svg_response
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.partners.ended import told_when_ended

#: Where the page that says a partnership has ended leads on (partners/ended.py).
TO_START = ("home:home", gettext_lazy("Back to the start"))


def _active_or_none(request: HttpRequest) -> ActivePartnership | None:
    return access_active_partnership(authed_user(request))


@login_required
@require_safe
def couple_home(request: HttpRequest) -> HttpResponse:
    active = _active_or_none(request)
    if active is None:
        return redirect("partners:us")
    user = authed_user(request)
    rows = selectors.couple_page_rows(user, active)
    me, view = selectors.couple_page(user, active, rows)
    # Only while her private pages are open (her password typed lately): the words say her
    # answers raised a concern, which the couple view, open to whoever holds her phone, must
    # not show otherwise (her result page keeps the same rule).
    care = me.care and private_open(request)
    context = {"active": active, "me": me, "view": view, "talks": rows.talks, "care": care}
    return render(request, "couple/couple.html", context)


def _reveal_words(request: HttpRequest) -> str:
    """What the password page says is about to happen, naming the partner who would see it."""
    active = _active_or_none(request)
    if active is None:
        return _("show your latest result to your partner")
    name = active.partner.display_name
    return _("show your latest result to %(name)s") % {"name": name}


@login_required
@require_POST
@told_when_ended(TO_START)  # before the password is asked for a share that cannot happen
@password_each_time(_reveal_words)
def reveal(request: HttpRequest) -> HttpResponse:
    active = _active_or_none(request)
    if active is None:
        return redirect("partners:us")
    user = authed_user(request)
    state = selectors.my_state(user, active)
    if state.can_reveal and state.latest is not None:
        services.reveal_create(user=user, active=active, attempt=state.latest)
        messages.success(request, _("You have chosen to share your latest result."))
    else:
        messages.info(request, _("There is no new finished result of yours to share."))
    return redirect("couple:home")


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    active = _active_or_none(request)
    if active is not None:
        services.reveal_withdraw(user=authed_user(request), active=active)
        messages.success(request, _("Your result is no longer shared."))
    return redirect("couple:home")


@login_required
def stop_sharing(request: HttpRequest) -> HttpResponse:
    """A private choice of what to stop sharing; to the partner, an ordinary withdrawal."""
    user = authed_user(request)
    active = _active_or_none(request)
    # The page draws its own check boxes and only a sent form's errors: a GET builds no form
    # (an unbound one cost about a tenth of a millisecond and showed nothing).
    data = posted(request)
    form = StopSharingForm(data) if data is not None else None
    if form is not None and form.is_valid():
        services.sharing_withdraw(user=user, active=active, **form.cleaned_data)
        messages.success(request, _("Done. Nothing was sent to anyone."))
        return redirect("couple:stop_sharing")
    context = {"active": active, "sharing": selectors.my_sharing(user, active), "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "couple/stop_sharing.html", context, status=status)


@login_required
@idle_gate
@told_when_ended(TO_START)
def perception(request: HttpRequest) -> HttpResponse:
    active = _active_or_none(request)
    if active is None:
        return redirect("partners:us")
    user = authed_user(request)
    form = selectors.perception_form()
    status = 200
    kept: dict[str, int | None] | None = None  # her answers not saved, shown again
    if request.method == "POST":
        try:
            answers = posted_answers(request.POST, form.item_ids)
            if all(value is None for value in answers.values()):
                # Nothing answered: not a reason to replace answers given before with none.
                raise AnswerRejected(
                    _("Nothing was saved: please answer at least one statement, or go back.")
                )
            seen = str(request.POST.get("seen", "")) or None  # a page without it: no check
            stored = selectors.my_perception(user, active)
            # Saved from another tab since the page opened: said first, before any password.
            versions.expect(stored.updated_at if stored else None, seen)
            given = {item: value for item, value in answers.items() if value is not None}
            if stored is not None and given != stored.answers:
                # Other answers over those she saved ask for her password typed for them, each
                # time, as a saved check-in's do: whoever held her open phone replaced how she
                # sees him with one press (the security audit of 2026-12-04, III).
                asked = asked_each_time(
                    request, _("change your saved answers on how you see your partner")
                )
                if asked is not None:
                    return asked
            services.perception_save(
                user=user, active=active, form=form, answers=answers, seen=seen
            )
        except AnswerRejected as error:
            messages.error(request, str(error))
            status = 400
        except versions.Changed:
            # Saved from another tab or device since this page opened: those answers stand,
            # and hers here stay chosen, to save over them with one more press if she likes.
            kept, status = answers, 409
        else:
            messages.success(request, _("Saved. Thank you."))
            return redirect("couple:home")
    stored = selectors.my_perception(user, active)
    answers = kept if kept is not None else stored.answers if stored else {}
    rows = [(item, answers.get(item.id)) for item in form.items]
    context = {
        "form": form,
        "rows": rows,
        "active": active,
        "anchors": form.response_scale.anchors,
        "seen": versions.mark_of(stored.updated_at if stored else None),
        "saved_elsewhere": kept is not None,
    }
    return render(request, "couple/perception.html", context, status=status)


def _open_view(request: HttpRequest) -> selectors.CoupleView:
    active = _active_or_none(request)
    view = selectors.couple_view(authed_user(request), active) if active else None
    if view is None:
        raise Http404
    return view


@login_required
@require_safe
def couple_map(request: HttpRequest) -> HttpResponse:
    svg = selectors.couple_map_svg(_open_view(request))
    if svg is None:
        raise Http404
    return svg_response(svg)


@login_required
@require_safe
def couple_report(request: HttpRequest) -> HttpResponse:
    view = _open_view(request)
    reader = authed_user(request)
    name = file_name(reader, "interdepend-couple-report.pdf", "notes-shared.pdf")
    return pdf_response(couple_pdf(view, plain=is_plain(reader)), name)
