from __future__ import annotations

from django.apps import AppConfig


class FrameConfig(AppConfig):
    name = "interdepend.web.frame"
    label = "frame"
    verbose_name = "Frame"

    def ready(self) -> None:
        from django.core import checks

        from interdepend.web.frame import csrfmask
        from interdepend.web.frame.checks import TAGS, csrf_protected

        csrfmask.install()
        checks.register(csrf_protected, *TAGS)
