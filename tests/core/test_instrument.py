"""Loading and validating instrument files: every bad file names the file, the place, the fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interdepend.content import CONTENT_DIR
from interdepend.core.errors import InstrumentError, UnknownInstrument
from interdepend.core.instrument import (
    Instrument,
    InstrumentKind,
    Op,
    ScaleKind,
    builtin_instruments,
    check_instruments,
    load_builtin,
    load_instrument,
)

SOURCE = (CONTENT_DIR / "interdependence_inventory_v1.toml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert old in SOURCE, old
    path = tmp_path / "broken.toml"
    path.write_text(SOURCE.replace(old, new, count), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    return str(caught.value)


def test_inventory_has_the_promised_shape() -> None:
    inventory = load_builtin("interdependence_inventory_v1")
    assert inventory.scale_ids == ("self", "bond", "enmeshment", "distance")
    assert 48 <= len(inventory.items) <= 72
    assert [len(inventory.scale(s).facets) for s in ("self", "bond")] == [4, 4]
    assert inventory.scale("self").kind is ScaleKind.AXIS
    assert inventory.scale("distance").kind is ScaleKind.POLE
    assert [d.id for d in inventory.dynamics] == [
        "push_pull",
        "enmeshed_leaning",
        "distant_leaning",
        "interdependent",
        "still_forming",
    ]
    assert inventory.dynamics[-1].is_fallback


@pytest.mark.parametrize("instrument", builtin_instruments(), ids=lambda i: i.id)
def test_every_scale_is_25_to_40_percent_reverse_keyed(instrument: Instrument) -> None:
    if instrument.kind is InstrumentKind.SCREEN:
        pytest.skip("a safety screen has no reverse-keyed items on purpose")
    for scale in instrument.scales:
        items = instrument.items_of(scale.id)
        assert 0.25 <= sum(i.reverse for i in items) / len(items) <= 0.40, scale.id


def test_every_facet_has_items() -> None:
    inventory = load_builtin("interdependence_inventory_v1")
    for scale in inventory.scales:
        used = {i.facet_id for i in inventory.items_of(scale.id)}
        assert used == {f.id for f in scale.facets}, scale.id


def syllables(word: str) -> int:
    groups = re.findall(r"[aeiouy]+", word.lower())
    return max(1, len(groups) - (word.lower().endswith("e") and len(groups) > 1))


def test_items_read_at_about_grade_eight() -> None:
    texts = [i.text for i in load_builtin("interdependence_inventory_v1").items]
    words = [w for t in texts for w in re.findall(r"[A-Za-z']+", t)]
    grade = 0.39 * len(words) / len(texts) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
    assert grade <= 8.5


def test_partner_form_covers_every_scale() -> None:
    form = load_builtin("partner_perception_v1")
    assert form.kind is InstrumentKind.PERCEPTION
    assert all(form.items_of(s) for s in ("self", "bond", "enmeshment", "distance"))


def test_safety_screen_has_flag_and_resources() -> None:
    screen = load_builtin("safety_screen_v1")
    assert screen.flag is not None and screen.flag.at_or_above == 2
    assert any("emergency" in r for r in screen.flag.resources)
    assert not any(re.search(r"\d{3}", r) for r in screen.flag.resources)  # no invented numbers


def test_check_instruments_summarizes_every_builtin() -> None:
    summaries = {s.instrument_id: s for s in check_instruments()}
    inventory = summaries["interdependence_inventory_v1"]
    assert inventory.items == sum(s.items for s in inventory.scales)
    assert {s.scale_id: s.reverse for s in inventory.scales}["enmeshment"] == 5


def test_unknown_builtin_names_the_known_ones() -> None:
    with pytest.raises(UnknownInstrument, match="interdependence_inventory_v1"):
        load_builtin("nope")


def test_condition_operators() -> None:
    assert Op(">=").compare(55, 55) and not Op("<").compare(45, 45)
    assert Op.GE.wants_high and not Op.LT.wants_high


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('id = "s02"', 'id = "s01"', "item 's01': duplicate item id"),
        (
            'scale = "self"\nfacet = "own_life"',
            'scale = "selff"\nfacet = "own_life"',
            "item 's04': unknown scale 'selff'",
        ),
        (
            'facet = "own_life"\ntext = "I keep up',
            'facet = "own_lif"\ntext = "I keep up',
            "item 's05': unknown facet 'own_lif'",
        ),
        (
            'text = "I keep up friendships outside of my relationship."',
            'text = "   "',
            "item 's05': text is empty",
        ),
        (
            'text = "I keep up friendships outside of my relationship."',
            "",
            "item 's05': text is missing",
        ),
        (
            'text = "I keep up friendships outside of my relationship."',
            'text = "' + "very " * 40 + '"',
            "item 's05': text is 199 characters",
        ),
        (
            'text = "I keep up friendships outside of my relationship."',
            'text = "I can count on my partner to do what they say they will do."',
            "item 'b10': same text as item 's05'",
        ),
        ('reverse = true\ntext = "I have put', 'reverse = 1\ntext = "I have put', "item 's06'"),
        ('{ value = 4, label = "In between or unsure" },', "", "response_scale: anchors"),
        ('{ value = 4, label = "In between or unsure" }', '{ value = 4, label = "" }', "anchor 4"),
        ("min = 1\nmax = 7", "min = 7\nmax = 1", "response_scale: need 0 <= min < max"),
        (
            '{ scale = "distance", op = ">=", value = 55 },',
            '{ scale = "dist", op = ">=", value = 55 },',
            "dynamic 'push_pull': condition on unknown scale 'dist'",
        ),
        ('op = ">=", value = 55 },', 'op = "=>", value = 55 },', "dynamic 'push_pull': op '=>'"),
        ('op = ">=", value = 55 },', 'op = ">=", value = 155 },', "threshold 155 is outside"),
        (
            "conditions = []",
            'conditions = [{ scale = "self", op = ">", value = 1 }]',
            "the last, must have no conditions",
        ),
        ('kind = "inventory"', 'kind = "quiz"', "header: kind 'quiz'"),
        (
            'name = "Self"\nkind = "axis"',
            'name = "Self"\nkind = "axle"',
            "scale 'self': kind 'axle'",
        ),
        ("prorate_min_share = 0.8", "prorate_min_share = 1.5", "scoring: prorate_min_share 1.5"),
    ],
)
def test_bad_file_names_file_place_and_fault(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    message = load_error(broken(tmp_path, old, new))
    assert message.startswith("broken.toml: ")
    assert expected in message


def test_reverse_share_out_of_bounds_names_the_scale(tmp_path: Path) -> None:
    text = SOURCE.replace('reverse = true\ntext = "In big', 'text = "In big').replace(
        'reverse = true\ntext = "I have put', 'text = "I have put'
    )
    path = tmp_path / "few_reversed.toml"
    path.write_text(text, encoding="utf-8")
    message = load_error(path)
    assert "few_reversed.toml: scale 'self': 17% of its 12 items are reverse-keyed" in message
    assert "25%-40%" in message


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    assert "no such file" in load_error(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("id = [", encoding="utf-8")
    assert load_error(bad).startswith("bad.toml: cannot read it as TOML")


def test_screen_without_flag_is_refused(tmp_path: Path) -> None:
    source = (CONTENT_DIR / "safety_screen_v1.toml").read_text(encoding="utf-8")
    path = tmp_path / "screen.toml"
    path.write_text(source.replace("[flag]", "[unused]"), encoding="utf-8")
    assert "screen.toml: flag: a screen needs a [flag] table" in load_error(path)


def test_instruments_are_frozen() -> None:
    inventory = load_builtin("interdependence_inventory_v1")
    with pytest.raises(AttributeError):
        inventory.items[0].text = "changed"  # type: ignore[misc]  # the write under test
