"""PDF reports through WeasyPrint: the same charts and words as the pages, laid out for print.

A report is rendered from a Django template; the map is the same matplotlib SVG as on the page,
embedded as a data URI, so nothing is fetched while rendering.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from interdepend.charts import map_svg
from interdepend.web.assessment import selectors as assessment
from interdepend.web.assessment.models import Attempt

if TYPE_CHECKING:
    from interdepend.web.accounts.models import User
    from interdepend.web.couple.selectors import CoupleView


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it is heavy and only reports need it

    pdf: bytes = HTML(string=html, base_url="about:blank").write_pdf()
    return pdf


def person_pdf(user: User, attempt: Attempt) -> bytes:
    view = assessment.result_view(attempt, [attempt])
    point = assessment.map_point(view.result, user.display_name)
    context = {
        "user": user,
        "view": view,
        "instrument": assessment.inventory(),
        "screen": assessment.safety_screen(),
        "map": svg_data_uri(map_svg([point])) if point else None,
        "today": timezone.now(),
    }
    return html_to_pdf(render_to_string("reports/person.html", context))


def couple_pdf(view: CoupleView) -> bytes:
    points = [
        assessment.map_point(view.mine, view.me.display_name),
        assessment.map_point(view.theirs, view.partner.display_name),
    ]
    shown = [p for p in points if p is not None]
    context = {
        "view": view,
        "instrument": assessment.inventory(),
        "map": svg_data_uri(map_svg(shown)) if shown else None,
        "today": timezone.now(),
    }
    return html_to_pdf(render_to_string("reports/couple.html", context))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
