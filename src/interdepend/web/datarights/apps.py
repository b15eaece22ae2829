from __future__ import annotations

from django.apps import AppConfig


class DatarightsConfig(AppConfig):
    name = "interdepend.web.datarights"
    label = "datarights"
