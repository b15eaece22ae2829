"""Sharing an entry names the practitioner: one row per entry and client link.

Nothing is filled here on purpose: entries flagged "for my practitioner" before this get no
share, so no practitioner reads them through the new rule (see 0006 and docs/journal.md).
"""

from __future__ import annotations

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0004_public_id_constrain"),
        ("practice", "0005_journal_scope"),
    ]

    operations = [
        migrations.CreateModel(
            name="PractitionerShare",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shared_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="practitioner_shares",
                        to="journal.entry",
                    ),
                ),
                (
                    "link",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="practice.clientlink",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("entry", "link"), name="journal_share_once_per_link"
                    )
                ],
            },
        ),
    ]
