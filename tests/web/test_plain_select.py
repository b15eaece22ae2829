"""The notification hours' select, drawn without templates, is the markup Django's own
``Select`` draws, for every value a page can hold."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.utils import flatatt
from django.test.html import parse_html
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from interdepend.web.accounts.forms import HOURS, PlainSelect, PushChoiceForm, _flat, _spliced


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


ODD = [("a&b", "<b>x</b> & 'y'"), ('"q"', 'Say "hi"'), ("7", "7"), ("", "none")]


@pytest.mark.parametrize("value", [None, "Europe/Madrid", "America/Argentina/Buenos_Aires", "x"])
def test_the_time_zone_list_draws_what_djangos_select_draws(value: object) -> None:
    """The zone list's options are escaped once per process and reused: the markup is still
    Django's, with the chosen zone marked, for every value; and labels that need escaping too."""
    from interdepend.web.accounts.forms import TimeZoneForm

    field = TimeZoneForm().fields["time_zone"]
    assert isinstance(field, forms.ChoiceField)
    zones = [(str(v), str(label)) for v, label in field.choices]  # type: ignore[union-attr, misc]
    for _ in range(2):  # the second drawing comes from the kept parts
        ours = PlainSelect(choices=zones).render("time_zone", value, {"id": "id_time_zone"})
        theirs = forms.Select(choices=zones).render("time_zone", value, {"id": "id_time_zone"})
        assert parse_html(ours) == parse_html(theirs)
    for chosen in (None, "a&b", '"q"', ""):
        ours = PlainSelect(choices=ODD).render("odd", chosen)
        assert parse_html(ours) == parse_html(forms.Select(choices=ODD).render("odd", chosen))


def test_the_time_zone_form_reuses_one_list_and_still_checks_the_choice() -> None:
    """Every form hands its field the one list made at start (not ~600 options normalised a
    page); the form draws it as Django's select would, and a made-up zone is still refused."""
    from interdepend.web.accounts.forms import PlainChoices, TimeZoneForm

    first, second = TimeZoneForm(), TimeZoneForm()
    one, other = first.fields["time_zone"], second.fields["time_zone"]
    assert isinstance(one, forms.ChoiceField) and isinstance(other, forms.ChoiceField)
    assert isinstance(one.choices, PlainChoices)
    assert one.choices is other.choices
    assert one.widget.choices is one.choices
    zones = list(one.choices)
    assert ("America/Los_Angeles", "America/Los Angeles") in zones
    drawn = TimeZoneForm(initial={"time_zone": "Europe/Madrid"})["time_zone"].as_widget()
    theirs = forms.Select(choices=zones).render(
        "time_zone",
        "Europe/Madrid",
        {"id": "id_time_zone", "class": "translate-no", "translate": "no", "autocomplete": "off"},
    )
    assert parse_html(drawn) == parse_html(theirs)
    assert TimeZoneForm({"time_zone": "Europe/Madrid"}).is_valid()
    refused = TimeZoneForm({"time_zone": "Mars/Olympus_Mons"})
    assert not refused.is_valid()
    assert refused.errors["time_zone"] == ["Please choose your time zone from the list."]


def test_the_quiet_hours_share_one_list_and_still_take_only_an_hour() -> None:
    """Every form used to copy the 24 hours of both selects, option by option (0.15 ms of the
    account page): the forms now share the one list, draw it as Django's select draws the
    hours as numbers, and still take an hour and nothing else."""
    from interdepend.web.accounts.forms import PlainChoices

    first, second = PushChoiceForm(), PushChoiceForm()
    one, other = first.fields["quiet_from"], second.fields["quiet_until"]
    assert isinstance(one, forms.ChoiceField) and isinstance(other, forms.ChoiceField)
    assert isinstance(HOURS, PlainChoices)
    assert one.choices is HOURS and other.choices is HOURS
    as_numbers = [(hour, f"{hour:02d}:00") for hour in range(24)]
    for hour in (None, 0, 9, 23):
        drawn = PushChoiceForm(initial={"quiet_from": hour})["quiet_from"].as_widget()
        theirs = forms.Select(choices=as_numbers).render(
            "quiet_from", hour, {"id": "id_quiet_from", "autocomplete": "off"}
        )
        assert parse_html(drawn) == parse_html(theirs)
    taken = PushChoiceForm({"quiet_from": "22", "quiet_until": "7"})
    assert taken.is_valid(), taken.errors
    assert (taken.cleaned_data["quiet_from"], taken.cleaned_data["quiet_until"]) == (22, 7)
    refused = PushChoiceForm({"quiet_from": "24", "quiet_until": "seven"})
    assert not refused.is_valid()
    assert set(refused.errors) == {"quiet_from", "quiet_until"}


@pytest.mark.parametrize("value", [None, "", "7", "a&b", '"q"', "not in it", ["7", "a&b"]])
def test_a_fixed_list_marks_the_chosen_option_as_before(value: object) -> None:
    """The fixed lists (time zones, hours) are joined once and the chosen option marked in
    place: byte for byte what the select drew from the list option by option, for no choice,
    one, one not in the list, two, a value listed twice, and values and labels that need
    escaping; and, for one choice among distinct values, the markup Django's select draws."""
    from interdepend.web.accounts.forms import PlainChoices

    for listed in (ODD, [*ODD, ("7", "seven again")]):
        fixed = PlainChoices(listed)
        for _ in range(2):  # the second drawing comes from the kept markup
            ours = PlainSelect(choices=fixed).render("odd", value, {"id": "id_odd"})
            before = PlainSelect(choices=listed).render("odd", value, {"id": "id_odd"})
            assert ours == before
            assert "<b>" not in ours
            assert "markup" in vars(fixed), "drawn from the list joined once"
        if listed is ODD and not isinstance(value, list):
            theirs = forms.Select(choices=listed).render("odd", value, {"id": "id_odd"})
            assert parse_html(ours) == parse_html(theirs)


ATTRS: list[dict[str, object]] = [
    {},
    {"id": "id_quiet_from", "required": True},
    {"required": False, "disabled": True, "id": None, "aria-invalid": "true", "autofocus": True},
    {"class": "translate-no", "translate": "no", "data-x": "<b>&'\"</b>", "tabindex": 3},
    {"data-safe": mark_safe("<i>kept</i>"), "title": gettext_lazy("Quiet from"), "z": 0, "a": 1.5},
]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("name", ["quiet_from", "<n>&'\"", gettext_lazy("until")])
def test_it_writes_its_attributes_and_name_as_flatatt_and_format_html_did(
    attrs: dict[str, object], name: str
) -> None:
    """The select is written with plain strings (issue 15's thirteenth pass): the same bytes
    as Django's ``flatatt`` and ``format_html`` wrote, every value escaped as they escape it."""
    widget = PlainSelect(choices=HOURS, attrs={"autocomplete": "off"})
    for value in (None, 7, ["3", "<x>"]):
        with translation.override("es"):
            ours = widget.render(name, value, attrs)
            options = _spliced(HOURS, {str(v) for v in widget.format_value(value)})
            final = widget.build_attrs(widget.attrs, attrs)
            theirs = format_html('<select name="{}"{}>{}\n</select>', name, flatatt(final), options)
        assert ours == theirs and isinstance(ours, SafeString)
        assert "<b>" not in ours
    assert _flat(attrs) == flatatt(attrs)
