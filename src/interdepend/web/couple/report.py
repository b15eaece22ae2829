"""The couple view as a PDF report, for the couple and for their practitioner (see
:mod:`interdepend.web.frame.pdf`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from interdepend.web.assessment.selectors import inventory
from interdepend.web.couple.demo import sample_couple_view
from interdepend.web.couple.selectors import CoupleView, couple_map_svg
from interdepend.web.frame import pdf
from interdepend.web.frame.warmup import worker_starting


def couple_pdf(view: CoupleView, *, plain: bool = False) -> bytes:
    """The report for whoever downloads it: ``plain`` (her plain look, or her practitioner's)
    leaves the app's name out of its title and footer.

    A file outlives the minutes her private pages are open, and its cover says it is for the
    two of them to talk over: after her answers about feeling safe raised a concern it stays
    the report anyone's is, practices for two included, as her couple view is once those
    minutes pass (a box saying a concern was raised, printed or left in her downloads, would
    tell him; the new-couple walk of 2026-12-04)."""
    drawn = couple_map_svg(view)  # the very chart the couple view shows
    context = {
        "view": view,
        "instrument": inventory(),
        "map": pdf.chart(drawn) if drawn else None,
        "today": timezone.now(),
        "plain": plain,
        "care": False,
    }
    return pdf.html_to_pdf(render_to_string("reports/couple.html", context))


def sample_couple_pdf() -> bytes:
    """The report of a made-up couple, held in memory only: the worker makes one in each
    language as it starts (``frame.warmup``)."""
    return couple_pdf(sample_couple_view())


def _warm(**_: object) -> None:
    sample_couple_pdf()


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-couple-report")
