"""Public ids, step 1 of 3: an empty column for the opaque id of client invitations and client links."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="clientinvitation",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
        migrations.AddField(
            model_name="clientlink",
            name="public_id",
            field=models.CharField(editable=False, max_length=22, null=True),
        ),
    ]
