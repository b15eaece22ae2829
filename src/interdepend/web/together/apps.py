from __future__ import annotations

from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "interdepend.web.together"
    label = "together"
    verbose_name = "Together"
