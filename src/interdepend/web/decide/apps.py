from __future__ import annotations

from django.apps import AppConfig


class DecideConfig(AppConfig):
    name = "interdepend.web.decide"
    label = "decide"
    verbose_name = "Decide together"
