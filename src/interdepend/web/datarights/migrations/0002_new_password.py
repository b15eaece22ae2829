"""New passwords, kept so that a restore does them again (the upgrade audit of 2026-12-05), in
a table of their own that an older release never reads."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("datarights", "0001_forgotten"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewPassword",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("record", models.CharField(max_length=32, unique=True)),
                ("user_number", models.BigIntegerField()),
                ("joined", models.DateTimeField()),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
    ]
