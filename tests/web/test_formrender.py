"""Form fields drawn in Python (``frame.formrender``, and their layout by ``{% form_fields %}``)
are the fields Django's templates draw.

Every page of the access policy is fetched as three roles, and every form is sent empty (so it
comes back with its error messages), twice with our renderer and once with Django's own (and
the layout through ``includes/form_fields.html``, the rows of 1-to-7 buttons through theirs); the
pages must be the same byte for byte once what is new on every drawing is set aside (CSRF
tokens, and the lines that already differ between our own two drawings: one-time form keys, a
new invitation code). Each empty send is undone before the next, so every drawing starts from
the same state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from django import forms
from django.db import transaction
from django.forms.renderers import DjangoTemplates
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from interdepend.web.frame import formrender
from interdepend.web.frame.templatetags import formfields, scales
from tests.conftest import Personas
from tests.helpers import as_user
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
DJANGO = "django.forms.renderers.DjangoTemplates"
ROLES = ("anonymous", "partner", "practitioner")
#: Posts that end the session or lock it: nothing of a form to compare, and the rest would
#: be drawn signed out.
NOT_SENT = {"accounts:logout", "frame:quick_exit", "frame:quick_exit_note"}


def _client(personas: Personas, role: str) -> Client:
    return Client() if role == "anonymous" else as_user(personas.by_role()[role])


def _page(client: Client, method: str, url: str) -> tuple[int, str]:
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    html = response.content.decode(errors="replace")
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        html = ""
    return response.status_code, TOKEN.sub("TOKEN", html)


def _steady(page: tuple[int, str], again: tuple[int, str]) -> tuple[int, list[str]]:
    """The page with every line that differs between our two drawings set aside."""
    lines, other = page[1].splitlines(), again[1].splitlines()
    if len(lines) != len(other):
        return page[0], lines
    return page[0], [a if a == b else "~" for a, b in zip(lines, other, strict=True)]


@contextmanager
def _form_fields_by_template() -> Iterator[None]:
    """``{% form_fields %}``, ``{% likert_items %}`` and ``{% checkin_items %}`` drawn through
    their reference templates, as includes."""
    formfields.DRAW_IN_PYTHON = scales.DRAW_IN_PYTHON = False
    try:
        yield
    finally:
        formfields.DRAW_IN_PYTHON = scales.DRAW_IN_PYTHON = True


def pages_both_ways(
    personas: Personas, role: str, other: Callable[[], AbstractContextManager[object]]
) -> Iterator[tuple[str, str, bool]]:
    """Every page of the access policy as ``role``, GET and an empty POST, drawn twice our way
    and once inside ``other()``: each page's name, our drawing, and whether the other drawing is
    the same once what differs between our own two is set aside."""
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for method in ("get", "post"):
            if method == "post" and name in NOT_SENT:
                continue
            client = _client(personas, role)
            ours, again = _page(client, method, url), _page(client, method, url)
            with other():
                theirs = _page(client, method, url)
            same = _steady(ours, again) == _steady(theirs, again)
            yield f"{method.upper()} {name} as {role}", ours[1], same


@contextmanager
def _by_django() -> Iterator[None]:
    with override_settings(FORM_RENDERER=DJANGO), _form_fields_by_template():
        yield


@pytest.mark.parametrize("role", ROLES)
def test_every_form_on_every_page_is_drawn_as_django_draws_it(
    personas: Personas, role: str
) -> None:
    compared = fields = 0
    differ = []
    for label, ours, same in pages_both_ways(personas, role, _by_django):
        if not same:
            differ.append(label)
        compared += 1
        fields += ours.count("<input") + ours.count("<textarea")
    print(f"\nform renderer, {role}: {compared} responses, {fields} fields, {len(differ)} differ")
    assert fields > (20 if role == "anonymous" else 100), "too few fields were drawn to compare"
    assert not differ, differ


@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "x", "required": True, "disabled": False, "class": 'a"b<c>'},
        {"aria-describedby": mark_safe("<safe>"), "maxlength": 140, "data-x": ("a", 1)},
        {},
    ],
)
@pytest.mark.parametrize("value", [None, "", "plain", 'quote"s & <tags>', mark_safe("<b>"), 7])
def test_each_field_template_matches_django(attrs: dict[str, object], value: object) -> None:
    django = DjangoTemplates()
    ours = formrender.FormRenderer()
    for template in formrender.DRAWN:
        if any(part in template for part in ("select", "radio", "option", "multiple")):
            continue  # the choice widgets have their own test below
        if template.endswith("label.html"):
            for use_tag in (True, False):
                context = {"label": value or "Name", "attrs": attrs, "use_tag": use_tag}
                context["tag"] = "legend" if attrs else "label"
                assert ours.render(template, context) == django.render(template, context)
            continue
        widget = {"name": 'n"ame', "type": "text", "value": value, "attrs": attrs}
        context = {"widget": widget}
        assert ours.render(template, context) == django.render(template, context), template


CHOICES = [
    ("", "Choose one"),
    (1, "One & only"),
    ("two", mark_safe("<b>Two</b>")),
    ("3", 3.5),
    ("Group <g>", [("a", "A"), ("b", 'B "quoted"')]),
]


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.SelectMultiple(choices=CHOICES),
        forms.RadioSelect(choices=CHOICES),
        forms.CheckboxSelectMultiple(choices=CHOICES),
        forms.RadioSelect(choices=CHOICES[:3], attrs={"class": "row"}),
        forms.NullBooleanSelect(),
    ],
    ids=lambda widget: type(widget).__name__,
)
@pytest.mark.parametrize("value", [None, "", 1, "two", ("a", "3"), "a"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x", "aria-describedby": "h"}, {"id": 'q"'}])
@pytest.mark.parametrize("language", ["en", "es"])
def test_choice_widgets_match_django(
    widget: forms.Widget, value: object, attrs: dict[str, str] | None, language: str
) -> None:
    """Selects, radio lists and check box lists, whole and option by option, in two languages
    (a number as a label is written the language's way)."""
    django, ours = DjangoTemplates(), formrender.FormRenderer()
    with translation.override(language):
        mine = widget.render("n", value, attrs, renderer=ours)
        assert mine == widget.render("n", value, attrs, renderer=django)
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            for each in widget.subwidgets("n", value, attrs):
                for wrap in (True, False):
                    context = {"widget": {**each, "wrap_label": wrap}}
                    template = each["template_name"]
                    assert ours.render(template, context) == django.render(template, context)
    assert "<" in mine


def test_a_radio_field_option_by_option_matches_django() -> None:
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[1:4], widget=forms.RadioSelect)
        many = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple)

    for renderer in (formrender.FormRenderer(), DjangoTemplates()):
        form = Form(data={"pick": "two", "many": ["a"]}, renderer=renderer)
        drawn = [str(radio) for radio in form["pick"]] + [str(box) for box in form["many"]]
        drawn += [radio.tag() for radio in form["pick"]] + [str(form["pick"]), str(form["many"])]
        if isinstance(renderer, formrender.FormRenderer):
            ours = drawn
    assert ours == drawn
    assert any("checked" in each for each in ours)
