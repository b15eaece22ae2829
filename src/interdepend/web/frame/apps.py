from __future__ import annotations

from django.apps import AppConfig


class FrameConfig(AppConfig):
    name = "interdepend.web.frame"
    label = "frame"
    verbose_name = "Frame"

    def ready(self) -> None:
        from interdepend.web.frame import csrfmask

        csrfmask.install()
