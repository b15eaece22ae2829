from __future__ import annotations

from django.apps import AppConfig


class CoupleConfig(AppConfig):
    name = "interdepend.web.couple"
    label = "couple"
    verbose_name = "Couple view"

    def ready(self) -> None:
        # Answers the partnership page's question of what comes next (partners.selectors).
        from interdepend.web.couple import selectors  # noqa: F401
