"""Django's ``i18n`` library with a remembering ``translate`` (see :mod:`.fasttags`)."""

from __future__ import annotations

from interdepend.web.frame.templatetags.fasttags import i18n as register

__all__ = ["register"]
