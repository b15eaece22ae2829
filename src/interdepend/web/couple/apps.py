from __future__ import annotations

from django.apps import AppConfig


class CoupleConfig(AppConfig):
    name = "interdepend.web.couple"
    label = "couple"
    verbose_name = "Couple view"
