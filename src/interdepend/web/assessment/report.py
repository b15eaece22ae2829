"""A person's result as a PDF report (see :mod:`interdepend.web.frame.pdf`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import sample_attempt, sample_person
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame import pdf
from interdepend.web.frame.pwa import is_plain
from interdepend.web.frame.warmup import worker_starting


def person_pdf(user: User, attempt: Attempt) -> bytes:
    """Her report, for her: under her plain look its title and footer name no app."""
    view = selectors.result_view(attempt, [attempt])
    drawn = selectors.result_map_svg(view.result, user.display_name)  # as on the page
    context = {
        "user": user,
        "view": view,
        "instrument": selectors.inventory_of(attempt),
        "screen": selectors.safety_screen(),
        "map": pdf.chart(drawn) if drawn else None,
        "today": timezone.now(),
        "help_lines": settings.SAFETY_HELP_LINES,
        "plain": is_plain(user),
    }
    return pdf.html_to_pdf(render_to_string("reports/person.html", context))


def sample_person_pdf() -> bytes:
    """The report of a made-up person, held in memory only: the worker makes one in each
    language as it starts (``frame.warmup``)."""
    person = sample_person(-1, "Ana")
    levels = {"self": 5, "bond": 6, "enmeshment": 4, "distance": 2}
    return person_pdf(person, sample_attempt(person, levels, finished=dt.date(2026, 1, 12)))


def _warm(**_: object) -> None:
    sample_person_pdf()


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-person-report")
