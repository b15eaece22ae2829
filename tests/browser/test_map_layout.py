"""In real Chromium, measured with the browser's own glyph boxes: on the Self x Bond map no
words sit on other words, a zone's words move off a person's dot and stay inside their own
quarter of the plane, and nothing is cut off at the chart's edge, however the two points fall,
in English and in Spanish."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from interdepend import charts
from interdepend.charts import MapPoint
from tests.web.test_map_words import words_for

pytestmark = pytest.mark.browser

LAYOUTS = {
    # The demo couple: her dot once sat on the last word of "close and your own self".
    "demo": [MapPoint("Maya", 83, 88, 36, 21), MapPoint("Jonah", 86, 54, 19, 73)],
    "apart": [MapPoint("Sam", 55, 96, 20, 20), MapPoint("Robin", 4, 4, 20, 80)],
    "alone": [MapPoint("Maya", 62, 71, 83, 20)],
    # Just under the middle: his name once stood above his dot, in the zone above.
    "just below the middle": [MapPoint("Omar", 52, 35, 41, 55)],
    "same height": [MapPoint("Ana", 30, 60, 40, 40), MapPoint("Bea", 70, 60, 40, 40)],
    # Two long names a few points apart in a corner: the hardest case the map meets.
    "crowded corner": [
        MapPoint("Alexandra", 10, 95, 80, 10),
        MapPoint("Jo", 20, 90, 70, 20),
    ],
}

MEASURE = """() => {
    const svg = document.querySelector("svg");
    const at = svg.getBoundingClientRect();
    const box = e => {
        const b = e.getBoundingClientRect();
        return [b.left - at.left, b.top - at.top, b.right - at.left, b.bottom - at.top];
    };
    return {
        texts: [...svg.querySelectorAll("text")].map(t => [t.textContent, ...box(t)]),
        muted: [...svg.querySelectorAll("text")]
            .filter(t => t.getAttribute("fill") === "#5d636a")
            .map(t => [t.textContent, ...box(t)]),
        plane: [...svg.querySelectorAll("path")]
            .filter(l => l.getAttribute("stroke") === "#5d636a")
            .map(box),
        dots: [...svg.querySelectorAll("circle")].map(box),
        middle: [...svg.querySelectorAll("path")]
            .filter(l => l.getAttribute("stroke") === "#d9d5cc")
            .map(box),
        view: at.width,
    };
}"""


def meets(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    return (
        a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]
    )


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_maps_words_stand_clear_of_each_other(
    browser: Browser, name: str, language: str
) -> None:
    points = LAYOUTS[name]
    words = charts.ENGLISH if language == "en" else words_for(language, "couple")
    svg = charts.map_svg(points, title="Where you each stand", words=words)
    page = browser.new_page()
    page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
    found = page.evaluate(MEASURE)
    page.close()
    texts = [(str(t[0]), [float(v) for v in t[1:]]) for t in found["texts"]]
    over_words = [
        (a, b)
        for i, (a, box) in enumerate(texts)
        for b, other in texts[i + 1 :]
        if meets(box, other)
    ]
    assert not over_words, over_words
    zones = {row[0] for row in found["muted"]} - {"0", "50", "100"}
    assert not zones_across_an_axis(found), zones_across_an_axis(found)
    over_dots = [
        word
        for word, box in texts
        if any(meets(box, dot) for dot in found["dots"])
        and (word in zones or name != "crowded corner")
    ]
    assert not over_dots, over_dots
    cut = [word for word, box in texts if box[0] < 0 or box[2] > found["view"] or box[1] < 0]
    assert not cut, cut
    if name in IN_OWN_ZONE:
        assert names_in_own_zone(points, texts, found) == [p.label for p in points]


def zones_across_an_axis(found: dict[str, Any]) -> list[str]:
    """The zones' words that cross the middle lines or the plane's edge."""
    (across,) = [line for line in found["middle"] if line[3] - line[1] < 2]
    (up,) = [line for line in found["middle"] if line[2] - line[0] < 2]
    (bottom,) = [line for line in found["plane"] if line[3] - line[1] < 2]
    (left,) = [line for line in found["plane"] if line[2] - line[0] < 2]
    mid_x, mid_y = up[0], across[1]
    crossing = []
    for word, *box in found["muted"]:
        if box[0] < left[0] or box[1] > bottom[1]:
            continue  # the axes' numbers, outside the plane
        if box[0] < mid_x < box[2] or box[1] < mid_y < box[3] or box[2] > bottom[2]:
            crossing.append(word)
        if box[0] < left[2] + 1 or box[3] > bottom[1] - 1 or box[1] < left[1]:
            crossing.append(word)
    return crossing


# Where there is room, each name stands in its own person's zone, not across the middle.
IN_OWN_ZONE = {"apart", "alone", "just below the middle", "same height"}


def names_in_own_zone(
    points: list[MapPoint], texts: list[tuple[str, list[float]]], found: dict[str, Any]
) -> list[str]:
    (across,) = [line for line in found["middle"] if line[3] - line[1] < 2]
    (up,) = [line for line in found["middle"] if line[2] - line[0] < 2]
    mid_x, mid_y = up[0], across[1]
    inside = []
    for point in points:
        (box,) = [box for word, box in texts if word == point.label]
        right, high = point.self_score >= 50, point.bond_score >= 50
        if (box[0] >= mid_x if right else box[2] <= mid_x) and (
            box[3] <= mid_y if high else box[1] >= mid_y
        ):
            inside.append(point.label)
    return inside
