"""The overlay format for translated content files (interdepend.core.translation)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from interdepend.content import CONTENT_DIR
from interdepend.core import translation
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
