"""The same chart in the page and in the PDF: each report embeds the very SVG its page shows."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

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
    assert "your own self" in _text(report.content), "the chart's words are drawn in the PDF"


def test_the_personal_report_embeds_the_map_the_result_page_shows(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_user(personas.alice)
    embedded = _embedded(monkeypatch)
    attempt = personas.finished_attempt_id
    client.get(reverse("assessment:report", args=[attempt]))
    page = client.get(reverse("assessment:map", args=[attempt]))
    assert embedded == [page.content.decode()]
