"""Responses several apps build the same way."""

from __future__ import annotations

from django.http import HttpResponse

#: A chart is an SVG image with its own policy: it loads nothing and styles only through
#: presentation attributes, so it needs no exception; scripts stay impossible (an SVG shown
#: through <img> never runs script anyway).
SVG_POLICY = "default-src 'none'"


def svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = SVG_POLICY
    return response


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
