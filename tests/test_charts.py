"""Charts are drawn once per distinct input and remembered; any change in the data redraws."""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import date, timedelta
from typing import cast
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdepend import charts
from interdepend.charts import drawing, plots


class LazyTitle:
    """Stands in for a lazily translated title: an object whose text is what counts."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def lazy(text: str) -> str:
    """A title as ``gettext_lazy`` makes one, handed over where a ``str`` is declared."""
    return cast(str, LazyTitle(text))


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[int] = []
    finish = drawing._finish

    def counting(canvas: drawing._Canvas) -> str:
        drawn.append(1)
        return finish(canvas)

    monkeypatch.setattr(plots, "_finish", counting)
    monkeypatch.setattr(drawing, "_drawn", OrderedDict())
    weeks = [date(2026, 1, 5), date(2026, 1, 12)]
    line = charts.WeeklyLine(label="Calm", weeks=weeks, values=[3.0, 4.0])
    first = charts.weekly_lines_svg([line], title="Mine")
    assert charts.weekly_lines_svg([line], title="Mine") == first
    assert len(drawn) == 1
    changed = charts.WeeklyLine(label="Calm", weeks=weeks, values=[3.0, 5.0])
    assert charts.weekly_lines_svg([changed], title="Mine") != first
    assert len(drawn) == 2
    charts.weekly_lines_svg([line], title=lazy("Other"))
    charts.weekly_lines_svg([line], title=lazy("Another"))
    assert len(drawn) == 4, "titles count by their text"
    assert "Another" in charts.weekly_lines_svg([line], title=lazy("Another"))
    assert len(drawn) == 4


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drawing, "_drawn", OrderedDict())
    monkeypatch.setattr(drawing, "REMEMBERED", 3)
    for n in range(5):
        charts.bars_svg(["a"], [float(n)])
    assert len(drawing._drawn) == 3


#: Every name ``interdepend.charts`` offered when it was one module; the package keeps them all.
PUBLIC = [
    "BOLD_CHAR",
    "CHAR",
    "Chart",
    "DARK",
    "DARK_CSS",
    "ENGLISH",
    "Estimate",
    "FONT",
    "GRID",
    "INK",
    "LABEL_GAP",
    "LINE_COLOURS",
    "MUTED",
    "MapPoint",
    "NO_CHECKINS",
    "NO_STEPS",
    "ONE_CHECKIN",
    "PAPER",
    "PERSON_COLOURS",
    "REGULAR_CHAR",
    "REMEMBERED",
    "TEXT",
    "TITLE",
    "WARNING",
    "WIDTH",
    "WeeklyLine",
    "Words",
    "ZONES",
    "ZONE_CLEAR",
    "ZONE_INSET",
    "balance_svg",
    "bars_svg",
    "carryover_svg",
    "map_svg",
    "weekly_lines_svg",
]


def test_the_charts_package_offers_every_name_the_module_did() -> None:
    assert sorted(charts.__all__) == sorted(PUBLIC)
    assert [name for name in PUBLIC if not hasattr(charts, name)] == []


# What the charts show: empty and sparse states, small multiples, text size, warning colours ---

SIX_ITEMS = ("Time for me", "Supported", "Said what I needed", "Heard", "Word kept", "Close")


def _svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(svg: str) -> list[str]:
    return [node.text or "" for node in _svg(svg).findall(".//{*}text")]


def _weeks(n: int) -> list[date]:
    return [date(2026, 1, 5) + timedelta(weeks=k) for k in range(n)]


def _data_lines(svg: str) -> list[list[tuple[float, float]]]:
    """The points of each data line (a 2-unit unfilled path through more than two points;
    axes and grid lines are thinner)."""
    found = []
    for path in _svg(svg).findall(".//{*}path"):
        if path.get("stroke-width") == "2" and path.get("fill") == "none":
            pairs = re.findall(r"(-?[\d.]+),(-?[\d.]+)", path.get("d", ""))
            found.append([(float(x), float(y)) for x, y in pairs])
    return found


def test_no_checkins_say_in_words_what_will_appear_and_draw_no_axes() -> None:
    lines = [charts.WeeklyLine(label, [], []) for label in SIX_ITEMS]
    svg = charts.weekly_lines_svg(lines, title="Mine", empty="After the first check-in…")
    assert "After the first check-in…" in _texts(svg)
    assert not _svg(svg).findall(".//{*}path"), "no axis, no grid, no line"
    assert not any(re.search(r"[-−]\d", text) for text in _texts(svg)), "no negative axis"


def test_no_steps_say_so_in_words_and_never_show_negative_steps() -> None:
    weeks = _weeks(26)
    svg = charts.balance_svg(weeks, [0] * 26, [0] * 26, title="Goals", empty="No steps yet.")
    assert "No steps yet." in _texts(svg)
    assert not any(re.search(r"[-−]\d", text) for text in _texts(svg))
    drawn = charts.balance_svg(weeks, [0] * 25 + [1], [0] * 26, title="Goals")
    assert [t for t in _texts(drawn) if t.isdigit()] == ["0", "1"], "whole steps from 0"


def test_one_checkin_keeps_the_time_axis_on_its_week() -> None:
    lines = [charts.WeeklyLine(label, [date(2026, 3, 2)], [4.0]) for label in SIX_ITEMS]
    svg = charts.weekly_lines_svg(lines, sparse="One week so far.")
    texts = _texts(svg)
    assert "One week so far." in texts
    years = {year for text in texts for year in re.findall(r"\b20\d\d\b", text)}
    assert years == {"2026"}, years
    assert not _data_lines(svg), "one week is a dot, not a line"


def _dot_radii(svg: str) -> set[float]:
    return {float(c.get("r", "0")) for c in _svg(svg).iter("{http://www.w3.org/2000/svg}circle")}


def test_a_lone_week_is_a_dot_to_see_and_a_year_of_weeks_small_beads_on_its_line() -> None:
    one = charts.weekly_lines_svg([charts.WeeklyLine("A", [date(2026, 3, 2)], [4.0])] * 2)
    assert _dot_radii(one) == {5.0}
    weeks = _weeks(52)
    year = charts.weekly_lines_svg(
        [charts.WeeklyLine(label, weeks, [4.0 + (n % 3) for n in range(52)]) for label in "AB"]
    )
    assert _dot_radii(year) and max(_dot_radii(year)) <= 2.5


def test_six_items_are_six_small_charts_each_with_its_own_line() -> None:
    weeks = _weeks(5)
    lines = [charts.WeeklyLine(label, weeks, [3.0, 4.0, 5.0, 4.0, 6.0]) for label in SIX_ITEMS]
    svg = charts.weekly_lines_svg(lines)
    lines_drawn = _data_lines(svg)
    assert len(lines_drawn) == 6
    for points in lines_drawn:
        xs = [x for x, _y in points]
        assert len(points) == 5
        assert max(xs) - min(xs) < charts.WIDTH / 2, "each line stays in its own half-width panel"
    assert all(label in _texts(svg) for label in SIX_ITEMS)


def _all_charts() -> dict[str, str]:
    weeks = _weeks(8)
    return {
        "map": charts.map_svg([charts.MapPoint("Maya", 62, 71, 83, 20)], title="Maya"),
        "lines": charts.weekly_lines_svg(
            [charts.WeeklyLine(label, weeks, [4.0] * 8) for label in SIX_ITEMS], title="Mine"
        ),
        "balance": charts.balance_svg(weeks, [1] * 8, [2] * 8, title="Goals"),
        "carry-over": charts.carryover_svg(
            [charts.Estimate("Maya → Sam", 0.2, -0.3, 0.6)], (-0.4, 0.4), title="Carry-over"
        ),
        "bars": charts.bars_svg(["Self", "Enmeshment"], [60.0, 83.0], warnings=[False, True]),
    }


#: The narrowest a chart is shown: inside a card at 390 px (measured in the browser test).
PHONE_COLUMN = 311


@pytest.mark.parametrize(("kind", "svg"), _all_charts().items())
def test_chart_text_is_at_least_12px_in_a_phones_column(kind: str, svg: str) -> None:
    root = _svg(svg)
    view_width = float(root.get("viewBox", "").split()[2])
    base = float(root.get("font-size", "0"))
    sizes = [float(node.get("font-size", base)) for node in root.findall(".//{*}text")]
    assert sizes, kind
    assert min(sizes) * PHONE_COLUMN / view_width >= 12, kind


def test_a_warning_sign_never_gets_the_colour_of_a_strength() -> None:
    svg = charts.bars_svg(
        ["Self", "Bond", "Enmeshment", "Distance"],
        [60.0, 70.0, 83.0, 40.0],
        warnings=[False, False, True, True],
    )
    bars = [r.get("fill") for r in _svg(svg).findall(".//{*}rect")]
    assert bars.count(charts.WARNING) == 2
    assert charts.WARNING not in charts.PERSON_COLOURS + charts.LINE_COLOURS
    assert any("warning sign" in text for text in _texts(svg))


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("kind", "svg"), _all_charts().items())
def test_every_colour_a_chart_uses_has_its_dark_counterpart(kind: str, svg: str) -> None:
    root = _svg(svg)
    style = "".join(node.text or "" for node in root.iter("{http://www.w3.org/2000/svg}style"))
    assert "@media (prefers-color-scheme: dark)" in style, kind
    used = {
        node.get(attribute)
        for node in root.iter()
        for attribute in ("fill", "stroke")
        if (node.get(attribute) or "none").startswith("#")
    }
    assert used, kind
    for colour in used:
        assert colour in charts.DARK, f"{kind}: {colour} has no colour for a dark page"
        for attribute in ("fill", "stroke"):
            assert f'[{attribute}="{colour}"]{{{attribute}:{charts.DARK[colour]}}}' in style


def test_words_and_lines_keep_their_contrast_on_a_dark_page() -> None:
    ground = charts.DARK[charts.PAPER]
    assert _luminance(ground) < 0.05
    for colour in (charts.INK, charts.MUTED, charts.WARNING, *charts.LINE_COLOURS):
        # Light: as drawn on white; dark: its counterpart on the dark ground (WCAG AA, 4.5:1).
        assert _contrast(colour, charts.PAPER) >= 4.5, colour
        assert _contrast(charts.DARK[colour], ground) >= 4.5, colour
    # A warning sign stays apart from every strength's colour on a dark page too.
    dark_strengths = {charts.DARK[c] for c in charts.PERSON_COLOURS + charts.LINE_COLOURS}
    assert charts.DARK[charts.WARNING] not in dark_strengths


# A skipped week breaks the line (the time audit, M1) ------------------------------------------


def _expected_runs(weeks: list[date]) -> list[int]:
    """The lengths of the runs of weeks next to each other, in order."""
    runs: list[int] = []
    for index, week in enumerate(weeks):
        if index and (week - weeks[index - 1]).days == 7:
            runs[-1] += 1
        else:
            runs.append(1)
    return runs


def test_a_skipped_week_breaks_the_line_and_a_week_alone_is_a_dot() -> None:
    """Ana's weeks of the audit: two joined at New Year, one alone in June, two in November."""
    weeks = [date(2025, 12, 29), date(2026, 1, 5), date(2026, 6, 1)]
    weeks += [date(2026, 11, 23), date(2026, 11, 30)]
    svg = charts.weekly_lines_svg([charts.WeeklyLine("A", weeks, [4.0, 5.0, 3.0, 6.0, 2.0])])
    drawn = _data_lines(svg)
    assert [len(points) for points in drawn] == [2, 2], "no line across January to November"
    assert len(_svg(svg).findall(".//{*}circle")) == 5
    assert min(_dot_radii(svg)) >= plots.LONE_RADIUS, "the June week is a dot to see"


@given(
    st.lists(st.integers(min_value=0, max_value=103), min_size=1, max_size=60, unique=True),
    st.integers(min_value=1, max_value=6),
)
def test_a_line_joins_only_weeks_next_to_each_other(numbers: list[int], panels: int) -> None:
    weeks = sorted(date(2025, 1, 6) + timedelta(weeks=n) for n in numbers)
    values = [float(1 + n % 7) for n in range(len(weeks))]
    lines = [charts.WeeklyLine(f"Q{k}", weeks, values) for k in range(panels)]
    svg = charts.weekly_lines_svg(lines)
    runs = _expected_runs(weeks)
    drawn = _data_lines(svg)
    assert sorted(len(points) for points in drawn) == sorted(
        [length for length in runs if length > 1] * panels
    )
    circles = _svg(svg).findall(".//{*}circle")
    assert len(circles) == len(weeks) * panels, "every answered week keeps its dot"
    if 1 in runs:
        assert max(_dot_radii(svg)) >= plots.LONE_RADIUS, "a week alone is a dot to see"


def test_a_missing_value_breaks_the_line_as_a_missing_week_does() -> None:
    weeks = _weeks(5)
    svg = charts.weekly_lines_svg([charts.WeeklyLine("A", weeks, [4.0, 5.0, None, 3.0, 2.0])])
    assert [len(points) for points in _data_lines(svg)] == [2, 2]
    skipped = [week for k, week in enumerate(weeks) if k != 2]
    svg = charts.weekly_lines_svg([charts.WeeklyLine("A", skipped, [4.0, 5.0, 3.0, 2.0])])
    assert [len(points) for points in _data_lines(svg)] == [2, 2]


# The weeks under a chart carry their year when it is not this year (the time audit, L1) -------


def test_weeks_of_another_year_are_written_with_their_year() -> None:
    weeks = [date(2025, 3, 3), date(2025, 9, 8)]
    lines = [charts.WeeklyLine("A", weeks, [4.0, 5.0])]
    texts = _texts(charts.weekly_lines_svg(lines, this_year=2026))
    assert "Mar 2025" in texts and "Sep 2025" in texts
    texts = _texts(charts.weekly_lines_svg(lines, this_year=2025))
    assert "3 Mar" in texts and "8 Sep" in texts
    spanning = [date(2025, 12, 29), date(2026, 1, 5)]
    texts = _texts(charts.weekly_lines_svg([charts.WeeklyLine("A", spanning, [4.0, 5.0])]))
    assert "Dec 2025" in texts and "Jan 2026" in texts


def _bars(svg: str) -> list[tuple[float, float]]:
    """Each drawn bar's left edge and width: the filled rectangles with a height inside the
    plot (right of its step numbers, at 36), not the paper or the legend's keys."""
    found = []
    for rect in _svg(svg).iter("{http://www.w3.org/2000/svg}rect"):
        x, height = float(rect.get("x", "0")), float(rect.get("height", "0"))
        if height > 0 and x >= 36:
            found.append((x, float(rect.get("width", "0"))))
    return found


def test_a_first_weeks_single_goal_bar_is_a_bar_with_its_whole_date_under_it() -> None:
    """A couple's first week: one step noted. The bar was as wide as the chart allowed for
    26 weeks only because half a year of empty weeks stood before it; alone it filled the
    chart. It stays as narrow as one week of eight, at the right, dated with its year."""
    svg = charts.balance_svg([date(2026, 11, 30)], [1], [0], title="Goals")
    bars = _bars(svg)
    assert len(bars) == 1
    _x, bar = bars[0]
    assert bar <= charts.WIDTH / plots.BAR_SLOTS
    dates = [t for t in _texts(svg) if "Nov" in t]
    assert dates == ["30 Nov 2026"]


def test_two_weeks_of_goal_bars_keep_their_dates_apart() -> None:
    svg = charts.balance_svg([date(2026, 11, 23), date(2026, 11, 30)], [1, 2], [0, 1])
    texts = _svg(svg).findall(".//{*}text")
    dates = [t for t in texts if (t.text or "").endswith("Nov")]
    assert [t.text for t in dates] == ["30 Nov"], "the first date would run into the last"
    eight = charts.balance_svg(_weeks(8), [1] * 8, [0] * 8)
    assert [t for t in _texts(eight) if t in ("5 Jan", "23 Feb")] == ["23 Feb", "5 Jan"]
