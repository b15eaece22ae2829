"""Two indexes for Trends' goal notes of the last half-year (``together.selectors``): her notes
on her own goals by her, then no partnership, then when each was noted; the couple's on shared
goals by the partnership, then when each was noted. Each read finds the half-year's notes from
its first day, where every note she or the couple ever made was read and the older ones left
out. Only indexes: no row changes."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_spentcode"),
        ("together", "0013_bid_sent_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="goalnote",
            index=models.Index(
                fields=["owner", "partnership", "created_at"], name="goalnote_own_noted"
            ),
        ),
        migrations.AddIndex(
            model_name="goalnote",
            index=models.Index(fields=["partnership", "created_at"], name="goalnote_shared_noted"),
        ),
    ]
