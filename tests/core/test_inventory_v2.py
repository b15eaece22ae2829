"""The content rules of the inventory's version 2, held by tests so an edit cannot undo them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interdepend.core.errors import InstrumentError
from interdepend.core.instrument import Item, load_builtin, load_instrument

V2 = load_builtin("interdependence_inventory_v2")
V1 = load_builtin("interdependence_inventory_v1")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "inventory.md"
SOURCE = Path(V2.source)

#: Words that make a statement all-or-nothing or judging.
ABSOLUTE = re.compile(r"\b(only|always|never|everything|nothing|everyone|nobody|must)\b", re.I)
#: "and" / "or" inside a statement usually means two questions in one; these phrases are one.
ONE_THING = ("my partner and I", "My partner and I", "rises and falls")


def test_every_trait_of_the_articles_is_covered_by_two_statements_or_more() -> None:
    assert len(V2.traits) >= 40
    sources = {t.source for t in V2.traits}
    assert sources == {"codependence", "extreme independence", "hallmark", "practice"}
    for trait in V2.traits:
        covering = [i.id for i in V2.items if trait.id in i.covers]
        assert len(covering) >= 2, trait.id
    assert all(i.covers for i in V2.items), "every statement says what it covers"


@pytest.mark.parametrize("item", V2.items, ids=lambda i: i.id)
def test_one_question_per_statement_and_no_judging_words(item: Item) -> None:
    text = item.text
    assert not ABSOLUTE.search(text), text
    rest = text
    for phrase in ONE_THING:
        rest = rest.replace(phrase, "")
    assert not re.search(r"\b(and|or)\b", rest), text


def test_reverse_keyed_share_is_a_quarter_to_two_fifths_on_every_scale() -> None:
    for scale in V2.scales:
        items = V2.items_of(scale.id)
        share = sum(i.reverse for i in items) / len(items)
        assert 0.25 <= share <= 0.40, scale.id


def test_merging_has_named_facets_for_giving_way_and_taking_over() -> None:
    merging = V2.scale("enmeshment")
    assert merging.name == "Merging"
    facets = {f.id for f in merging.facets}
    assert {"giving_way", "taking_over", "swept_along"} == facets
    for facet in facets:
        assert len([i for i in V2.items_of("enmeshment") if i.facet_id == facet]) >= 5


def test_no_jargon_in_the_names_a_person_reads() -> None:
    shown = [s.name for s in V2.scales] + [d.name for d in V2.dynamics]
    shown += [f.name for s in V2.scales for f in s.facets]
    for word in ("Enmeshment", "Push-pull", "codependen", "differentiation"):
        assert not any(word.lower() in name.lower() for name in shown), word


def test_mirror_pairs_are_few_named_both_ways_and_listed_in_the_docs() -> None:
    pairs = {tuple(sorted((i.id, i.mirror_of))) for i in V2.items if i.mirror_of}
    assert len(pairs) == 3
    docs = DOCS.read_text(encoding="utf-8")
    for a, b in pairs:
        assert f"{a} / {b}" in docs or f"{b} / {a}" in docs


def test_version_2_keeps_the_scales_of_version_1_and_new_statement_ids() -> None:
    assert V2.scale_ids == V1.scale_ids
    assert not set(V2.item_ids) & set(V1.item_ids)
    # A few statements are kept word for word: anchors that link the two versions, each on the
    # same scale with the same keying, and named in the docs.
    docs = DOCS.read_text(encoding="utf-8")
    old = {i.text: i for i in V1.items}
    kept = [(old[i.text], i) for i in V2.items if i.text in old]
    assert 2 <= len(kept) <= 5
    for before, after in kept:
        assert (before.scale_id, before.reverse) == (after.scale_id, after.reverse)
        assert f"{before.id} → {after.id}" in docs


def test_the_docs_coverage_map_lists_every_statement_with_its_traits() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for item in V2.items:
        row = next((line for line in docs.splitlines() if line.startswith(f"| {item.id} |")), "")
        assert row, item.id
        for trait in item.covers:
            assert trait in row, (item.id, trait)


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_checks_fail_on_a_thin_trait_an_unknown_trait_and_a_one_sided_mirror(
    tmp_path: Path,
) -> None:
    assert load_instrument(_edited(tmp_path, "", "")).id == V2.id  # the copy itself loads
    with pytest.raises(InstrumentError, match="'uneasy_relied_on': only 1 item"):
        load_instrument(_edited(tmp_path, 'covers = ["uneasy_relied_on"]', 'covers = ["trust"]'))
    with pytest.raises(InstrumentError, match="unknown trait 'made_up'"):
        load_instrument(_edited(tmp_path, 'covers = ["live_values"]', 'covers = ["made_up"]'))
    with pytest.raises(InstrumentError, match="must name"):
        load_instrument(_edited(tmp_path, 'mirror_of = "mg01"', 'mirror_of = "mg02"'))


@pytest.mark.parametrize(
    "version", ["interdependence_inventory_v1", "interdependence_inventory_v2"]
)
def test_leaning_toward_distance_claims_no_strong_self_it_did_not_check(version: str) -> None:
    """The description is read by everyone the rule picks (Distance high, whatever Self): a
    person who scores low on Self and high on Distance is not told they stand firmly alone."""
    from interdepend.core.scoring import score_one
    from tests.core.assessment_personas import answers

    inventory = load_builtin(version)
    levels = {"self": 2, "bond": 3, "enmeshment": 2, "distance": 6}
    result = score_one(inventory, answers(levels, instrument=inventory))
    assert result.dynamic_id == "distant_leaning"
    self_score = result.score("self")
    assert self_score is not None and self_score < 40
    words = next(d.description for d in inventory.dynamics if d.id == "distant_leaning")
    assert "firmly" not in words and "arm's length" in words
