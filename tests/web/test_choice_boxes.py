"""The account page's boxes written as text (``choiceitems._written_box``, issue 15's
twenty-third pass), held to the box the form's renderer drew (``choiceitems._drawn_box``, the
start's ``_box``) for any option: any kind, name, value and attributes, markup, quotes,
ampersands and right-to-left marks among them, and for every option of real choice fields
with any choices, any chosen and any errors."""

from __future__ import annotations

from typing import Any

import hypothesis
from django import forms
from django.utils.safestring import mark_safe
from hypothesis import strategies as st

from interdepend.web.accounts.forms import HomeScreenForm, PushChoiceForm, QuickExitKeysForm
from interdepend.web.accounts.templatetags import choiceitems

TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["<b>", "&amp;", "\"'", "\u202e", "id_kinds_0", ""]
)
TEMPLATES = st.sampled_from(
    [
        "django/forms/widgets/radio_option.html",
        "django/forms/widgets/checkbox_option.html",
        "django/forms/widgets/input_option.html",
    ]
)
ATTRIBUTE = st.one_of(st.booleans(), TEXT)


def _option(
    kind: str, name: str, value: Any, attrs: dict[str, Any], template: str
) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "label": "words",
        "selected": False,
        "index": "0",
        "attrs": attrs,
        "type": kind,
        "template_name": template,
        "wrap_label": True,
    }


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(
    kind=st.sampled_from(["radio", "checkbox"]) | TEXT,
    name=TEXT,
    value=TEXT,
    attrs=st.dictionaries(TEXT, ATTRIBUTE, max_size=5),
    template=TEMPLATES,
)
def test_a_written_box_is_the_one_the_renderer_drew(
    kind: str, name: str, value: str, attrs: dict[str, Any], template: str
) -> None:
    bound = PushChoiceForm()["kinds"]
    option = _option(kind, name, value, attrs, template)
    written = choiceitems._written_box(option)
    assert written is not None and type(written) is str
    assert written == str(choiceitems._drawn_box(bound, option))
    assert choiceitems._box(bound, option) == written


@hypothesis.settings(max_examples=100, deadline=None)
@hypothesis.given(
    value=st.one_of(st.integers(), st.none(), TEXT.map(mark_safe)),
    attrs=st.dictionaries(TEXT, st.one_of(ATTRIBUTE, st.integers(), st.none()), max_size=3),
    template=TEMPLATES | st.just("django/forms/widgets/select_option.html"),
)
def test_any_other_box_is_drawn_by_the_renderer(
    value: Any, attrs: dict[str, Any], template: str
) -> None:
    """A value that is no plain text, an attribute neither a text nor True nor False, or
    another template: drawn through the renderer, as before."""
    bound = PushChoiceForm()["kinds"]
    option = _option("checkbox", "kinds", value, attrs, template)
    plain = type(value) is str and all(
        given is True or given is False or type(given) is str for given in attrs.values()
    )
    if plain and template != "django/forms/widgets/select_option.html":
        return
    assert choiceitems._written_box(option) is None
    assert choiceitems._box(bound, option) == str(choiceitems._drawn_box(bound, option))


FORMS = st.sampled_from(
    [
        (HomeScreenForm, "home_screen_look"),
        (QuickExitKeysForm, "quick_exit_keys"),
        (PushChoiceForm, "kinds"),
    ]
)


@hypothesis.settings(max_examples=150, deadline=None)
@hypothesis.given(
    form=FORMS,
    choices=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5),
    chosen=st.lists(TEXT, max_size=3),
    sent=st.booleans(),
    prefix=st.none() | TEXT.filter(lambda text: text.strip() != ""),
)
def test_every_box_of_a_list_is_the_one_the_renderer_drew(
    form: tuple[type[forms.Form], str],
    choices: list[tuple[str, str]],
    chosen: list[str],
    sent: bool,
    prefix: str | None,
) -> None:
    """Real fields of the account page, with any choices, any chosen, sent (so with errors,
    ``aria-invalid``) or not, under any prefix: each box is the renderer's, and the lists
    each tag draws are the same as through the renderer."""
    kind, name = form
    if sent:
        made = kind(data={(f"{prefix}-" if prefix else "") + name: chosen}, prefix=prefix)
        made.is_valid()
    else:
        made = kind(initial={name: chosen}, prefix=prefix)
    field = made.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
    bound = made[name]
    for option in choiceitems._options(bound):
        assert choiceitems._box(bound, option) == str(choiceitems._drawn_box(bound, option))
