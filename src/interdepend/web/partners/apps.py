from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "interdepend.web.partners"
    label = "partners"
    verbose_name = "Partnerships"
