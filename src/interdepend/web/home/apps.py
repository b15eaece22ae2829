from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "interdepend.web.home"
    label = "home"
    verbose_name = "Home"
