"""The journal scope: a person may let one practitioner read the entries shared with them."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practice", "0004_public_id_constrain")]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="scope",
            field=models.CharField(
                choices=[
                    ("results", "results"),
                    ("couple", "couple"),
                    ("trends", "trends"),
                    ("journal", "journal"),
                ],
                max_length=10,
            ),
        ),
    ]
