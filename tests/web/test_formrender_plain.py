"""The fields' plain attributes written at once (``formrender.input_tag`` and ``_attrs``, issue
15's twenty-third pass) are what the old path wrote through ``shown``, ``_format`` and
``escaped``, and what Django's ``input.html`` and ``attrs.html`` draw, for any kind, name,
value and attributes: plain texts full of markup, quotes and ampersands, ``True``, ``False``,
``None``, numbers, safe and lazy texts and tuples, in any order and mixed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame import formrender

#: Texts full of what escaping changes or must leave.
HOSTILE = st.text(
    alphabet=st.sampled_from(list("<>&\"'=/ {}%#x27;aZ\n\t\u200f\u202eשל0é")), max_size=20
) | st.sampled_from(["", "id_words", "required", "&amp;"])


def _lazy(text: str) -> Any:
    return lazy(lambda: text, str)()


#: What a field's kind, name or value can be: mostly plain texts, and what the old path took.
VALUE = st.one_of(
    HOSTILE,
    HOSTILE,
    HOSTILE.map(mark_safe),
    HOSTILE.map(_lazy),
    st.integers(-5000, 5000),
    st.decimals(
        places=2, allow_nan=False, allow_infinity=False, max_value=10**6, min_value=-(10**6)
    ),
)
#: An attribute's value: plain texts and ``True``/``False`` most of all.
ATTRIBUTE = st.one_of(
    st.booleans(), HOSTILE, HOSTILE, st.none(), VALUE, st.tuples(HOSTILE, st.integers())
)
NAME = st.one_of(HOSTILE, HOSTILE, HOSTILE.map(mark_safe), HOSTILE.map(_lazy))
ATTRS = st.one_of(st.none(), st.dictionaries(NAME, ATTRIBUTE, max_size=7))


def _old_attrs(attrs: Mapping[str, Any] | None) -> str:
    """The start's ``_attrs``."""
    out = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        out.append(f" {formrender.escaped(name)}")
        if value is not True:
            out.append(f'="{formrender._format(value)}"')
    return "".join(out)


def _old_input_tag(widget: Mapping[str, Any]) -> str:
    """The start's ``_input_tag``."""
    value = widget.get("value")
    given = "" if value is None else f' value="{formrender._format(value)}"'
    kind = formrender.shown(widget.get("type", ""))
    name = formrender.shown(widget.get("name", ""))
    return f'<input type="{kind}" name="{name}"{given}{_old_attrs(widget.get("attrs"))}>'


def _old_input_option(widget: Mapping[str, Any]) -> str:
    """The start's ``_input_option``."""
    tag = _old_input_tag(widget) + "\n"
    if not widget.get("wrap_label"):
        return tag + "\n\n"
    id_ = (widget.get("attrs") or {}).get("id")
    opening = f'<label for="{formrender.shown(id_)}">' if id_ else "<label>"
    return f"{opening}{tag} {formrender.shown(widget.get('label'))}</label>\n\n"


def _old_select_option(widget: Mapping[str, Any]) -> str:
    """The start's ``_select_option``."""
    value, label = formrender._format(widget.get("value")), formrender.shown(widget.get("label"))
    return f'<option value="{value}"{_old_attrs(widget.get("attrs"))}>{label}</option>\n'


@settings(max_examples=600, deadline=None)
@given(attrs=ATTRS, language=st.sampled_from(["en", "es"]))
def test_attributes_are_written_as_the_old_path_wrote_them(
    attrs: dict[Any, Any] | None, language: str
) -> None:
    with translation.override(language):
        written = formrender._attrs(attrs)
        assert written == _old_attrs(attrs)
        assert type(written) is str


@settings(max_examples=600, deadline=None)
@given(
    kind=st.one_of(st.sampled_from(["text", "radio", "checkbox", "hidden"]), VALUE),
    name=VALUE,
    value=st.one_of(st.none(), VALUE),
    attrs=ATTRS,
    language=st.sampled_from(["en", "es"]),
    left_out=st.sets(st.sampled_from(["type", "name", "attrs"])),
)
def test_an_input_is_written_as_the_old_path_wrote_it(
    kind: Any, name: Any, value: Any, attrs: Any, language: str, left_out: set[str]
) -> None:
    widget = {"type": kind, "name": name, "value": value, "attrs": attrs}
    for key in left_out:
        del widget[key]
    with translation.override(language):
        assert formrender.input_tag(widget) == _old_input_tag(widget)


@settings(max_examples=600, deadline=None)
@given(
    value=st.one_of(st.none(), VALUE),
    label=st.one_of(st.none(), VALUE),
    id_=st.one_of(st.none(), VALUE),
    attrs=st.dictionaries(NAME, ATTRIBUTE, max_size=4),
    wrap=st.booleans(),
    language=st.sampled_from(["en", "es"]),
)
def test_an_option_is_written_as_the_old_path_wrote_it(
    value: Any, label: Any, id_: Any, attrs: dict[Any, Any], wrap: bool, language: str
) -> None:
    """A radio button or check box with its label, and a select's option."""
    attrs = {"id": id_, **attrs} if id_ is not None else attrs
    widget = {"type": "radio", "name": "n", "value": value, "label": label, "attrs": attrs}
    widget["wrap_label"] = wrap
    with translation.override(language):
        assert formrender._input_option(widget) == _old_input_option(widget)
        assert formrender._select_option(widget) == _old_select_option(widget)


PLAIN = st.one_of(st.booleans(), HOSTILE, HOSTILE)


@settings(max_examples=300, deadline=None)
@given(
    kind=HOSTILE,
    name=HOSTILE,
    value=st.one_of(st.none(), HOSTILE),
    label=HOSTILE,
    attrs=st.dictionaries(HOSTILE, PLAIN, max_size=6),
    wrap=st.booleans(),
    template=st.sampled_from(
        ["text", "checkbox", "radio_option", "checkbox_option", "select_option"]
    ),
)
def test_plain_inputs_are_drawn_as_django_draws_them(
    kind: str,
    name: str,
    value: str | None,
    label: str,
    attrs: dict[str, Any],
    wrap: bool,
    template: str,
) -> None:
    """The plain path alone (every kind, name, value, label and attribute a plain text or a
    yes or no) against Django's own templates."""
    path = f"django/forms/widgets/{template}.html"
    widget: dict[str, Any] = {"type": kind, "name": name, "value": value, "attrs": attrs}
    widget |= {"label": label, "wrap_label": wrap, "template_name": path}
    context: dict[str, Any] = {"widget": widget}
    ours = formrender.FormRenderer().render(path, context)
    assert ours == DjangoTemplates().render(path, context).strip()


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.integers(),
        st.integers(-20_000, 20_000),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(places=2, allow_nan=False, allow_infinity=False),
    ),
    language=st.sampled_from(["en", "es", None]),
    grouped=st.booleans(),
)
def test_a_number_shown_is_what_the_template_writes(
    value: Any, language: str | None, grouped: bool
) -> None:
    """``shown`` of a whole number, written as its digits without the template's localising
    when no thousands are grouped (issue 15's twenty-fourth pass), is what ``{{ value }}``
    writes, in each language, with thousands grouped or not; so are a ``bool``, a float and a
    decimal, which go the template's way."""
    from django.template.base import render_value_in_context
    from django.test import override_settings

    with override_settings(USE_THOUSAND_SEPARATOR=grouped), translation.override(language):
        want = str(render_value_in_context(value, formrender.SHOWN))
        got = formrender.shown(value)
        assert got == want
        assert type(got) is type(want)
