"""Two indexes for the bids page and the answer to a bid (``together.access.bid_lists``,
``together.selectors``): the couple's bids in the order they were sent now hold their id and
their answer too, so that the months newest first and one month's counts are read from the index
alone; and the bids still waiting have an index of their own, so that the lists' first part no
longer goes through every bid the couple ever sent (issue 15's twenty-sixth pass). Only
indexes: no row changes."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_spentcode"),
        ("together", "0014_goal_note_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="bid",
            name="together_bid_sent",
        ),
        migrations.AddIndex(
            model_name="bid",
            index=models.Index(
                fields=["partnership", "created_at", "id", "answer"], name="together_bid_sent"
            ),
        ),
        migrations.AddIndex(
            model_name="bid",
            index=models.Index(
                condition=models.Q(("answer", "")),
                fields=["partnership", "created_at"],
                name="together_bid_unanswered",
            ),
        ),
    ]
