from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DatarightsConfig(AppConfig):
    name = "interdepend.web.datarights"
    label = "datarights"

    def ready(self) -> None:
        # A restored older copy is migrated next; then the erasures and safety resets made
        # after it was taken are done again (datarights/models.py).
        from interdepend.web.datarights.forgotten import replay_after_migrate

        post_migrate.connect(replay_after_migrate, sender=self)
