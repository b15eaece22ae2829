"""Public ids, step 1 of 3: an empty column for the opaque id of goals, notes, promises, bids, boundaries, check-ins and circle people."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("together", "0002_reminder")]

    operations = [
        migrations.AddField(
            model_name="bid",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="boundary",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="checkin",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="circleperson",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="commitment",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="goal",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="goalnote",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
    ]
