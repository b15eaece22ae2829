"""Every active link keeps its practitioner: only an ended one may lose it."""

from __future__ import annotations

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0006_practitioner_erased_keeps_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="clientlink",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_active", False), ("practitioner__isnull", False), _connector="OR"
                ),
                name="active_link_has_practitioner",
            ),
        ),
    ]
