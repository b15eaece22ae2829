"""``frame.sections``: a template's fixed text in sections, drawn once, values put in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from interdepend.web.frame import sections

SOURCE = """{# The file's own comment, no part of the page. #}
{# section:body #}<h2>{% translate "Your account" %}</h2>{# part:name #}<p>{# part:count #}</p>
{# section:empty #}<p>{% translate "Your account" %}</p>
"""


@pytest.fixture
def source(tmp_path: Path) -> sections.Sources:
    path = tmp_path / "_body.html"
    path.write_text(SOURCE)
    return sections.read(path)


def test_a_file_splits_into_its_sections_and_their_markers(source: sections.Sources) -> None:
    assert list(source) == ["body", "empty"]
    assert source["body"][1] == ("name", "count")
    assert len(source["body"][0]) == 3
    assert source["empty"][1] == ()


def test_each_section_is_drawn_in_the_language_active_and_joined_around_its_values(
    source: sections.Sources,
) -> None:
    with translation.override("es"):
        drawn = sections.draw(source)
    text = sections.joined(source, drawn, "body", {"name": "&lt;b&gt;", "count": "3"})
    assert "&lt;b&gt;<p>3</p>" in text
    assert text.startswith("<h2>Tu cuenta</h2>")  # drawn in the language active
    assert sections.joined(source, drawn, "empty", {}) == "<p>Tu cuenta</p>\n"


def test_a_missing_value_is_an_error_not_an_empty_place(source: sections.Sources) -> None:
    drawn = sections.draw(source)
    with pytest.raises(KeyError):
        sections.joined(source, drawn, "body", {"name": "x"})
