"""Who named a decision, so it is in their download and goes with their account (the
data-rights audit of 2026-12-03). A decision named before this has none: nobody can tell."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decide", "0004_public_id_constrain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="author",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="decisions_named",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
