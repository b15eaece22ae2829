from __future__ import annotations

from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "interdepend.web.practice"
    label = "practice"

    def ready(self) -> None:
        # Connects the answers to the partners app's signals: a practitioner link between two
        # partners ends with their partnership, whatever page or command ends it.
        from interdepend.web.practice import services  # noqa: F401
