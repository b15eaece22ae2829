"""An index for the bids page (``together.access.bid_lists``, ``together.selectors``): the
couple's bids in the order they were sent, so that the newest twelve answered ones, the months
newest first and one month's counts are read along it, where every bid the couple ever sent
was sorted on each view and each answer (issue 15's fourteenth pass). Only an index: no row
changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_spentcode"),
        ("together", "0012_waiting_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="bid",
            index=models.Index(fields=["partnership", "created_at"], name="together_bid_sent"),
        ),
    ]
