from __future__ import annotations

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "interdepend.web.journal"
    label = "journal"
