from __future__ import annotations

from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "interdepend.web.together"
    label = "together"
    verbose_name = "Together"

    def ready(self) -> None:
        # Keeps each person's own words of a partnership for her download when it ends,
        # whatever page or command ends it (together.kept).
        from interdepend.web.together import kept  # noqa: F401
