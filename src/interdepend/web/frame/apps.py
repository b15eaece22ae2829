from __future__ import annotations

from django.apps import AppConfig


class FrameConfig(AppConfig):
    name = "interdepend.web.frame"
    label = "frame"
    verbose_name = "Frame"
