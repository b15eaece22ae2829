from __future__ import annotations

from django.apps import AppConfig


class DecideConfig(AppConfig):
    name = "interdepend.web.decide"
    label = "decide"
    verbose_name = "Decide together"

    def ready(self) -> None:
        # Keeps each person's ratings of the decisions the other named for her download when
        # the partnership ends, whatever page or command ends it (decide.kept).
        from interdepend.web.decide import kept  # noqa: F401
