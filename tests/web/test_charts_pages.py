"""The same chart in the page and in the PDF: each report embeds the very SVG its page shows."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interdepend import charts
from interdepend.web.frame import pdf
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def _embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    embed = pdf.svg_data_uri

    def recording(svg: str) -> str:
        seen.append(svg)
        return embed(svg)

    monkeypatch.setattr(pdf, "svg_data_uri", recording)
    return seen


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_couple_report_embeds_the_map_the_couple_view_shows(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_user(personas.alice)
    embedded = _embedded(monkeypatch)
    report = client.get(reverse("couple:report"))
    page = client.get(reverse("couple:map"))
    assert page["Content-Type"] == "image/svg+xml"
    assert embedded == [page.content.decode()]
    words = _text(report.content)
    assert "turning toward each other" in words, "the chart's words are drawn in the PDF"
    assert "both still" in words, "and so are a zone's"


def test_the_personal_report_embeds_the_map_the_result_page_shows(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_user(personas.alice)
    embedded = _embedded(monkeypatch)
    attempt = personas.finished_attempt_id
    client.get(reverse("assessment:report", args=[attempt]))
    page = client.get(reverse("assessment:map", args=[attempt]))
    assert embedded == [page.content.decode()]


def _light_share(svg: str, tmp: Path) -> float:
    """The share of a PDF page holding only this chart that comes out light."""
    page = (
        "<style>@page { size: 400px 420px; margin: 0 } body { margin: 0 }</style>"
        f'<img src="{pdf.svg_data_uri(svg)}" style="width: 400px">'
    )
    (tmp / "chart.pdf").write_bytes(pdf.html_to_pdf(page))
    for old in tmp.glob("p*.pgm"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "24", str(tmp / "chart.pdf"), str(tmp / "p")], check=True
    )
    data = next(tmp.glob("p*.pgm")).read_bytes()
    pixels = data[data.index(b"255\n") + 4 :]
    return sum(1 for b in pixels if b > 200) / len(pixels)


def test_a_report_keeps_the_charts_light_whatever_the_readers_setting(tmp_path: Path) -> None:
    """The chart's own dark colours answer ``prefers-color-scheme``, which WeasyPrint never
    matches: a chart filling a whole PDF page comes out on white, as printed paper wants."""
    svg = charts.map_svg([charts.MapPoint("Maya", 62, 71, 83, 20)], title="Maya")
    assert _light_share(svg, tmp_path) > 0.6
    # The same rules outside their media query do reach WeasyPrint: the page goes dark.
    bare = svg.replace("@media (prefers-color-scheme: dark) {", "").replace("}</style>", "</style>")
    assert bare != svg
    assert _light_share(bare, tmp_path) < 0.1
