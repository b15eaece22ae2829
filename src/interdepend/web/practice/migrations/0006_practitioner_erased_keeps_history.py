"""A practitioner's erasure keeps the client's record of what she shared, under a label."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0005_journal_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientlink",
            name="practitioner_label",
            field=models.CharField(blank=True, default="", max_length=160),
        ),
        migrations.AlterField(
            model_name="clientlink",
            name="practitioner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="client_links",
                to="practice.practitioner",
            ),
        ),
    ]
