"""PDF reports through WeasyPrint: the same charts and words as the pages, laid out for print.

A report is rendered from a Django template (``templates/reports/``); a chart is the same
SVG chart as on the page, embedded as a data URI, so nothing is fetched while rendering.
Each app builds its own report from these: ``assessment.report`` (a person's result) and
``couple.report`` (the couple view). Each passes ``plain`` to its template, from the look of
whoever downloads it (``frame.pwa.is_plain``): under the plain look the PDF's title (which a
viewer shows as the document's name) and its footer name no app, as its file name does not.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from dataclasses import dataclass

#: How a chart is drawn in a report, in millimetres wide (``img.map`` in ``reports/base.html``).
CHART_MM = 120.0
#: Where DejaVu Sans's baseline sits in a line one em tall, from its top, in ems: its ascent
#: (0.928) less half of what its ascent and descent (1.164) exceed the line by.
_BASELINE_EM = 0.846

_SIZE = re.compile(r'<svg\b[^>]*?\bviewBox="0 0 ([0-9.]+) ([0-9.]+)"')
_TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
_ATTRIBUTE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class ChartWords:
    """One line of a chart's text set over its image as the report's own text: ``style`` is
    made here of numbers and colours only, ``text`` is the person's words (escaped where
    shown)."""

    style: str
    text: str


@dataclass(frozen=True)
class Chart:
    """A chart for a report: its image, and the lines of text the PDF maker's SVG cannot draw
    as a browser does (:func:`chart`)."""

    src: str
    words: tuple[ChartWords, ...] = ()


def chart(svg: str) -> Chart:
    """The page's chart for a report. WeasyPrint draws an SVG's text one character at a time,
    left to right: a name in Hebrew came out backwards and one in Arabic backwards and with
    its letters apart, emoji made of several characters fell apart, and accents typed as
    characters of their own stood beside their letter, while the page (a browser) showed them
    whole. Each line holding such text leaves the image and is set at its place over it as
    the report's own text, which is laid out as the page's is; every other line stays in the
    image, as on the page."""
    size = _SIZE.search(svg)
    if size is None:
        return Chart(svg_data_uri(svg))
    width = float(size.group(1))
    mm = CHART_MM / width
    words: list[ChartWords] = []

    def moved(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        text = html.unescape(match.group(2))
        if "transform" in attributes or not _drawn_apart(text):
            return match.group(0)
        words.append(ChartWords(_style(attributes, mm), text))
        return ""

    return Chart(svg_data_uri(_TEXT.sub(moved, svg)), tuple(words))


def _drawn_apart(text: str) -> bool:
    """Whether drawing ``text`` a character at a time changes it: right-to-left letters,
    combining marks, joiners and other format characters, variation selectors, skin tones and
    the letters that make a flag by pairs."""
    return any(
        unicodedata.bidirectional(c) in ("R", "AL", "AN", "NSM")
        or unicodedata.category(c) in ("Mn", "Mc", "Me", "Cf")
        or "\ufe00" <= c <= "\ufe0f"
        or "\U0001f1e6" <= c <= "\U0001f1ff"
        or "\U0001f3fb" <= c <= "\U0001f3ff"
        for c in text
    )


def _style(attributes: dict[str, str], mm: float) -> str:
    """Where a line of an SVG chart goes over the image, from its own attributes: the same
    baseline, anchor, size, weight and colour."""
    x, y = float(attributes.get("x", 0)), float(attributes.get("y", 0))
    size = float(attributes.get("font-size", 16))
    top = (y - _BASELINE_EM * size) * mm
    anchor = attributes.get("text-anchor", "start")
    if anchor == "end":
        across = f"right: {CHART_MM - x * mm:.2f}mm"
    elif anchor == "middle":
        across = f"left: {x * mm - CHART_MM:.2f}mm; width: {2 * CHART_MM:.2f}mm; text-align: center"
    else:
        across = f"left: {x * mm:.2f}mm"
    colour = attributes.get("fill", "#1f2328")
    if not re.fullmatch(r"#[0-9a-fA-F]{3,8}", colour):
        colour = "#1f2328"
    weight = "bold" if attributes.get("font-weight") == "bold" else "normal"
    return (
        f"top: {top:.2f}mm; {across}; font-size: {size * mm:.2f}mm; "
        f"font-weight: {weight}; color: {colour}"
    )


def html_to_pdf(html: str) -> bytes:
    """The report as PDF. Its fetcher takes ``data:`` addresses only: a report holds its charts
    as data URIs and needs nothing else, so nothing in it (a person's text among the rest) can
    make the server fetch an address, on the internet or inside its own network.

    The PDF is tagged: its headings, lists and tables carry their structure, and a chart its
    text alternative (the ``alt`` of its image), so a screen reader reads the file as it reads
    the page (the desktop walk of 2026-12-02 found both reports untagged)."""
    from weasyprint import HTML  # imported late: it is heavy and only reports need it
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    pdf: bytes = HTML(string=html, base_url="about:blank", url_fetcher=fetcher).write_pdf(
        pdf_tags=True
    )
    return pdf
