"""Public ids, step 1 of 3: an empty column for the opaque id of journal entries."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
    ]
