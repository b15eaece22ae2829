from __future__ import annotations

from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "interdepend.web.daily"
    label = "daily"
    verbose_name = "A question for today"

    def ready(self) -> None:
        # Draws the steps of talking it through in every language as a worker starts.
        from interdepend.web.daily import conversation  # noqa: F401

        # Makes the fixed addresses today's page writes as a worker starts.
        from interdepend.web.daily.templatetags import pastdays  # noqa: F401
