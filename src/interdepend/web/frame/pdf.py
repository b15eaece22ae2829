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


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


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
