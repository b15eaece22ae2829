from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interdepend.web.frame.choicecopy import FixedChoicesCopied
from interdepend.web.frame.formwords import (
    DateInRange,
    WordedForm,
    today,
    years_from_today,
)
from interdepend.web.frame.idempotent import KeyedForm
from interdepend.web.frame.usertext import LongTextField, ShortTextField
from interdepend.web.together.models import ITEMS, Bid

#: How far ahead a promise may be due: far enough for a plan, near enough to keep.
PROMISE_YEARS = 5
#: The earliest "last time you connected" we take: old friendships count, typing slips do not.
EARLIEST_CONTACT = date(1900, 1, 1)
DETAIL_MAX = 4000
#: The longest note, boundary, wording or need.
LONG_MAX = 2000


def _text(label: Any, max_length: int, help_text: Any = "") -> forms.CharField:
    return ShortTextField(label=label, max_length=max_length, help_text=help_text)


class GoalForm(KeyedForm):
    title = _text(_("What would you like to pursue?"), 140)
    detail = LongTextField(
        label=_("A few words about it (optional)"),
        required=False,
        max_length=DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    together = forms.BooleanField(label=_("This is something we pursue together"), required=False)

    def __init__(self, *args: Any, shareable: bool = True, **kwargs: Any) -> None:
        """Without an active partnership (``shareable`` False) the box is not drawn: it could
        do nothing, and a ``together`` posted anyway is not read (the phone walk of
        2026-12-05 saw it offered to a person with no partner)."""
        super().__init__(*args, **kwargs)
        if not shareable:
            del self.fields["together"]


class GoalEditForm(WordedForm):
    title = _text(_("Goal"), 140)
    detail = LongTextField(
        label=_("About it"),
        required=False,
        max_length=DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    done = forms.BooleanField(label=_("We have reached this one"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, shared: bool = True, **kwargs: Any) -> None:
        """A goal of her own is reached by her alone: its box says "I", a shared one "we"
        (the phone walk of 2026-12-05 read "We have reached this one" on a goal of one)."""
        super().__init__(*args, **kwargs)
        if not shared:
            self.fields["done"].label = _("I have reached this one")


class NoteForm(KeyedForm):
    text = LongTextField(
        label=_("A step, however small"),
        max_length=LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _promise_day(label: Any, *, required: bool = True) -> DateInRange:
    """A day a promise can be due: from today to ``PROMISE_YEARS`` ahead."""
    return DateInRange(
        label=label,
        required=required,
        earliest=today,
        latest=years_from_today(PROMISE_YEARS),
        too_early=_("Please choose today or a day still to come."),
        too_late=_(
            "Please choose %(day)s or an earlier day. A promise works best when it is near "
            "enough to keep."
        ),
    )


class CommitmentForm(KeyedForm):
    text = _text(_("What will you do?"), 200)
    due_on = _promise_day(_("By when?"))


class ReshapeForm(WordedForm):
    """The new date of a promise talked over again: none, or one a promise could have."""

    new_due_on = _promise_day(_("A new date, if there is one"), required=False)


class LaterForm(WordedForm):
    """The "Or later, when?" of a bid's answer: one line, invisible characters dropped, as
    long as its column holds, too long said in our words with the words kept."""

    when = ShortTextField(required=False, max_length=Bid._meta.get_field("answer_when").max_length)


class BidForm(KeyedForm):
    text = ShortTextField(
        label=_("What would you like to share or ask?"),
        max_length=200,
        help_text=_(
            "Something small: a story, a question, an invitation to a walk. Up to 200 characters."
        ),
        # Two lines to see what is typed on a phone; it is still sent as one line.
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BoundaryForm(KeyedForm):
    text = LongTextField(
        label=_("Your boundary, in your words"),
        max_length=LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It stays a private draft until you choose to tell your partner."),
    )


class ProposalForm(WordedForm):
    text = LongTextField(
        label=_("Suggested new wording"),
        max_length=LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


SCALE = [(n, str(n)) for n in range(1, 8)]


class CheckInForm(WordedForm):
    need = ShortTextField(
        label=_("What I need this week"),
        required=False,
        max_length=LONG_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared = forms.BooleanField(
        label=_("Share this check-in with my partner"),
        required=False,
        # The words under it say what sharing shows and to whom (the accessibility audit of
        # 2026-12-04, L7: a screen reader read the box without them).
        widget=forms.CheckboxInput(attrs={"aria-describedby": "checkin-shared-help"}),
    )
    #: Which saved check-in the page was opened on (``services.checkin_mark``): another one
    #: saved since, from another tab or device, is not overwritten unasked.
    seen = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A field refused on its own (a need too long, say) has said why: nothing to add.
        nothing = all(data.get(item) is None for item in ITEMS) and not data.get("need")
        if nothing and not self.errors:
            raise forms.ValidationError(
                _("Answer at least one question, or write what you need, and then save.")
            )
        return data

    def item_values(self) -> dict[str, int | None]:
        return {item: self.cleaned_data.get(item) for item in ITEMS}


class ScaleField(FixedChoicesCopied, forms.TypedChoiceField):
    """A statement's seven points: Django's ``TypedChoiceField``, copied for each form without
    walking its seven (number, text) pairs (``frame.choicecopy``): the six scales were about
    30 µs each to copy, a fifth of the check-in page's own work (issue 15's fourteenth pass;
    held to Django's copy by ``tests/web/test_checkin_form.py``)."""


# Each statement's seven points, declared once on the form after its own three fields (the
# order the form had when it made them on every view): each form gets a copy, and our words
# are given to them with the form's others, once (made anew and worded twice on each view,
# they were a tenth of the check-in page's own time: issue 15's eleventh pass).
CheckInForm.base_fields.update(
    {
        item: ScaleField(
            choices=SCALE, coerce=int, required=False, empty_value=None, widget=forms.RadioSelect
        )
        for item in ITEMS
    }
)


class CircleForm(KeyedForm):
    name = _text(_("Name"), 80, _("Only you ever see this list."))
    last_connected = DateInRange(
        label=_("Last time you connected (optional)"),
        required=False,
        earliest=lambda: EARLIEST_CONTACT,
        latest=today,
        too_early=_("Please choose a day from %(day)s on."),
        too_late=_("Please choose today or a day that has already been."),
    )


ITEM_LABELS = {
    "own_time": _("I had time for myself"),
    "supported": _("I felt supported"),
    "voice": _("I said what I needed, or said no when I needed to"),
    "heard": _("I felt heard"),
    "word_kept": _("We kept our word"),
    "close": _("I felt close"),
}
