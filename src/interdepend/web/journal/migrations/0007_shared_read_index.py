"""What a partner shared, read by an index of its own (the journal audit of 2026-12-03, L1)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0006_unnamed_practitioner_share"),
        ("partners", "0005_invitation_opened_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="entry",
            name="journal_ent_shared__5a0e1b_idx",
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                fields=["shared_partnership", "owner", "-created_at"],
                name="journal_ent_shared__f51836_idx",
            ),
        ),
    ]
