from __future__ import annotations

from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "interdepend.web.research"
    label = "research"
    verbose_name = "Research"
