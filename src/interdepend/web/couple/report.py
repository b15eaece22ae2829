"""The couple view as a PDF report, for the couple and for their practitioner (see
:mod:`interdepend.web.frame.pdf`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from interdepend.charts import map_svg
from interdepend.web.assessment.selectors import inventory, map_point
from interdepend.web.couple.selectors import CoupleView
from interdepend.web.frame import pdf


def couple_pdf(view: CoupleView) -> bytes:
    points = [
        map_point(view.mine, view.me.display_name),
        map_point(view.theirs, view.partner.display_name),
    ]
    shown = [p for p in points if p is not None]
    context = {
        "view": view,
        "instrument": inventory(),
        "map": pdf.svg_data_uri(map_svg(shown)) if shown else None,
        "today": timezone.now(),
    }
    return pdf.html_to_pdf(render_to_string("reports/couple.html", context))
