"""Each person's own words from a partnership that has ended, kept for her download (the
data-rights audit of 2026-12-03): see together.kept. Filled for earlier ends by 0009."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import interdepend.web.frame.publicid


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_public_id_constrain"),
        ("together", "0007_boundary_event_declined"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="KeptWords",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "public_id",
                    models.CharField(
                        default=interdepend.web.frame.publicid.new_public_id,
                        editable=False,
                        max_length=22,
                        unique=True,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("shared_goal", "a shared goal you made"),
                            ("goal_note", "a step you noted on a shared goal"),
                            ("bid_answer", "your answer when your partner reached out"),
                            ("wording", "words you suggested for your partner's boundary"),
                        ],
                        max_length=12,
                    ),
                ),
                ("text", models.TextField(blank=True, default="")),
                ("detail", models.TextField(blank=True, default="")),
                ("written_at", models.DateTimeField(blank=True, null=True)),
                ("ended_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.partnership",
                    ),
                ),
            ],
        ),
    ]
