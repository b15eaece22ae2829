"""``frameparts._shown`` (``{{ name }}`` in the opening tags, written in Python) draws what the
template engine draws for the same name, whatever the context holds or lacks."""

from __future__ import annotations

from typing import Any

from django.template import Context, Engine
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame.templatetags.frameparts import _shown

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(max_size=20),
    st.just("<b>&\"'</b>"),
    st.text(max_size=8).map(lambda t: lambda: t),
)
#: Each layer of the context: the name in it with a value, or not in it.
_LAYERS = st.lists(st.one_of(st.none(), _VALUES.map(lambda v: ("value", v))), max_size=4)


@settings(max_examples=300, deadline=None)
@given(layers=_LAYERS, autoescape=st.booleans())
def test_shown_is_what_the_engine_draws(layers: list[Any], autoescape: bool) -> None:
    engine = Engine.get_default()
    template = engine.from_string("{{ away_seconds }}")
    context = Context(autoescape=autoescape)
    context.template = template
    for layer in layers:
        context.push({} if layer is None else {"away_seconds": layer[1]})
    with context.render_context.push_state(template):
        assert _shown(context, "away_seconds") == template.nodelist.render(context)
