from __future__ import annotations

from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "interdepend.web.together"
    label = "together"
    verbose_name = "Together"

    def ready(self) -> None:
        # Keeps each person's own words of a partnership for her download when it ends,
        # whatever page or command ends it (together.kept). The weekly reminder e-mail goes on
        # her Monday, in her zone: while it is on, another zone asks for her password (the
        # phone audit of 2026-12-04, L5).
        from interdepend.web.accounts.zones import TIMED_BY_ZONE
        from interdepend.web.together import kept  # noqa: F401
        from interdepend.web.together.reminders import reminder_is_on

        if reminder_is_on not in TIMED_BY_ZONE:
            TIMED_BY_ZONE.append(reminder_is_on)
