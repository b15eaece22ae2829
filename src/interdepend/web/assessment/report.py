"""A person's result as a PDF report (see :mod:`interdepend.web.frame.pdf`)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame import pdf


def person_pdf(user: User, attempt: Attempt) -> bytes:
    view = selectors.result_view(attempt, [attempt])
    drawn = selectors.result_map_svg(view.result, user.display_name)  # as on the page
    context = {
        "user": user,
        "view": view,
        "instrument": selectors.answered_inventory(attempt),
        "screen": selectors.safety_screen(),
        "map": pdf.svg_data_uri(drawn) if drawn else None,
        "today": timezone.now(),
        "help_lines": settings.SAFETY_HELP_LINES,
    }
    return pdf.html_to_pdf(render_to_string("reports/person.html", context))
