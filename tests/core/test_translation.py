"""The overlay format for translated content files (interdepend.core.translation)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from interdepend.content import CONTENT_DIR
from interdepend.core import translation
from interdepend.core.content import Practice, Prompt
from interdepend.core.daily import DailyQuestion
from interdepend.core.errors import ContentError

RAW = {
    "id": "demo_v1",
    "version": "1.0.0",
    "kind": "inventory",
    "title": "A title",
    "response_scale": {"anchors": [{"value": 1, "label": "No"}, {"value": 2, "label": "Yes"}]},
    "flag": {"message": "Help is near.", "resources": ["Line one", "Line two"]},
    "scales": [
        {"id": "self", "kind": "axis", "name": "Self", "facets": [{"id": "f", "name": "F"}]}
    ],
    "traits": [{"id": "t1", "name": "Only in the docs"}],
    "items": [{"id": "a01", "scale": "self", "facet": "f", "text": "I know what I value."}],
}


def _translation(text: dict[str, str], **header: str) -> translation.Translation:
    return translation.Translation(
        source=header.get("source", "demo_v1"),
        source_version=header.get("source_version", "1.0.0"),
        language="es",
        version="1.0.0",
        validated=False,
        text=text,
    )


def test_paths_name_every_text_and_nothing_structural() -> None:
    assert translation.text_paths(RAW) == {
        "title": "A title",
        "response_scale.anchors.1.label": "No",
        "response_scale.anchors.2.label": "Yes",
        "flag.message": "Help is near.",
        "flag.resources.0": "Line one",
        "flag.resources.1": "Line two",
        "scales.self.name": "Self",
        "scales.self.facets.f.name": "F",
        "items.a01.text": "I know what I value.",
    }


def test_overlay_replaces_words_and_keeps_structure() -> None:
    words = {key: f"[{value}]" for key, value in translation.text_paths(RAW).items()}
    out = translation.overlay(RAW, _translation(words))
    assert out["items"][0] == {
        "id": "a01",
        "scale": "self",
        "facet": "f",
        "text": "[I know what I value.]",
    }
    assert out["flag"]["resources"] == ["[Line one]", "[Line two]"]
    assert out["response_scale"]["anchors"][1] == {"value": 2, "label": "[Yes]"}
    assert out["traits"] == RAW["traits"]
    assert RAW["title"] == "A title"  # the original is untouched


def test_check_names_missing_extra_blank_and_stale() -> None:
    words = dict(translation.text_paths(RAW))
    del words["title"]
    words["items.zz.text"] = "?"
    words["flag.message"] = " "
    problems = translation.check(RAW, _translation(words, source_version="0.9.0"))
    assert "title: not translated" in problems
    assert "items.zz.text: the original has no such text" in problems
    assert "flag.message: blank" in problems
    assert any("version 0.9.0" in p for p in problems)
    with pytest.raises(ContentError, match="not translated"):
        translation.overlay(RAW, _translation(words))


def test_skeleton_reads_back_and_fits(tmp_path: Path) -> None:
    source = CONTENT_DIR / "interdependence_inventory_v2.toml"
    target = tmp_path / "es.toml"
    target.write_text(translation.skeleton(source, "es"), encoding="utf-8")
    raw = tomllib.loads(source.read_text(encoding="utf-8"))
    assert translation.check(raw, translation.read_translation(target)) == []


def test_a_broken_file_is_named(tmp_path: Path) -> None:
    target = tmp_path / "bad.toml"
    target.write_text('source = "x"\n[text]\n"a" = 3\n', encoding="utf-8")
    with pytest.raises(ContentError, match="bad.toml"):
        translation.read_translation(target)


# Loading content in a language ------------------------------------------------------------------


@pytest.fixture
def made_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every content file translated into the made-up language (its words in ⟦ ⟧)."""
    from interdepend.core import content, daily, instrument
    from tests.pseudo import PSEUDO, write_overlays

    write_overlays(tmp_path)
    monkeypatch.setattr(translation, "EXTRA_FOLDERS", [tmp_path])
    for cached in (content.load_prompts, content.load_practices, daily.load_questions):
        cached.cache_clear()
    monkeypatch.setattr(instrument, "_CACHE", {})
    return PSEUDO


def test_an_instrument_in_another_language_scores_the_same(made_up: str) -> None:
    from interdepend.core.instrument import load_builtin
    from interdepend.core.scoring import score_one

    english = load_builtin("interdependence_inventory_v2")
    other = load_builtin("interdependence_inventory_v2", made_up)
    assert (english.language, english.language_version) == ("en", "")
    assert (other.language, other.language_version) == (made_up, "0.0.1")
    assert not other.validated_translation
    assert other.items[0].text == f"⟦{english.items[0].text.strip()}⟧"
    assert other.item_ids == english.item_ids
    answers = {item_id: 1 + n % 7 for n, item_id in enumerate(english.item_ids)}
    assert [s.score for s in score_one(other, answers).scales] == [
        s.score for s in score_one(english, answers).scales
    ]


def test_a_language_nobody_translated_into_is_the_english(made_up: str) -> None:
    from interdepend.core.instrument import load_builtin

    found = load_builtin("interdependence_inventory_v2", "xx")
    assert found.language == "en"
    assert found == load_builtin("interdependence_inventory_v2")


def test_prompts_practices_and_questions_come_in_the_language(made_up: str) -> None:
    from interdepend.core import content, daily

    pairs: list[tuple[Sequence[Prompt | Practice | DailyQuestion], ...]] = [
        (content.load_prompts(), content.load_prompts(language=made_up)),
        (content.load_practices(), content.load_practices(language=made_up)),
        (daily.load_questions(), daily.load_questions(language=made_up)),
    ]
    for english, other in pairs:
        assert [e.id for e in other] == [e.id for e in english]
        assert all(o.text == f"⟦{e.text.strip()}⟧" for o, e in zip(other, english, strict=True))
    day = date(2026, 11, 30)
    picked = [
        daily.question_for("seed", day, ["self"], for_two=True, language=language)
        for language in ("en", made_up)
    ]
    assert picked[0].id == picked[1].id
    assert daily.question_text(picked[0].id, made_up).startswith("⟦")


def test_a_translation_that_no_longer_fits_stops_the_load(made_up: str, tmp_path: Path) -> None:
    from interdepend.core.errors import InstrumentError
    from interdepend.core.instrument import load_builtin

    target = tmp_path / made_up / "safety_screen_v1.toml"
    target.write_text(target.read_text().replace('source_version = "', 'source_version = "9'))
    with pytest.raises(InstrumentError, match="made from version 9"):
        load_builtin("safety_screen_v1", made_up)
