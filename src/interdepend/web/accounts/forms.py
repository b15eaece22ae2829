"""Account forms. Labels and help are our own plain words, marked for translation."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import Promise
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from interdepend.web.accounts import zones
from interdepend.web.accounts.addresses import AddressField
from interdepend.web.accounts.models import HomeScreenLook, PushKind, QuickExitKeys, User
from interdepend.web.frame.choicecopy import FixedChoicesCopied
from interdepend.web.frame.formwords import WordedForm, our_words
from interdepend.web.frame.usertext import ShortTextField, reads_as_a_number
from interdepend.web.frame.warmup import worker_starting

#: Said when a name holds what reads like a practitioner number.
NUMBER_IN_NAME = _(
    "A name cannot hold three letters or digits, a dash and three more, as a practitioner "
    "number does: those numbers are given, so that nobody can take another's. Please write the "
    "name without it."
)


def clean_name(value: str) -> str:
    if reads_as_a_number(value):
        raise forms.ValidationError(NUMBER_IN_NAME)
    return value


class SignupForm(WordedForm):
    display_name = ShortTextField(
        label=_("What should we call you?"),
        max_length=60,
        help_text=_("A first name or nickname is plenty. A partner you link with will see it."),
    )
    email = AddressField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few unrelated words make a strong password."),
    )

    def clean_display_name(self) -> str:
        return clean_name(self.cleaned_data["display_name"])

    def clean_email(self) -> str:
        """Never says whether the address has an account: the e-mail sent to it does."""
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class NameForm(WordedForm):
    display_name = ShortTextField(
        label=_("What should we call you?"),
        max_length=60,
        help_text=_("A partner you link with sees this name."),
    )

    def clean_display_name(self) -> str:
        return clean_name(self.cleaned_data["display_name"])


class FixedChoiceField(FixedChoicesCopied, forms.ChoiceField):
    """Django's ``ChoiceField``, copied for each form without walking its choices."""


class FixedMultipleChoiceField(FixedChoicesCopied, forms.MultipleChoiceField):
    """Django's ``MultipleChoiceField``, copied for each form without walking its choices."""


class HomeScreenForm(WordedForm):
    home_screen_look = FixedChoiceField(
        label=_("Name and icon on your home screen"),
        choices=HomeScreenLook.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one of the two names and icons."),
            "invalid_choice": _("Please choose one of the two names and icons."),
        },
    )


class QuickExitKeysForm(WordedForm):
    quick_exit_keys = FixedChoiceField(
        label=_("Keys that set off the quick exit"),
        choices=QuickExitKeys.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose which keys should set off the quick exit."),
            "invalid_choice": _("Please choose which keys should set off the quick exit."),
        },
    )


class PlainChoices(BaseChoiceIterator):
    """A fixed list of options with plain labels, made once per process.

    A field takes it as it is: a list of about 600 time zones set on a form's field is
    otherwise normalised option by option on every form (about 3 ms a page). Its options'
    markup is escaped once too, for :class:`PlainSelect`.
    """

    def __init__(self, items: Iterable[tuple[object, str]]) -> None:
        self.items = tuple((str(v), str(label)) for v, label in items)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @functools.cached_property
    def parts(self) -> tuple[tuple[str, str, str], ...]:
        return _option_parts(self.items)

    @functools.cached_property
    def markup(self) -> tuple[str, dict[str, tuple[int, ...]]]:
        """Every option's markup in one string, and where ``selected`` goes for each value: the
        page marks the chosen one by splicing it in, where joining the ~600 time zones' parts
        again took about 0.1 ms of the account page. The same for everyone: it holds the list,
        never a choice."""
        pieces: list[str] = []
        places: dict[str, list[int]] = {}
        length = 0
        for value, start, end in self.parts:
            length += len(start)
            places.setdefault(value, []).append(length)
            length += len(end)
            pieces += (start, end)
        return "".join(pieces), {value: tuple(at) for value, at in places.items()}

    def __deepcopy__(self, memo: dict[int, object]) -> PlainChoices:
        """The same list: it never changes. Every form made copies its fields, and copying the
        24 hours of the quiet-hours selects option by option cost 0.15 ms of the account page."""
        return self


#: The hours of a day, as the quiet-hours selects offer them.
HOURS = PlainChoices((hour, f"{hour:02d}:00") for hour in range(24))


class PlainSelect(forms.Select):
    """A select of plain options drawn without templates: Django draws each of its options
    through a template, about 2 ms for two selects of 24 hours; this gives the same markup
    (``tests/web/test_plain_select.py``) in a few microseconds."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        fixed = self.choices
        if isinstance(fixed, PlainChoices):
            options = _spliced(fixed, chosen)
        else:
            choices = tuple((str(v), label) for v, label in fixed)
            if all(isinstance(label, str) for _v, label in choices):
                parts = _option_parts(choices)
                options = mark_safe(
                    "".join(
                        start + (" selected" if v in chosen else "") + end
                        for v, start, end in parts
                    )
                )
            else:
                options = format_html_join(
                    "",
                    '\n  <option value="{}"{}>{}</option>',
                    (
                        (v, mark_safe(" selected") if v in chosen else "", label)
                        for v, label in choices
                    ),
                )
        final = self.build_attrs(self.attrs, attrs)
        drawn = f'<select name="{_escaped(name)}"{_flat(final)}>{_escaped(options)}\n</select>'
        return mark_safe(drawn)  # noqa: S308 - every value escaped as format_html escapes it


def _escaped(value: Any) -> str:
    """``conditional_escape``, without the lazy-text check Django's ``escape`` makes on every
    call (about a third of drawing a select of hours, with ``flatatt``'s)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _flat(attrs: Mapping[str, Any]) -> str:
    """Django's ``flatatt``: each attribute with a value, sorted, then each one that is only
    there or not (True), sorted; False and None left out (``tests/web/test_plain_select.py``)."""
    valued = sorted((k, v) for k, v in attrs.items() if not isinstance(v, bool) and v is not None)
    present = sorted(k for k, v in attrs.items() if v is True)
    return "".join(
        [f' {_escaped(k)}="{_escaped(v)}"' for k, v in valued]
        + [f" {_escaped(k)}" for k in present]
    )


def _spliced(fixed: PlainChoices, chosen: set[str]) -> SafeString:
    """A fixed list's options (escaped and joined once per process: the time zones' ~600), with
    ``selected`` put in where each chosen value's option has its place."""
    whole, places = fixed.markup
    pieces: list[str] = []
    last = 0
    for place in sorted(at for value in chosen for at in places.get(value, ())):
        pieces += (whole[last:place], " selected")
        last = place
    return mark_safe("".join((*pieces, whole[last:])))  # noqa: S308 - escaped in ``parts``


def select_options(widget: forms.Select, fixed: PlainChoices, value: Any) -> SafeString:
    """The options :class:`PlainSelect` draws from the fixed list ``fixed`` for ``value``
    (``widget`` the select's, whose ``format_value`` names the chosen ones)."""
    return _spliced(fixed, {str(v) for v in widget.format_value(value)})


@functools.lru_cache(maxsize=32)
def _option_parts(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Each option's markup around the place of ``selected``, escaped once."""
    return tuple(
        (v, f'\n  <option value="{escape(v)}"', f">{escape(label)}</option>")
        for v, label in choices
    )


def zone_label(name: str) -> str:
    """A zone as a person reads it in the list: "America/Los Angeles"."""
    return name.replace("_", " ")


class TimeZoneForm(WordedForm):
    """The person's time zone, from the installed database's list (accounts/zones.py)."""

    time_zone = FixedChoiceField(
        label=_("The time zone you live in"),
        choices=(),
        # The database's own names, the same in every language: not for a translator.
        widget=PlainSelect(attrs={"class": "translate-no", "translate": "no"}),
        error_messages={
            "required": _("Please choose your time zone from the list."),
            "invalid_choice": _("Please choose your time zone from the list."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = zone_choices()


@functools.cache
def zone_choices() -> PlainChoices:
    """The time zone list as the account page offers it, made once per process."""
    return PlainChoices((name, zone_label(name)) for name in zones.zone_names())


def _warm(**_: object) -> None:
    """Made as a worker starts, with its options' markup: made by the first Account page
    instead, his first view of his was about 3 ms faster when she had opened hers since the
    restart (the partner audit of 2026-12-03). Since the tenth pass a page splices its choice
    into the options' joined markup, which is made here too, as are the quiet hours': made by
    the first Account page, it was again 0.5 ms slower than his later ones (the review of the
    tenth pass)."""
    zone_choices().markup  # noqa: B018 - made for its cache (with its parts)
    HOURS.markup  # noqa: B018 - the quiet hours' options, likewise


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-zone-choices")


HOUR_WORDS = {
    "required": _("Please choose an hour from the list."),
    "invalid_choice": _("Please choose an hour from the list."),
}


class PushChoiceForm(WordedForm):
    """Which notifications a person wants, and the hours when none should come."""

    kinds = FixedMultipleChoiceField(
        label=_("Send a notification about"),
        choices=PushKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Please choose only from the list.")},
    )
    quiet_from = forms.TypedChoiceField(
        label=_("Quiet from"),
        choices=HOURS,
        coerce=int,
        error_messages=HOUR_WORDS,
        widget=PlainSelect,
    )
    quiet_until = forms.TypedChoiceField(
        label=_("until"),
        choices=HOURS,
        coerce=int,
        error_messages=HOUR_WORDS,
        widget=PlainSelect,
    )


class EmailChangeForm(WordedForm):
    email = AddressField(label=_("New e-mail address"), max_length=254)

    def clean_email(self) -> str:
        """Never says whether the address has an account: the e-mail sent to it does."""
        email: str = self.cleaned_data["email"].strip().lower()
        return email


class LoginForm(AuthenticationForm):
    # As long as an account's address may be: a longer one reached the record of wrong
    # passwords, whose column holds 255, and failed the page on PostgreSQL (the ex and stranger
    # audit of 2026-12-04). Django's own sign-in form sets its length after the field is made,
    # which only the browser's box heeds.
    username = AddressField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    shared = forms.BooleanField(
        label=_("Someone else uses this device: sign me out when the browser closes"),
        required=False,
    )
    error_messages = {
        "invalid_login": _("That e-mail and password do not match an account. Please try again."),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        our_words(self)

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


def _password_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class _PasswordAgain(WordedForm):
    """A password typed again, held to what ``check`` knows; ``wrong`` says it is not."""

    password = _password_field(_("Your password"))
    wrong: Any = _("That password is not right. Please try again.")

    def __init__(self, *args: Any, check: Callable[[str], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.check(password):
            raise forms.ValidationError(self.wrong)
        return password


class PasswordConfirmForm(_PasswordAgain):
    """Re-enter your password before a sensitive step."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, check=user.check_password, **kwargs)
        self.user = user


class SignupConfirmForm(_PasswordAgain):
    """The password chosen at sign-up, typed again to make the account a link stands for.

    Whoever opens the link must know the password the sign-up was asked with: a stranger who
    signed up with her address cannot have her make an account that opens with his password
    (the stranger audit of 2026-12-03)."""

    password = _password_field(_("The password you chose when you signed up"))
    wrong = _(
        "That is not the password this sign-up was asked with. If you signed up more than "
        "once, each e-mail's link goes with the password typed that time. If you did not ask "
        "for an account, leave this page: nothing is made."
    )

    def __init__(self, *args: Any, hashed: str, **kwargs: Any) -> None:
        super().__init__(*args, check=lambda typed: check_password(typed, hashed), **kwargs)


class PasswordChangeForm(PasswordConfirmForm):
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters."),
    )
    end_other_sessions = forms.BooleanField(
        label=_("Also sign me out on every other device"),
        help_text=_(
            "Any invitation code you gave out that nobody has used yet stops working too. You "
            "can make a new one afterwards."
        ),
        required=False,
        initial=True,
    )

    def clean_new_password(self) -> str:
        new: str = self.cleaned_data["new_password"]
        password_validation.validate_password(new, self.user)
        return new


class ResetForm(PasswordResetForm):
    """Django's reset request, in our words; the message it sends is ``accounts.resetmail``'s."""

    email = AddressField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        our_words(self)


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's new password after a reset link, in our words. As at sign-in, she can say that
    someone else uses the device, and then it is not trusted for her account."""

    shared = forms.BooleanField(
        label=_("Someone else uses this device: do not remember it for my account"),
        required=False,
    )

    error_messages = {
        "password_mismatch": _("The two passwords are not the same. Please type them again."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # As the password page says it, not Django's list of every rule (in its own words).
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _("At least 10 characters.")
        self.fields["new_password2"].label = _("The new password again")
        self.fields["new_password2"].help_text = ""
        our_words(self)

    def save(self, commit: bool = True) -> Any:
        """Django's save, with the moment kept (``User.password_changed_at``)."""
        self.user.password_changed_at = timezone.now()
        saved = super().save(commit)
        if commit:
            self.user.password_kept()
        return saved


class TwoStepCodeForm(WordedForm):
    """A code from the authenticator app, or a recovery code; checked by the view, which
    counts wrong ones for the person (:mod:`interdepend.web.accounts.twostep`)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "size": 12,
            }
        ),
    )


#: Room for a browser's passkey answer (JSON with base64url parts; a few kilobytes at most).
ANSWER_LENGTH = 20_000


class PasskeyAddForm(WordedForm):
    """A name the person gives a new passkey, and the browser's answer (filled by its script)."""

    name = ShortTextField(
        label=_("A name for this passkey"),
        max_length=60,
        help_text=_("Only you see it here, so you can tell your passkeys apart."),
        widget=forms.TextInput(attrs={"placeholder": _("My phone"), "autocomplete": "off"}),
    )
    answer = forms.CharField(
        max_length=ANSWER_LENGTH,
        required=False,
        widget=forms.HiddenInput(attrs={"data-passkey-answer": ""}),
    )


class PasskeyAnswerForm(WordedForm):
    """The browser's answer when a passkey is used to sign in or to confirm it is you."""

    answer = forms.CharField(
        max_length=ANSWER_LENGTH, widget=forms.HiddenInput(attrs={"data-passkey-answer": ""})
    )
