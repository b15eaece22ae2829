from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "interdepend.web.home"
    label = "home"
    verbose_name = "Home"

    def ready(self) -> None:
        # The menu's context processor is loaded by the first page Django draws; its warm-up
        # receiver must be connected before a worker's start sends ``worker_starting``.
        from interdepend.web.home import context  # noqa: F401
