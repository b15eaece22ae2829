"""The notification hours' select, drawn without templates, is the markup Django's own
``Select`` draws, for every value a page can hold."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from interdepend.web.accounts.forms import HOURS, PlainSelect, PushChoiceForm


@pytest.mark.parametrize("value", [None, "", 0, 8, "21", 23, ["7"], "not an hour"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_quiet_from", "required": True}])
def test_it_draws_what_djangos_select_draws(value: object, attrs: dict[str, object] | None) -> None:
    ours = PlainSelect(choices=HOURS).render("quiet_from", value, attrs)
    theirs = forms.Select(choices=HOURS).render("quiet_from", value, attrs)
    assert parse_html(ours) == parse_html(theirs)


def test_the_form_draws_it_with_the_chosen_hour() -> None:
    form = PushChoiceForm(initial={"kinds": [], "quiet_from": 21, "quiet_until": 8})
    drawn = str(form["quiet_from"])
    assert '<option value="21" selected>21:00</option>' in drawn
    assert drawn.count("<option") == 24
    assert 'id="id_quiet_from"' in drawn
    field = form.fields["quiet_until"]
    assert isinstance(field.widget, PlainSelect)
