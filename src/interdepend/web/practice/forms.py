from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interdepend.web.accounts.forms import FixedMultipleChoiceField, clean_name
from interdepend.web.accounts.models import User
from interdepend.web.frame.formwords import WordedForm
from interdepend.web.frame.usertext import ShortTextField
from interdepend.web.partners.forms import CodeForm
from interdepend.web.practice.models import InvitationFor, PractitionerKind, Scope

KIND_LABELS = {
    PractitionerKind.THERAPIST: _("Therapist"),
    PractitionerKind.COUNSELLOR: _("Counsellor"),
    PractitionerKind.COACH: _("Coach"),
}

#: What each scope opens, in the words the person reads before ticking it.
SCOPE_LABELS = {
    Scope.RESULTS: _("My inventory results and my map"),
    Scope.COUPLE: _(
        "Our couple view and couple report: both our results, the statements we answered"
        " furthest apart, and how each of us sees the other (only if my partner agrees too;"
        " each time it is opened, it shows on both our pages of who has looked at our data, so"
        " my partner learns that I work with this practitioner)"
    ),
    Scope.TRENDS: _("My weekly check-in trends"),
    Scope.JOURNAL: _("Journal entries I choose to share with them, one by one"),
}

#: The same, named in a line of her history of what she shared: the couple box's whole
#: explanation, once in every line, made the table of a phone many screens long (the
#: practitioner walk of 2026-12-04).
SCOPE_NAMES = {**SCOPE_LABELS, Scope.COUPLE: _("Our couple view and couple report")}

#: The same, as the practitioner reads them about a client.
SCOPE_LABELS_FOR_PRACTITIONER = {
    Scope.RESULTS: _("Their inventory results and map"),
    Scope.COUPLE: _("The couple view and couple report, when both partners allow it"),
    Scope.TRENDS: _("Their weekly check-in trends"),
    Scope.JOURNAL: _("Journal entries they choose to share with you, one by one"),
}


class PractitionerForm(WordedForm):
    kind = forms.ChoiceField(label=_("How you work with people"), choices=list(KIND_LABELS.items()))
    practice_name = ShortTextField(
        label=_("Name of your practice"),
        max_length=120,
        required=False,
        help_text=_("Optional. Your clients see it beside your name."),
    )

    def clean_practice_name(self) -> str:
        return clean_name(self.cleaned_data["practice_name"])


class InviteForm(WordedForm):
    invited = forms.ChoiceField(
        label=_("Who is this invitation for?"),
        choices=[
            (InvitationFor.PERSON, _("One person")),
            (InvitationFor.COUPLE, _("A couple (each partner uses the same code)")),
        ],
        initial=InvitationFor.PERSON,
        widget=forms.RadioSelect,
    )


class ClientCodeForm(CodeForm):
    """The partners' code field, with words for a practitioner's code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The code your practitioner gave you. Capitals or small letters, with or without "
            "the dashes: both work."
        )


class ConsentForm(WordedForm):
    """What one practitioner may see. Ticking something new asks for the password typed here
    too: a sign-in a moment before is not enough, or whoever picks up her phone just after
    could open her results or check-ins to a practitioner account of his own. Unticking never
    asks for it."""

    scopes = FixedMultipleChoiceField(
        label=_("What this practitioner may see"),
        choices=list(SCOPE_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to share nothing. You can change this at any time."),
    )
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Needed only when you tick something new, so that nobody who picks up your phone "
            "can open more of your data to someone."
        ),
    )

    def __init__(self, *args: Any, user: User, current: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.current = current

    def adds(self) -> bool:
        """Whether the choice lets the practitioner see something new (after ``is_valid``)."""
        return bool(set(self.cleaned_data.get("scopes") or ()) - self.current)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "scopes" in cleaned and self.adds():
            typed = cleaned.get("password") or ""
            if not typed:
                self.add_error("password", _("Type your password to let them see more."))
            elif not self.user.check_password(typed):
                self.add_error("password", _("That password is not right. Please try again."))
        return cleaned


@dataclass(frozen=True, slots=True)
class UnsentConsent:
    """A card's consent form as the page first shows it: not sent back, so without errors,
    with her ticks. Making a :class:`ConsentForm` copied both its fields on every card, about
    75 µs each (issue 15's seventeenth pass), only for the boxes' names and ticks, which
    ``practice.templatetags.mineparts`` writes from the prefix and the ticks alone. The form
    itself is made only where something needs one (:meth:`form`: the template's way of
    drawing, with Python drawing off)."""

    prefix: str
    ticked: list[str]
    user: User
    current: set[str]

    @property
    def initial(self) -> dict[str, list[str]]:
        """What the form would start with: her ticks."""
        return {"scopes": self.ticked}

    def form(self) -> ConsentForm:
        """The form this stands for, made as the page made it before."""
        return ConsentForm(
            initial=self.initial, prefix=self.prefix, user=self.user, current=self.current
        )


@dataclass(frozen=True, slots=True)
class UnsentCode:
    """The code's form as the page first shows it: not sent back, so without errors, with the
    code she typed on the confirm page if she came Back from it (``accounts.refill``), else
    ``None``. Making a :class:`ClientCodeForm` copied its field and set its help on every view
    of *Your practitioners* (issue 15's seventeenth pass), only for a box whose words are the
    same for everyone, which ``practice.templatetags.mineparts`` writes from ``typed`` alone.
    The form itself is made only where something needs one (:meth:`form`: the template's way
    of drawing, with Python drawing off)."""

    typed: str | None = None

    @property
    def initial(self) -> dict[str, str] | None:
        """What the form would start with: the code typed back, if any."""
        return None if self.typed is None else {"code": self.typed}

    def form(self) -> ClientCodeForm:
        """The form this stands for, made as the page made it before."""
        return ClientCodeForm(initial=self.initial)


def kind_label(kind: str) -> str:
    """How a practitioner's kind of work reads, in the reader's language."""
    return next((str(label) for key, label in KIND_LABELS.items() if key == kind), kind)
