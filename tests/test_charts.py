"""Charts are drawn once per distinct input and remembered; any change in the data redraws."""

from __future__ import annotations

from datetime import date

from interdepend import charts


class LazyTitle:
    """Stands in for a lazily translated title: an object whose text is what counts."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(monkeypatch: object) -> None:
    drawn: list[int] = []
    finish = charts._finish

    def counting(figure: object) -> str:
        drawn.append(1)
        return finish(figure)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "_finish", counting)  # type: ignore[attr-defined]
    monkeypatch.setattr(charts, "_drawn", charts.OrderedDict())  # type: ignore[attr-defined]
    weeks = [date(2026, 1, 5), date(2026, 1, 12)]
    line = charts.WeeklyLine(label="Calm", weeks=weeks, values=[3.0, 4.0])
    first = charts.weekly_lines_svg([line], title="Mine")
    assert charts.weekly_lines_svg([line], title="Mine") == first
    assert len(drawn) == 1
    changed = charts.WeeklyLine(label="Calm", weeks=weeks, values=[3.0, 5.0])
    assert charts.weekly_lines_svg([changed], title="Mine") != first
    assert len(drawn) == 2
    charts.weekly_lines_svg([line], title=LazyTitle("Other"))  # type: ignore[arg-type]
    charts.weekly_lines_svg([line], title=LazyTitle("Another"))  # type: ignore[arg-type]
    assert len(drawn) == 4, "titles count by their text"
    assert "Another" in charts.weekly_lines_svg([line], title=LazyTitle("Another"))  # type: ignore[arg-type]
    assert len(drawn) == 4


def test_the_memory_is_bounded(monkeypatch: object) -> None:
    monkeypatch.setattr(charts, "_drawn", charts.OrderedDict())  # type: ignore[attr-defined]
    monkeypatch.setattr(charts, "REMEMBERED", 3)  # type: ignore[attr-defined]
    for n in range(5):
        charts.bars_svg(["a"], [float(n)])
    assert len(charts._drawn) == 3
