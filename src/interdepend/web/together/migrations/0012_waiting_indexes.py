"""Two indexes for the menu's count of what is waiting, read on every page (``home.selectors``):
the partner's bids still unanswered, and her own open promises whose day came, each counted from
the index alone rather than by reading every bid the partner ever sent, or every promise she
ever made, row by row (issue 15). Only indexes: no row changes."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_spentcode"),
        ("together", "0011_kept_words_rating"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="bid",
            index=models.Index(
                fields=["partnership", "owner", "answer"], name="together_bid_waiting"
            ),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["owner", "state", "due_on", "partnership"], name="together_promise_waiting"
            ),
        ),
    ]
