from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DatarightsConfig(AppConfig):
    name = "interdepend.web.datarights"
    label = "datarights"

    def ready(self) -> None:
        # A restored older copy is migrated next; then the erasures and safety resets made
        # after it was taken are done again (datarights/models.py).
        from interdepend.web.accounts.models import password_replaced
        from interdepend.web.datarights.forgotten import password_kept, replay_after_migrate

        post_migrate.connect(replay_after_migrate, sender=self)
        # A new password is kept for a restore to do again, whichever way it was set.
        password_replaced.connect(password_kept, dispatch_uid="interdepend-datarights-password")
