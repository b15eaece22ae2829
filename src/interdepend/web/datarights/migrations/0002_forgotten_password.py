"""A new password is kept too, so that a restore does it again (the upgrade audit of
2026-12-05): only the kind's choices and length change, no row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("datarights", "0001_forgotten"),
    ]

    operations = [
        migrations.AlterField(
            model_name="forgotten",
            name="kind",
            field=models.CharField(
                choices=[("erase", "erase"), ("reset", "reset"), ("password", "password")],
                max_length=8,
            ),
        ),
    ]
