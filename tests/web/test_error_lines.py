"""How a form's errors are drawn: one error as a sentence, several as a list, each field's right
under its box and before its hint, wherever a form is drawn (the phone walk of 2026-12-05)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from interdepend.web.frame.templatetags import formfields
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db


class Sample(forms.Form):
    word = forms.CharField(label="Word", help_text="A hint under the box.")


def _drawn(errors: list[str], *, in_python: bool) -> str:
    form = Sample({"word": "x"})
    form.is_valid()
    for error in errors:
        form.add_error("word", error)
    before = formfields.DRAW_IN_PYTHON
    formfields.DRAW_IN_PYTHON = in_python
    try:
        return Template("{% form_fields %}").render(Context({"form": form}))
    finally:
        formfields.DRAW_IN_PYTHON = before


@pytest.mark.parametrize("in_python", [True, False])
def test_one_error_is_a_sentence_and_several_a_list(in_python: bool) -> None:
    one = _drawn(["Please try again."], in_python=in_python)
    assert '<p class="errorlist">Please try again.</p>' in one
    assert "<ul" not in one and "<li>" not in one
    two = _drawn(["First.", "Second."], in_python=in_python)
    assert '<ul class="errorlist"><li>First.</li><li>Second.</li></ul>' in two


@pytest.mark.parametrize("in_python", [True, False])
def test_a_field_s_error_is_right_under_its_box_before_its_hint(in_python: bool) -> None:
    page = _drawn(["Please try again."], in_python=in_python)
    box, error, hint = (page.index(s) for s in ("<input", 'id="id_word_error"', 'class="help"'))
    assert box < error < hint
    described = re.search(r'aria-describedby="([^"]*)"', page)
    assert described is not None
    assert set(described[1].split()) == {"id_word_helptext", "id_word_error"}


def test_a_wrong_password_at_sign_in_reads_as_one_sentence(personas: Personas) -> None:
    page = Client().post(
        reverse("accounts:login"), {"username": personas.carol.email, "password": "nope"}
    )
    text = page.content.decode()
    assert '<p class="errorlist">That e-mail and password do not match an account.' in text
    assert '<ul class="errorlist">' not in text


def test_a_password_change_s_errors_sit_under_their_boxes(personas: Personas) -> None:
    client = password_confirmed(as_user(personas.carol))
    sent = {"password": "not it", "new_password": "short"}
    text = client.post(reverse("accounts:password_change"), sent).content.decode()
    said = re.search(r'id="id_password_error"><p class="errorlist">([^<]+)</p></div>', text)
    assert said is not None and "not right" in said[1]
    box, error, hint = (
        text.index(s)
        for s in ('name="new_password"', 'id="id_new_password_error"', "At least 10 characters.")
    )
    assert box < error < hint
