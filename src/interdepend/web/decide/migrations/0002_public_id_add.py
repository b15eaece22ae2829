"""Public ids, step 1 of 3: an empty column for the opaque id of decisions."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("decide", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
    ]
