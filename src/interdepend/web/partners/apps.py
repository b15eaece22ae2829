from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "interdepend.web.partners"
    label = "partners"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        # Connects the answer to the accounts app's signal: a new password that shuts out
        # whoever knew the old one withdraws the invitations made in the person's name.
        from interdepend.web.partners import services  # noqa: F401
