"""Every form speaks in our words: no Django default message, whatever is posted; dates in range.

The walk finds every form class the web package defines (and the Django forms our views use) and
fails on one that is not in :data:`MAKE`, so a new form is checked as soon as it exists.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django import forms
from django.contrib.auth import password_validation
from django.core import validators
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import override

import interdepend.web
from interdepend.web.accounts import forms as account_forms
from interdepend.web.accounts.models import User
from interdepend.web.couple.forms import StopSharingForm
from interdepend.web.daily.forms import AnswerForm
from interdepend.web.datarights.forms import DeleteAccountForm
from interdepend.web.decide.forms import DecisionForm, RatingForm
from interdepend.web.frame.formwords import COMMON
from interdepend.web.journal.forms import EntryEditForm, EntryForm
from interdepend.web.partners.forms import CodeForm
from interdepend.web.practice.forms import (
    ClientCodeForm,
    ConsentForm,
    InviteForm,
    PractitionerForm,
)
from interdepend.web.together import forms as together

pytestmark = pytest.mark.django_db

Maker = Callable[[dict[str, Any] | None, User], forms.BaseForm]


def _plain(cls: type[forms.BaseForm]) -> Maker:
    return lambda data, user: cls(data)


def _with_user(cls: Any) -> Maker:
    return lambda data, user: cls(data=data, user=user)


MAKE: dict[type[forms.BaseForm], Maker] = {
    AnswerForm: _plain(AnswerForm),
    account_forms.HomeScreenForm: _plain(account_forms.HomeScreenForm),
    account_forms.QuickExitKeysForm: _plain(account_forms.QuickExitKeysForm),
    account_forms.PushChoiceForm: _plain(account_forms.PushChoiceForm),
    account_forms.SignupForm: _plain(account_forms.SignupForm),
    account_forms._PasswordAgain: lambda data, user: account_forms._PasswordAgain(
        data, check=user.check_password
    ),
    account_forms.SignupConfirmForm: lambda data, user: account_forms.SignupConfirmForm(
        data, hashed=user.password
    ),
    account_forms.LoginForm: lambda data, user: account_forms.LoginForm(None, data=data),
    account_forms.PasswordConfirmForm: _with_user(account_forms.PasswordConfirmForm),
    account_forms.PasswordChangeForm: _with_user(account_forms.PasswordChangeForm),
    account_forms.ResetForm: _plain(account_forms.ResetForm),
    account_forms.TwoStepCodeForm: _plain(account_forms.TwoStepCodeForm),
    account_forms.PasskeyAddForm: _plain(account_forms.PasskeyAddForm),
    account_forms.PasskeyAnswerForm: _plain(account_forms.PasskeyAnswerForm),
    account_forms.NameForm: _plain(account_forms.NameForm),
    account_forms.TimeZoneForm: _plain(account_forms.TimeZoneForm),
    account_forms.EmailChangeForm: _plain(account_forms.EmailChangeForm),
    account_forms.ResetPasswordForm: lambda data, user: account_forms.ResetPasswordForm(user, data),
    DeleteAccountForm: _with_user(DeleteAccountForm),
    CodeForm: _plain(CodeForm),
    ClientCodeForm: _plain(ClientCodeForm),
    PractitionerForm: _plain(PractitionerForm),
    InviteForm: _plain(InviteForm),
    ConsentForm: lambda data, user: ConsentForm(data, user=user, current=set()),
    StopSharingForm: _plain(StopSharingForm),
    DecisionForm: _plain(DecisionForm),
    RatingForm: lambda data, user: RatingForm(data, options=["Sea", "Hills"], partner_name="Ben"),
    EntryForm: _plain(EntryForm),
    EntryEditForm: _plain(EntryEditForm),
    together.GoalForm: _plain(together.GoalForm),
    together.GoalEditForm: _plain(together.GoalEditForm),
    together.NoteForm: _plain(together.NoteForm),
    together.CommitmentForm: _plain(together.CommitmentForm),
    together.ReshapeForm: _plain(together.ReshapeForm),
    together.BidForm: _plain(together.BidForm),
    together.LaterForm: _plain(together.LaterForm),
    together.BoundaryForm: _plain(together.BoundaryForm),
    together.ProposalForm: _plain(together.ProposalForm),
    together.CheckInForm: _plain(together.CheckInForm),
    together.CircleForm: _plain(together.CircleForm),
}


def _web_forms() -> set[type[forms.BaseForm]]:
    found: set[type[forms.BaseForm]] = set()
    for info in pkgutil.walk_packages(interdepend.web.__path__, "interdepend.web."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found.add(value)
    return found - {forms.Form}


def _django_words() -> list[str]:
    """The fixed opening of every message Django's fields, validators and password checks
    would show, up to its first placeholder."""
    texts: list[str] = []
    for _name, kind in inspect.getmembers(forms, inspect.isclass):
        if issubclass(kind, forms.Field):
            texts += [str(t) for t in getattr(kind, "default_error_messages", {}).values()]
    texts += [
        "Ensure this value has at most",
        "Ensure this value has at least",
        "Ensure this value is less than",
        "Ensure this value is greater than",
        str(validators.EmailValidator.message),
        str(validators.ProhibitNullCharactersValidator.message),
        "This password is too short",
        "This password is too common",
        "This password is entirely numeric",
        "The password is too similar",
        "The two password fields",
    ]
    heads = {text.split("%(")[0].strip() for text in texts}
    return sorted(head for head in heads if len(head) >= 10)


def _posts(form: forms.BaseForm) -> list[dict[str, Any]]:
    names = list(form.fields)
    return [
        {},
        dict.fromkeys(names, "x" * 5699),
        dict.fromkeys(names, "2026-02-30"),
        dict.fromkeys(names, "zz\x00"),
        dict.fromkeys(names, "-5"),
        {name: ["zz", "yy"] for name in names},
    ]


def _posted(data: dict[str, Any]) -> QueryDict:
    """The data as a browser posts it (a list is one field sent several times)."""
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        posted.setlist(name, value if isinstance(value, list) else [value])
    return posted


def _messages(form: forms.BaseForm) -> list[str]:
    form.is_valid()
    return [str(m) for errors in form.errors.values() for m in errors]


def test_every_form_of_the_app_is_walked(personas: Any) -> None:
    missing = _web_forms() - set(MAKE)
    assert not missing, f"add these forms to MAKE: {sorted(c.__qualname__ for c in missing)}"


def test_no_form_shows_a_django_default_message(personas: Any) -> None:
    django_words = _django_words()
    assert "This field is required." in django_words
    user = personas.alice
    seen: list[str] = []
    with override("en"):
        for make in MAKE.values():
            for data in _posts(make(None, user)):
                for message in _messages(make(_posted(data), user)):
                    seen.append(message)
                    leaks = [w for w in django_words if w in message]
                    assert not leaks, f"{make(None, user).__class__.__name__}: {message!r}"
    assert len(seen) > 150  # every form said something for the empty and the spoilt posts
    print(f"\n{len(MAKE)} forms, {len(seen)} messages, 0 in Django's words")


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_label_ends_in_a_colon(personas: Any, language: str) -> None:
    """Every form of the app: a label names its field and ends there, a tick box's ("Share this
    check-in with my partner") as a field one fills in ("E-mail address"), as the labels
    written into the pages do (the assistive-technology walk of 2026-12-04)."""
    boxes, others = 0, 0
    with override(language):
        for make in MAKE.values():
            form = make(None, personas.alice)
            for field in form:
                tag = field.legend_tag() if field.use_fieldset else field.label_tag()
                text = re.sub(r"<[^>]+>", "", str(tag)).strip()
                if not text:
                    continue
                if field.widget_type == "checkbox":
                    boxes += 1
                else:
                    others += 1
                assert not text.endswith(":"), f"{type(form).__name__}.{field.name}: {text!r}"
    assert boxes >= 4 and others >= 10, (boxes, others)


def test_the_long_text_message_says_the_limit_and_the_length() -> None:
    form = together.CommitmentForm({"text": "x" * 5699, "due_on": ""})
    assert "Please keep this to 200 characters or fewer. It has 5699 now." in _messages(form)
    assert "max_length" in COMMON


def _on(day: date) -> Any:
    """Today is ``day`` for a form's date limits. Patched where the day is read (Django's
    ``timezone.localdate``), not at ``formwords.today``: a field holds that function as its
    earliest day, so patching the name left "today" real and the tests failed once the real
    day passed the one they were written for (CI of 2026-12-04)."""
    from unittest import mock

    return mock.patch.object(timezone, "localdate", return_value=day)


def _due(days: int) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=days)
    return {"text": "Water the plants", "due_on": day.isoformat()}


@pytest.mark.parametrize(
    ("due", "ok"),
    [("2020-06-01", False), ("9999-12-31", False), ("2026-02-30", False), ("", False)],
)
def test_a_promise_due_long_ago_far_ahead_or_on_no_real_day_is_refused(due: str, ok: bool) -> None:
    form = together.CommitmentForm({"text": "Water the plants", "due_on": due})
    assert form.is_valid() is ok
    assert str(form.errors["due_on"][0]).startswith("Please")


@pytest.mark.parametrize(("days", "ok"), [(-1, False), (0, True), (365, True)])
def test_a_promise_may_be_due_from_today_to_five_years_ahead(days: int, ok: bool) -> None:
    assert together.CommitmentForm(_due(days)).is_valid() is ok


@pytest.mark.parametrize(
    ("today", "last"),
    [("2026-12-02", "2031-12-02"), ("2028-02-29", "2033-02-28"), ("2027-03-01", "2032-03-01")],
)
def test_five_years_ahead_is_the_same_day_five_years_on_and_the_message_names_it(
    today: str, last: str
) -> None:
    """Calendar years, not 5 × 365 days (which moved the last day around leap years), and the
    message names the last day allowed as allowed."""

    with _on(date.fromisoformat(today)):
        assert together.CommitmentForm({"text": "Water the plants", "due_on": last}).is_valid()
        over = date.fromisoformat(last) + timedelta(days=1)
        form = together.CommitmentForm({"text": "Water the plants", "due_on": over.isoformat()})
        assert not form.is_valid()
    shown = formats.date_format(date.fromisoformat(last), "DATE_FORMAT")
    assert str(form.errors["due_on"][0]).startswith(f"Please choose {shown} or an earlier day.")


@pytest.mark.parametrize(
    ("day", "ok"),
    [("2030-01-01", False), ("1899-12-31", False), ("1900-01-01", True), ("", True)],
)
def test_last_seen_in_the_circle_is_a_day_that_has_been(day: str, ok: bool) -> None:
    with _on(date(2026, 12, 1)):  # 2030 is still to come, whenever the suite runs
        form = together.CircleForm({"name": "Grandma", "last_connected": day})
        assert form.is_valid() is ok


def test_last_seen_may_be_today_but_not_tomorrow() -> None:
    today = timezone.localdate()
    for days, ok in ((0, True), (1, False)):
        day = (today + timedelta(days=days)).isoformat()
        assert together.CircleForm({"name": "Sam", "last_connected": day}).is_valid() is ok


def test_the_date_boxes_tell_the_browser_their_limits() -> None:
    today = timezone.localdate().isoformat()
    promise = str(together.CommitmentForm()["due_on"])
    circle = str(together.CircleForm()["last_connected"])
    assert f'min="{today}"' in promise and f'max="{today}"' in circle


def test_a_date_typed_as_no_real_day_says_so_kindly() -> None:
    form = together.CommitmentForm({"text": "Call Mum", "due_on": "2026-02-30"})
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert _messages(form) == [f"Please give a real date, for example {today}."]
    empty = together.CommitmentForm({"text": "Call Mum", "due_on": ""})
    assert "30 February does not" in _messages(empty)[0]


def test_spaces_alone_in_a_date_box_are_an_empty_box() -> None:
    """The forms audit of 2026-12-03 (L3): spaces alone were "not a real date", even where the
    date may be left out."""
    spaces = together.CommitmentForm({"text": "Call Mum", "due_on": "   "})
    empty = together.CommitmentForm({"text": "Call Mum", "due_on": ""})
    assert _messages(spaces) == _messages(empty)
    circle = together.CircleForm({"name": "Ana", "last_connected": "  \t ", "idem": "k"})
    assert circle.is_valid(), circle.errors
    assert circle.cleaned_data["last_connected"] is None


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("es", "1 de mayo de 2027"),
        ("es", "1 mayo 2027"),
        ("es", "1 de mayo, 2027"),
        ("es", "1.º de mayo de 2027"),
        ("es", "1 de Mayo de 2027"),
        ("es", "mayo 1 de 2027"),
        ("es", "2027-05-01"),
        ("es", "01/05/2027"),
        ("en", "1 May 2027"),
        ("en", "May 1, 2027"),
        ("en", "1st of May 2027"),
    ],
)
def test_a_day_written_with_its_month_s_name_is_read_in_the_page_s_language(
    language: str, typed: str
) -> None:
    """Spanish read no month names at all: "1 de mayo de 2027", the very example its message
    gave, was refused (the forms audit of 2026-12-03, L1). Read on a day before it: a promise
    is never due on a day gone by, so from May 2027 on the real day refused it."""
    with override(language), _on(date(2026, 12, 1)):
        form = together.CommitmentForm({"text": "Call Mum", "due_on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["due_on"] == date(2027, 5, 1)


@pytest.mark.parametrize("typed", ["31 de febrero de 2027", "1 de mayo de 27", "1 de mayo"])
def test_a_named_month_with_no_real_day_is_refused_in_our_words(typed: str) -> None:
    with override("es"):
        form = together.CommitmentForm({"text": "Call Mum", "due_on": typed})
        assert not form.is_valid()
        assert [e.code for e in form.errors.as_data()["due_on"]] == ["invalid"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("form_class", "field"),
    [(together.CommitmentForm, "due_on"), (together.CircleForm, "last_connected")],
)
def test_the_example_a_date_field_gives_is_a_day_it_takes(
    language: str, form_class: type[forms.Form], field: str
) -> None:
    """ "Last time you connected" (up to today) gave a day to come as its example (L2), and the
    Spanish example was refused (L1): the example, sent back, is taken."""
    with override(language):
        form = form_class({"text": "x", "name": "x", field: "2026-02-30"})
        said = _messages(form)[0]
        example = re.search(r"(?:for example|por ejemplo),? (.+)\.$", said)
        assert example is not None, said
        again = form_class({"text": "x", "name": "x", field: example.group(1)})
        assert again.is_valid(), (example.group(1), again.errors)
        assert again.cleaned_data[field] == timezone.localdate()


def test_password_checks_speak_in_our_words() -> None:
    for weak in ("short", "password123", "1234567890123"):
        with pytest.raises(forms.ValidationError) as caught:
            password_validation.validate_password(weak)
        text = " ".join(caught.value.messages)
        assert "This password" not in text and "Please" in text
    assert re.search(
        r"at least 10 characters",
        str(
            account_forms.SignupForm(
                {"display_name": "A", "email": "a@example.test", "password": "short"}
            ).errors
        ),
    )


def test_what_she_types_is_not_kept_by_the_browser_to_be_offered_again(personas: Any) -> None:
    """Every field one types words into is drawn with ``autocomplete`` set: "off" unless the
    form asks for a kind the browser should fill (her address and password on the log-in page).
    Otherwise Chromium keeps the words (a name in her circle, what she needs this week) and
    offers them again in any field of the same name, on any site, to whoever uses the device."""
    typed = 0
    for make in MAKE.values():
        form = make(None, personas.alice)
        for field in form:
            if field.widget_type in {"text", "textarea", "email", "number", "url"}:
                typed += 1
                html = str(field)
                assert 'autocomplete="' in html, f"{type(form).__name__}.{field.name}"
    assert typed >= 20, typed


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("03/12/2026", None),  # 3 December or 12 March: asked again, never guessed
        ("3.12.26", None),
        ("13/12/2026", date(2026, 12, 13)),  # only a day can be 13
        ("12/13/2026", date(2026, 12, 13)),
        ("12/12/2026", date(2026, 12, 12)),  # the same either way
        ("2026-12-03", date(2026, 12, 3)),
        ("3 December 2026", date(2026, 12, 3)),
    ],
)
def test_a_date_typed_in_numbers_is_never_read_in_the_wrong_order(
    typed: str, read: date | None
) -> None:
    """Without a date picker, English read 03/12/2026 as 12 March, which is 3 December for most
    of the English-speaking world (the second time audit)."""

    with _on(date(2026, 12, 1)):
        form = together.CommitmentForm({"text": "Call Mum", "due_on": typed})
        if read is None:
            assert not form.is_valid()
            assert _messages(form) == [
                f"{typed} could be a day in either of two months. Please write the month as a "
                "word, for example 3 December 2026, or use the form 2026-12-03."
            ]
        else:
            assert form.is_valid(), form.errors
            assert form.cleaned_data["due_on"] == read


def test_a_date_typed_in_numbers_in_spanish_is_day_first() -> None:

    from django.utils import translation

    with (
        translation.override("es"),
        _on(date(2026, 12, 1)),
    ):
        form = together.CommitmentForm({"text": "Llamar a mamá", "due_on": "03/12/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["due_on"] == date(2026, 12, 3)
