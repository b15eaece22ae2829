from __future__ import annotations

from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "interdepend.web.daily"
    label = "daily"
    verbose_name = "A question for today"
